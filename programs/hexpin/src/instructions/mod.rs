//! Instructions grouped by who calls them: the network authority (admin), hardware
//! vendors (maker), hotspot owners (operator), the oracle set (oracle) and anyone (crank,
//! claim). Each file holds its args, account checks and handler.

pub mod admin;
pub mod claim;
pub mod crank;
pub mod maker;
pub mod operator;
pub mod oracle;

/// Anchor instruction discriminators: `sha256("global:<name>")[..8]`.
pub mod discriminator {
    pub const INITIALIZE_NETWORK: [u8; 8] = [75, 50, 251, 50, 0, 159, 20, 5];
    pub const REGISTER_MAKER: [u8; 8] = [148, 253, 56, 234, 31, 33, 225, 11];
    pub const APPROVE_MAKER: [u8; 8] = [182, 108, 6, 26, 13, 52, 208, 158];
    pub const ONBOARD_HOTSPOT: [u8; 8] = [107, 125, 188, 199, 34, 160, 38, 192];
    pub const ADVANCE_EPOCH: [u8; 8] = [93, 138, 234, 218, 241, 230, 132, 38];
    pub const POST_EPOCH_ROOT: [u8; 8] = [172, 56, 231, 33, 194, 35, 49, 254];
    pub const CLAIM_REWARDS: [u8; 8] = [4, 144, 132, 71, 116, 23, 151, 80];
    pub const ASSERT_LOCATION: [u8; 8] = [114, 216, 65, 176, 53, 199, 112, 90];
    pub const TRANSFER_HOTSPOT: [u8; 8] = [138, 35, 113, 91, 47, 42, 104, 81];
    pub const DECOMMISSION_HOTSPOT: [u8; 8] = [128, 255, 163, 36, 183, 37, 39, 31];
    pub const SET_ORACLES: [u8; 8] = [85, 38, 75, 154, 116, 41, 90, 188];
    pub const PROPOSE_AUTHORITY: [u8; 8] = [20, 148, 236, 198, 76, 119, 99, 142];
    pub const ACCEPT_AUTHORITY: [u8; 8] = [107, 86, 198, 91, 33, 12, 107, 160];
    pub const UPDATE_NETWORK: [u8; 8] = [39, 115, 188, 77, 162, 232, 216, 161];
    pub const SET_PAUSED: [u8; 8] = [91, 60, 125, 192, 176, 225, 166, 218];
}

/// One instruction's inputs, handed to its handler by reference: the BPF backend passes
/// at most five registers per call and each slice takes two.
pub struct Ix<'a> {
    pub program_id: &'a pinocchio::Address,
    pub accounts: &'a mut [pinocchio::AccountView],
    pub data: &'a [u8],
}
