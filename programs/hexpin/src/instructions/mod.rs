//! Instructions grouped by who calls them: the network authority (admin), hardware
//! vendors (maker) and anyone (crank). Each file holds its args, account checks and handler.

pub mod admin;
pub mod crank;
pub mod maker;

/// Anchor instruction discriminators: `sha256("global:<name>")[..8]`.
pub mod discriminator {
    pub const INITIALIZE_NETWORK: [u8; 8] = [75, 50, 251, 50, 0, 159, 20, 5];
    pub const REGISTER_MAKER: [u8; 8] = [148, 253, 56, 234, 31, 33, 225, 11];
    pub const APPROVE_MAKER: [u8; 8] = [182, 108, 6, 26, 13, 52, 208, 158];
    pub const ONBOARD_HOTSPOT: [u8; 8] = [107, 125, 188, 199, 34, 160, 38, 192];
    pub const ADVANCE_EPOCH: [u8; 8] = [93, 138, 234, 218, 241, 230, 132, 38];
}

/// One instruction's inputs, handed to its handler by reference: the BPF backend passes
/// at most five registers per call and each slice takes two.
pub struct Ix<'a> {
    pub program_id: &'a pinocchio::Address,
    pub accounts: &'a mut [pinocchio::AccountView],
    pub data: &'a [u8],
}
