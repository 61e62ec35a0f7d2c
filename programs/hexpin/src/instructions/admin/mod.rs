pub mod approve_maker;
pub mod initialize_network;
