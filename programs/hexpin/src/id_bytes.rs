//! Generated from keys/hexpin-keypair.json: BRdoHiHMKSTjQXFtCoKML6DLqS49yYP73F3W96pquVkJ (a test checks it).
pub const PROGRAM_ID_BASE58: &str = "BRdoHiHMKSTjQXFtCoKML6DLqS49yYP73F3W96pquVkJ";
pub const PROGRAM_ID: [u8; 32] = [154, 228, 106, 152, 189, 247, 138, 64, 115, 139, 81, 224, 169, 176, 239, 162, 169, 155, 22, 98, 198, 48, 213, 50, 242, 67, 224, 193, 138, 232, 1, 127];
