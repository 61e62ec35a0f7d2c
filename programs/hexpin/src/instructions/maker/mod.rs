pub mod onboard_hotspot;
pub mod register_maker;
