pub mod advance_epoch;
