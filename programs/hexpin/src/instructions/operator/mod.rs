pub mod assert_location;
pub mod decommission_hotspot;
pub mod transfer_hotspot;
