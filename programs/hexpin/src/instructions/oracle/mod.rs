pub mod post_epoch_root;
