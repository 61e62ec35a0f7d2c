pub mod claim_rewards;
