// What to do about each failure: a hint per hexpin program error (by name) and per client
// error kind. The CLI prints "<what happened>. <hint>" — one sentence each.
export const PROGRAM_ERROR_HINTS: Record<string, string> = {
  Unauthorized: "Run it with the network authority's keypair (-k).",
  NetworkMismatch: "Check --network: the account belongs to another network.",
  InvalidEpochLength: "Pass --epoch-secs of at least 60.",
  InvalidEmissionSchedule: "Give 1 to 8 steps, the first starting at epoch 0.",
  InvalidOracleSet: "Pass 1 to 8 distinct --oracles and a --quorum between 1 and their count.",
  InvalidMakerName: "Use a maker name of 1 to 32 bytes.",
  MakerNotApproved: "Ask the network authority to run `hexpin maker approve <maker>`.",
  IssuingKeyMismatch: "Sign with the maker's issuing keypair (--issuing-keypair).",
  HotspotAlreadyOnboarded: "This hardware key is already on the network: see `hexpin hotspot show <hardware-key>`.",
  InvalidLocation: "Give an H3 resolution-12 cell or `lat,lng` for --location.",
  InvalidGain: "Antenna gain must be between 0 and 15 dBi (--gain).",
  InvalidElevation: "Elevation must be between -500 and 10000 m (--elevation).",
  Ed25519KeyMismatch: "The consent must be signed by the device's own hardware key.",
  Ed25519MessageMismatch: "The device signed a different onboarding (network, maker, owner or parameters): sign the consent again.",
  EpochNotEnded: "Wait until the epoch's end (`hexpin epoch show`) before advancing it.",
  AccountAlreadyInitialized: "It already exists: use the `show` command to see it.",
  InvalidDecimals: "Pass --decimals between 0 and 9.",
  InvalidFeeRecipient: "Pass a wallet address for --fee-recipient.",
  WrongFeeRecipient: "The network's fee recipient changed: retry.",
};

export const CLIENT_ERROR_HINTS: Record<string, string> = {
  "cluster-unreachable": "Check -u/--url (is `npm run localnet` running for localnet?).",
  "insufficient-funds": "Fund it (on devnet: `solana airdrop 2 <address> -u devnet`) and retry.",
  "keypair-not-found": "",
  "keypair-invalid": "Pass a file written by `solana-keygen new` or `hexpin hotspot keygen`.",
  "network-not-found": "Pass --network <address>, or initialize one with `hexpin network init`.",
  "hotspot-not-found": "Check the hardware key and --network; `hexpin hotspot list` shows the onboarded ones.",
  "maker-not-found": "Register it with `hexpin maker register`, or check --network.",
  "epoch-not-found": "Only closed epochs have accounts: `hexpin epoch advance` closes the current one once it has ended.",
  "transaction-expired": "Nothing was executed: retry, perhaps with --priority-fee.",
  "account-mismatch": "Check the address and --network.",
};
