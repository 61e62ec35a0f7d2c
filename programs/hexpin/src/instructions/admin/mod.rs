pub mod accept_authority;
pub mod approve_maker;
pub mod initialize_network;
pub mod propose_authority;
pub mod set_oracles;
pub mod set_paused;
pub mod update_network;
