//! Every seed, limit and foreign program id, in one place. `sdk/src/pdas.ts` mirrors the
//! seeds byte for byte (tests/pdas.test.ts proves it).

use pinocchio::Address;

/// This program's id for localnet/devnet (`programs/hexpin/keys/hexpin-keypair.json`).
pub const PROGRAM_ID: Address = Address::new_from_array(crate::id_bytes::PROGRAM_ID);

pub const NETWORK_SEED: &[u8] = b"network";
pub const REWARD_MINT_SEED: &[u8] = b"reward_mint";
pub const REWARDS_VAULT_SEED: &[u8] = b"rewards_vault";
pub const MAKER_SEED: &[u8] = b"maker";
pub const HOTSPOT_SEED: &[u8] = b"hotspot";
pub const EPOCH_SEED: &[u8] = b"epoch";

/// Domain prefix of the message a hotspot's hardware key signs to be onboarded:
/// `ONBOARD_DOMAIN ‖ network ‖ maker ‖ owner ‖ hardware_key` (32 bytes each)
/// `‖ location u64 LE ‖ gain_dbi10 i16 LE ‖ elevation_m i32 LE`: the device consents to
/// everything the maker sets, so a maker cannot place a consenting device elsewhere.
pub const ONBOARD_DOMAIN: &[u8] = b"hexpin:onboard_hotspot:v1";
pub const ONBOARD_MESSAGE_LEN: usize = 25 + 4 * 32 + 8 + 2 + 4;

pub const MAX_EMISSION_STEPS: usize = 8;
pub const MAX_ORACLES: usize = 8;
pub const MAX_MAKER_NAME_LEN: usize = 32;
/// One minute; shorter epochs would make the crank the bottleneck.
pub const MIN_EPOCH_LENGTH_SECS: i64 = 60;
/// A leap year; bounds `genesis + n × length` far from overflow for any reachable `n`.
pub const MAX_EPOCH_LENGTH_SECS: i64 = 366 * 86_400;
/// Location cooldown bound: ten years.
pub const MAX_LOCATION_COOLDOWN_SECS: i64 = 10 * 365 * 86_400;
/// Longest Merkle proof a claim accepts: 2^32 leaves is far beyond any network.
pub const MAX_PROOF_LEN: usize = 32;
/// `Network.paused` bits.
pub const PAUSE_ONBOARDING: u8 = 1 << 0;
pub const PAUSE_CLAIMS: u8 = 1 << 1;
pub const PAUSE_ALL: u8 = PAUSE_ONBOARDING | PAUSE_CLAIMS;
pub const MAX_DECIMALS: u8 = 9;
/// Antenna gain bounds in tenths of dBi (Helium accepts 0.1–15 dBi for IoT hotspots).
pub const MIN_GAIN_DBI10: i16 = 0;
pub const MAX_GAIN_DBI10: i16 = 150;
/// Antenna elevation bounds in metres above ground.
pub const MIN_ELEVATION_M: i32 = -500;
pub const MAX_ELEVATION_M: i32 = 10_000;
/// Hotspot locations are asserted as H3 cells at this resolution.
pub const LOCATION_RESOLUTION: u8 = 12;

pub const SYSTEM_PROGRAM_ID: Address = Address::new_from_array([0; 32]);
/// TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA
pub const TOKEN_PROGRAM_ID: Address = Address::new_from_array([
    6, 221, 246, 225, 215, 101, 161, 147, 217, 203, 225, 70, 206, 235, 121, 172, 28, 180, 133, 237,
    95, 91, 55, 145, 58, 140, 245, 133, 126, 255, 0, 169,
]);
/// Ed25519SigVerify111111111111111111111111111
pub const ED25519_PROGRAM_ID: Address = Address::new_from_array([
    3, 125, 70, 214, 124, 147, 251, 190, 18, 249, 66, 143, 131, 141, 64, 255, 5, 112, 116, 73, 39,
    244, 138, 100, 252, 202, 112, 68, 128, 0, 0, 0,
]);
/// The first bytes every `Sysvar…` address shares (clock, rent, instructions, …).
pub const SYSVAR_PREFIX: [u8; 4] = [6, 167, 213, 23];
/// Sysvar1nstructions1111111111111111111111111
pub const INSTRUCTIONS_SYSVAR_ID: Address = Address::new_from_array([
    6, 167, 213, 23, 24, 123, 209, 102, 53, 218, 212, 4, 85, 253, 194, 192, 193, 36, 198, 143, 33,
    86, 117, 165, 219, 186, 203, 95, 8, 0, 0, 0,
]);

/// ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL
pub const ASSOCIATED_TOKEN_PROGRAM_ID: Address = Address::new_from_array([
    140, 151, 37, 143, 78, 36, 137, 241, 187, 61, 16, 41, 20, 142, 13, 131, 11, 90, 19, 153, 218,
    255, 16, 132, 4, 142, 123, 216, 219, 233, 248, 89,
]);

/// Sysvar1111111111111111111111111111111111111: the owner of every sysvar account.
pub const SYSVAR_OWNER_ID: Address = Address::new_from_array([
    6, 167, 213, 23, 24, 117, 247, 41, 199, 61, 147, 64, 143, 33, 97, 32, 6, 126, 216, 140, 118,
    224, 140, 40, 127, 193, 148, 96, 0, 0, 0, 0,
]);
