//! Pins every hand-written Anchor discriminator to its sha256 definition, and every
//! account size to its documented layout.

use hexpin::events::{self, Event};
use hexpin::instructions::discriminator as ix;
use hexpin::state::{AccountState, Epoch, Hotspot, Maker, Network};
use sha2::{Digest, Sha256};

fn anchor(preimage: &str) -> [u8; 8] {
    let h = Sha256::digest(preimage.as_bytes());
    h[..8].try_into().unwrap()
}

#[test]
fn instruction_discriminators_are_sha256_of_global_name() {
    assert_eq!(ix::INITIALIZE_NETWORK, anchor("global:initialize_network"));
    assert_eq!(ix::REGISTER_MAKER, anchor("global:register_maker"));
    assert_eq!(ix::APPROVE_MAKER, anchor("global:approve_maker"));
    assert_eq!(ix::ONBOARD_HOTSPOT, anchor("global:onboard_hotspot"));
    assert_eq!(ix::ADVANCE_EPOCH, anchor("global:advance_epoch"));
    assert_eq!(ix::POST_EPOCH_ROOT, anchor("global:post_epoch_root"));
    assert_eq!(ix::CLAIM_REWARDS, anchor("global:claim_rewards"));
    assert_eq!(ix::ASSERT_LOCATION, anchor("global:assert_location"));
    assert_eq!(ix::TRANSFER_HOTSPOT, anchor("global:transfer_hotspot"));
    assert_eq!(ix::DECOMMISSION_HOTSPOT, anchor("global:decommission_hotspot"));
    assert_eq!(ix::SET_ORACLES, anchor("global:set_oracles"));
    assert_eq!(ix::PROPOSE_AUTHORITY, anchor("global:propose_authority"));
    assert_eq!(ix::ACCEPT_AUTHORITY, anchor("global:accept_authority"));
    assert_eq!(ix::UPDATE_NETWORK, anchor("global:update_network"));
    assert_eq!(ix::SET_PAUSED, anchor("global:set_paused"));
}

#[test]
fn account_discriminators_are_sha256_of_account_name() {
    assert_eq!(Network::DISCRIMINATOR, anchor("account:Network"));
    assert_eq!(Maker::DISCRIMINATOR, anchor("account:Maker"));
    assert_eq!(Hotspot::DISCRIMINATOR, anchor("account:Hotspot"));
    assert_eq!(Epoch::DISCRIMINATOR, anchor("account:Epoch"));
}

#[test]
fn event_discriminators_are_sha256_of_event_name() {
    assert_eq!(events::NetworkInitialized::DISCRIMINATOR, anchor("event:NetworkInitialized"));
    assert_eq!(<events::MakerRegistered as Event>::DISCRIMINATOR, anchor("event:MakerRegistered"));
    assert_eq!(events::MakerApprovalChanged::DISCRIMINATOR, anchor("event:MakerApprovalChanged"));
    assert_eq!(events::HotspotOnboarded::DISCRIMINATOR, anchor("event:HotspotOnboarded"));
    assert_eq!(events::EpochAdvanced::DISCRIMINATOR, anchor("event:EpochAdvanced"));
    assert_eq!(events::EpochRootVoted::DISCRIMINATOR, anchor("event:EpochRootVoted"));
    assert_eq!(events::EpochRootActivated::DISCRIMINATOR, anchor("event:EpochRootActivated"));
    assert_eq!(events::RewardsClaimed::DISCRIMINATOR, anchor("event:RewardsClaimed"));
    assert_eq!(events::LocationAsserted::DISCRIMINATOR, anchor("event:LocationAsserted"));
    assert_eq!(events::HotspotTransferred::DISCRIMINATOR, anchor("event:HotspotTransferred"));
    assert_eq!(events::HotspotDecommissioned::DISCRIMINATOR, anchor("event:HotspotDecommissioned"));
    assert_eq!(<events::OraclesUpdated as Event>::DISCRIMINATOR, anchor("event:OraclesUpdated"));
    assert_eq!(events::AuthorityProposed::DISCRIMINATOR, anchor("event:AuthorityProposed"));
    assert_eq!(events::AuthorityAccepted::DISCRIMINATOR, anchor("event:AuthorityAccepted"));
    assert_eq!(events::NetworkUpdated::DISCRIMINATOR, anchor("event:NetworkUpdated"));
    assert_eq!(events::PauseChanged::DISCRIMINATOR, anchor("event:PauseChanged"));
}

#[test]
fn account_sizes_match_their_documented_layouts() {
    assert_eq!(Network::LEN, 834);
    assert_eq!(Maker::LEN, 188);
    assert_eq!(Hotspot::LEN, 200);
    assert_eq!(Epoch::LEN, 801);
}

#[test]
fn program_id_constant_is_the_base58_of_its_bytes() {
    assert_eq!(hexpin::id_bytes::PROGRAM_ID_BASE58.len() >= 32, true);
    assert_eq!(hexpin::constants::PROGRAM_ID.to_bytes(), hexpin::id_bytes::PROGRAM_ID);
}
