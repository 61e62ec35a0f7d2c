//! State codecs round-trip and emission/epoch arithmetic behaves at the edges.

use hexpin::codec::{Reader, Writer};
use hexpin::state::epoch::RootProposal;
use hexpin::state::network::{validate_oracles, validate_schedule, EmissionStep};
use hexpin::state::{AccountState, Epoch, Hotspot, Network};

fn network() -> Network {
    let mut schedule = [EmissionStep::default(); 8];
    schedule[0] = EmissionStep { start_epoch: 0, amount_per_epoch: 1_000 };
    schedule[1] = EmissionStep { start_epoch: 10, amount_per_epoch: 500 };
    let mut oracles = [[0u8; 32]; 8];
    oracles[0] = [1; 32];
    Network {
        version: 0, bump: 255, mint_bump: 254, vault_bump: 253,
        creator: [2; 32], authority: [3; 32], pending_authority: [11; 32], reward_mint: [4; 32], rewards_vault: [5; 32],
        fee_recipient: [6; 32], decimals: 6, paused: 2, epoch_length_secs: 86_400, genesis_ts: 1_700_000_000,
        current_epoch: 3, total_emitted: 3_000, max_supply: 1_000_000, emission_step_count: 2,
        emission_schedule: schedule, oracle_count: 1, oracle_quorum: 1, oracle_config_version: 4, oracles,
        onboard_fee_lamports: 7, location_fee_lamports: 8, location_cooldown_secs: 3_600, maker_count: 9,
        hotspot_count: 10, active_hotspot_count: 9, root_active: true, active_root_epoch: 2, active_root: [12; 32],
        active_input_digest: [13; 32], active_total_cumulative: 2_500, total_claimed: 1_200,
    }
}

#[test]
fn network_round_trips_through_its_codec() {
    let n = network();
    let mut buf = vec![0u8; Network::LEN];
    let mut w = Writer::new(&mut buf);
    w.put(&Network::DISCRIMINATOR).unwrap();
    n.encode(&mut w).unwrap();
    assert_eq!(w.position(), Network::LEN - 64, "only the reserved tail is left");
    let back = Network::decode(&mut Reader::new(&buf[8..])).unwrap();
    assert_eq!(back, n);
}

#[test]
fn emission_follows_the_last_step_started() {
    let n = network();
    assert_eq!(n.emission_for(0), 1_000);
    assert_eq!(n.emission_for(9), 1_000);
    assert_eq!(n.emission_for(10), 500);
    assert_eq!(n.emission_for(u64::MAX), 500);
}

#[test]
fn epoch_end_is_genesis_plus_whole_epochs_and_overflow_is_an_error() {
    let n = network();
    assert_eq!(n.epoch_end_ts(0).unwrap(), 1_700_000_000 + 86_400);
    assert_eq!(n.epoch_end_ts(2).unwrap(), 1_700_000_000 + 3 * 86_400);
    assert!(n.epoch_end_ts(u64::MAX).is_err());
    assert!(n.epoch_end_ts(u64::MAX / 86_400).is_err());
}

#[test]
fn schedules_must_start_at_zero_and_strictly_increase() {
    let mut s = [EmissionStep::default(); 8];
    assert!(validate_schedule(&s, 1).is_ok());
    assert!(validate_schedule(&s, 0).is_err());
    s[0].start_epoch = 1;
    assert!(validate_schedule(&s, 1).is_err());
    s[0].start_epoch = 0;
    s[1].start_epoch = 0;
    assert!(validate_schedule(&s, 2).is_err());
    s[1].start_epoch = 5;
    assert!(validate_schedule(&s, 2).is_ok());
    assert!(validate_schedule(&s, 9).is_err());
}

#[test]
fn oracle_sets_need_unique_nonzero_keys_and_a_reachable_quorum() {
    let mut o = [[0u8; 32]; 8];
    o[0] = [1; 32];
    o[1] = [2; 32];
    assert!(validate_oracles(&o, 2, 2).is_ok());
    assert!(validate_oracles(&o, 2, 3).is_err());
    assert!(validate_oracles(&o, 2, 0).is_err());
    assert!(validate_oracles(&o, 3, 1).is_err(), "zero key");
    o[1] = [1; 32];
    assert!(validate_oracles(&o, 2, 1).is_err(), "duplicate");
}

fn round_trip<T: AccountState + PartialEq + std::fmt::Debug>(value: &T, reserved: usize) {
    let mut buf = vec![0u8; T::LEN];
    let mut w = Writer::new(&mut buf);
    w.put(&T::DISCRIMINATOR).unwrap();
    value.encode(&mut w).unwrap();
    assert_eq!(w.position(), T::LEN - reserved, "only the reserved tail is left");
    let back = T::decode(&mut Reader::new(&buf[8..])).unwrap();
    assert_eq!(&back, value);
}

#[test]
fn hotspot_round_trips_and_fits_in_200_bytes() {
    let h = Hotspot {
        version: 0, bump: 250, owner_ata_bump: 254, network: [1; 32], maker: [2; 32], owner: [3; 32],
        hardware_key: [4; 32], serial: 77, location: 0x8c283082a1aa1ff, gain_dbi10: 12, elevation_m: -3,
        onboarded_at: 1_700_000_000, location_asserted_at: 1_700_000_100, location_assert_count: 2, claimed: 99,
    };
    round_trip(&h, 11);
    assert!(Hotspot::LEN <= 200);
}

#[test]
fn epoch_round_trips_with_its_proposals() {
    let mut proposals = [RootProposal::default(); 8];
    proposals[0] = RootProposal { merkle_root: [1; 32], input_digest: [2; 32], total_cumulative: 3, votes: 2, voter_mask: 0b101 };
    proposals[1] = RootProposal { merkle_root: [4; 32], input_digest: [5; 32], total_cumulative: 6, votes: 1, voter_mask: 0b010 };
    let e = Epoch {
        version: 0, bump: 253, network: [9; 32], epoch: 5, start_ts: 10, end_ts: 20, emission: 1_000,
        emitted_through: 6_000, advanced_at: 21, vote_config_version: 3, voted_mask: 0b111, proposal_count: 2,
        proposals, root_active: true, merkle_root: [1; 32], input_digest: [2; 32], total_cumulative: 3, activated_at: 22,
    };
    round_trip(&e, 32);
}

#[test]
fn emission_is_capped_by_max_supply_and_never_overflows() {
    let mut n = network();
    n.max_supply = 3_600;
    assert_eq!(n.capped_emission_for(5), 600, "the last epoch before the cap mints what remains");
    n.total_emitted = 3_600;
    assert_eq!(n.capped_emission_for(6), 0, "past the cap epochs mint nothing");
    n.max_supply = u64::MAX;
    n.total_emitted = u64::MAX - 10;
    assert_eq!(n.capped_emission_for(0), 10);
}
