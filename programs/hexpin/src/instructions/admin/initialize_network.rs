//! `initialize_network`: creates a network, its reward mint and its rewards vault.
//!
//! Accounts: `creator` (signer, writable, pays; becomes the authority), `network`
//! (writable, PDA `["network", creator]`), `reward_mint` (writable, PDA
//! `["reward_mint", network]`), `rewards_vault` (writable, PDA `["rewards_vault",
//! network]`), `system_program`, `token_program` (SPL Token).
//!
//! Preconditions: the three PDAs do not exist; epoch length 60 s – 366 days; 1–8 emission steps
//! starting at epoch 0 with strictly increasing starts; 1–8 unique non-zero oracles with
//! 1 ≤ quorum ≤ count; decimals ≤ 9; a location cooldown of 0 – ten years; a max supply
//! > 0; a fee recipient that is neither the zero key nor a sysvar (`update_network` checks
//! a new recipient's account fully).
//! Effects: the mint exists with the network PDA as mint authority and no freeze
//! authority; the vault is a token account of that mint owned by the network PDA; epoch 0
//! starts now. Emits `NetworkInitialized`.

use crate::accounts::{canonical_pda, create_pda, NewPda, program, signer, writable};
use crate::codec::Reader;
use crate::constants::*;
use crate::error::{HexpinError, Result};
use crate::events::{Event, NetworkInitialized};
use crate::state::network::{validate_epoch_length, validate_location_cooldown, validate_oracles, validate_schedule, EmissionStep};
use crate::state::{AccountState, Network, Pubkey};
use pinocchio::cpi::Seed;
use pinocchio::sysvars::{clock::Clock, Sysvar};
use crate::instructions::Ix;
use pinocchio::{Address, ProgramResult};

const MINT_LEN: usize = 82;
const TOKEN_ACCOUNT_LEN: usize = 165;

pub struct InitializeNetworkArgs {
    pub epoch_length_secs: i64,
    pub decimals: u8,
    pub emission_step_count: u8,
    pub emission_schedule: [EmissionStep; MAX_EMISSION_STEPS],
    pub oracle_count: u8,
    pub oracles: [Pubkey; MAX_ORACLES],
    pub oracle_quorum: u8,
    pub onboard_fee_lamports: u64,
    pub location_fee_lamports: u64,
    pub location_cooldown_secs: i64,
    pub max_supply: u64,
    pub fee_recipient: Pubkey,
}

impl InitializeNetworkArgs {
    /// Borsh: `i64, u8, Vec<EmissionStep>, Vec<Pubkey>, u8, u64, u64, i64, u64, Pubkey`.
    pub fn decode(data: &[u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        let epoch_length_secs = r.i64()?;
        let decimals = r.u8()?;
        let steps = r.u32()? as usize;
        if steps > MAX_EMISSION_STEPS {
            return Err(HexpinError::InvalidEmissionSchedule.into());
        }
        let mut emission_schedule = [EmissionStep::default(); MAX_EMISSION_STEPS];
        for s in emission_schedule.iter_mut().take(steps) {
            s.start_epoch = r.u64()?;
            s.amount_per_epoch = r.u64()?;
        }
        let oracle_count = r.u32()? as usize;
        if oracle_count > MAX_ORACLES {
            return Err(HexpinError::InvalidOracleSet.into());
        }
        let mut oracles = [[0u8; 32]; MAX_ORACLES];
        for o in oracles.iter_mut().take(oracle_count) {
            *o = r.pubkey()?;
        }
        let args = Self {
            epoch_length_secs,
            decimals,
            emission_step_count: steps as u8,
            emission_schedule,
            oracle_count: oracle_count as u8,
            oracles,
            oracle_quorum: r.u8()?,
            onboard_fee_lamports: r.u64()?,
            location_fee_lamports: r.u64()?,
            location_cooldown_secs: r.i64()?,
            max_supply: r.u64()?,
            fee_recipient: r.pubkey()?,
        };
        r.finish()?;
        Ok(args)
    }

    fn validate(&self) -> Result<()> {
        validate_epoch_length(self.epoch_length_secs)?;
        validate_location_cooldown(self.location_cooldown_secs)?;
        if self.max_supply == 0 {
            return Err(HexpinError::InvalidMaxSupply.into());
        }
        if self.decimals > MAX_DECIMALS {
            return Err(HexpinError::InvalidDecimals.into());
        }
        validate_schedule(&self.emission_schedule, self.emission_step_count)?;
        validate_oracles(&self.oracles, self.oracle_count, self.oracle_quorum)?;
        // Fees are paid by a system transfer into this account, so it must be an account a
        // transaction can write: not the System Program (the zero key) nor a sysvar. The
        // account itself is not passed here; `update_network` can replace a poor choice.
        if self.fee_recipient == [0u8; 32] || self.fee_recipient.starts_with(&SYSVAR_PREFIX) {
            return Err(HexpinError::InvalidFeeRecipient.into());
        }
        Ok(())
    }
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [creator, network, mint, vault, system_program, token_program, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    signer(creator)?;
    writable(creator)?;
    writable(network)?;
    writable(mint)?;
    writable(vault)?;
    program(system_program, &SYSTEM_PROGRAM_ID)?;
    program(token_program, &TOKEN_PROGRAM_ID)?;
    let args = InitializeNetworkArgs::decode(data)?;
    args.validate()?;

    let creator_key = *creator.address();
    let network_key = *network.address();
    let bump = canonical_pda(network, &[NETWORK_SEED, creator_key.as_ref()], program_id)?;
    let mint_bump = canonical_pda(mint, &[REWARD_MINT_SEED, network_key.as_ref()], program_id)?;
    let vault_bump = canonical_pda(vault, &[REWARDS_VAULT_SEED, network_key.as_ref()], program_id)?;

    let b = [bump];
    let network_seeds = [Seed::from(NETWORK_SEED), Seed::from(creator_key.as_ref()), Seed::from(&b)];
    create_pda(&NewPda { payer: creator, target: network, space: Network::LEN, owner: program_id, signer_seeds: &network_seeds })?;
    let mb = [mint_bump];
    let mint_seeds = [Seed::from(REWARD_MINT_SEED), Seed::from(network_key.as_ref()), Seed::from(&mb)];
    create_pda(&NewPda { payer: creator, target: mint, space: MINT_LEN, owner: &TOKEN_PROGRAM_ID, signer_seeds: &mint_seeds })?;
    let vb = [vault_bump];
    let vault_seeds = [Seed::from(REWARDS_VAULT_SEED), Seed::from(network_key.as_ref()), Seed::from(&vb)];
    create_pda(&NewPda { payer: creator, target: vault, space: TOKEN_ACCOUNT_LEN, owner: &TOKEN_PROGRAM_ID, signer_seeds: &vault_seeds })?;

    pinocchio_token::instructions::InitializeMint2::new(mint, args.decimals, &network_key, None)
        .invoke()?;
    pinocchio_token::instructions::InitializeAccount3::new(vault, mint, &network_key).invoke()?;

    let now = Clock::get()?.unix_timestamp;
    let state = Network {
        version: 0,
        bump,
        mint_bump,
        vault_bump,
        creator: creator_key.to_bytes(),
        authority: creator_key.to_bytes(),
        pending_authority: [0; 32],
        reward_mint: mint.address().to_bytes(),
        rewards_vault: vault.address().to_bytes(),
        fee_recipient: args.fee_recipient,
        decimals: args.decimals,
        paused: 0,
        epoch_length_secs: args.epoch_length_secs,
        genesis_ts: now,
        current_epoch: 0,
        total_emitted: 0,
        max_supply: args.max_supply,
        emission_step_count: args.emission_step_count,
        emission_schedule: args.emission_schedule,
        oracle_count: args.oracle_count,
        oracle_quorum: args.oracle_quorum,
        oracle_config_version: 0,
        oracles: args.oracles,
        onboard_fee_lamports: args.onboard_fee_lamports,
        location_fee_lamports: args.location_fee_lamports,
        location_cooldown_secs: args.location_cooldown_secs,
        maker_count: 0,
        hotspot_count: 0,
        active_hotspot_count: 0,
        root_active: false,
        active_root_epoch: 0,
        active_root: [0; 32],
        active_input_digest: [0; 32],
        active_total_cumulative: 0,
        total_claimed: 0,
    };
    state.invariant()?;
    state.store(network)?;

    NetworkInitialized {
        network: network_key.to_bytes(),
        authority: state.authority,
        reward_mint: state.reward_mint,
        rewards_vault: state.rewards_vault,
        epoch_length_secs: state.epoch_length_secs,
        genesis_ts: now,
    }
    .emit()
}
