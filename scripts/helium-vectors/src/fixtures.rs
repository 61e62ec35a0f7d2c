//! Constants copied as data (values, not code) from Helium's tests at 824f7724.

/// iot_verifier/src/poc.rs tests `EU868_PARAMS` (also tests/integrations/common/mod.rs):
/// a protobuf `BlockchainRegionParamsV1` with the eight EU868 beacon channels.
pub const EU868_PARAMS: &[u8] = &[
    10, 35, 8, 224, 202, 187, 157, 3, 16, 200, 208, 7, 24, 161, 1, 34, 20, 10, 4, 8, 6, 16, 65, 10, 5, 8, 3, 16, 129, 1,
    10, 5, 8, 2, 16, 238, 1, 10, 35, 8, 160, 229, 199, 157, 3, 16, 200, 208, 7, 24, 161, 1, 34, 20, 10, 4, 8, 6, 16, 65,
    10, 5, 8, 3, 16, 129, 1, 10, 5, 8, 2, 16, 238, 1, 10, 35, 8, 224, 255, 211, 157, 3, 16, 200, 208, 7, 24, 161, 1, 34,
    20, 10, 4, 8, 6, 16, 65, 10, 5, 8, 3, 16, 129, 1, 10, 5, 8, 2, 16, 238, 1, 10, 35, 8, 160, 154, 224, 157, 3, 16, 200,
    208, 7, 24, 161, 1, 34, 20, 10, 4, 8, 6, 16, 65, 10, 5, 8, 3, 16, 129, 1, 10, 5, 8, 2, 16, 238, 1, 10, 35, 8, 224,
    180, 236, 157, 3, 16, 200, 208, 7, 24, 161, 1, 34, 20, 10, 4, 8, 6, 16, 65, 10, 5, 8, 3, 16, 129, 1, 10, 5, 8, 2, 16,
    238, 1, 10, 35, 8, 160, 207, 248, 157, 3, 16, 200, 208, 7, 24, 161, 1, 34, 20, 10, 4, 8, 6, 16, 65, 10, 5, 8, 3, 16,
    129, 1, 10, 5, 8, 2, 16, 238, 1, 10, 35, 8, 224, 233, 132, 158, 3, 16, 200, 208, 7, 24, 161, 1, 34, 20, 10, 4, 8, 6,
    16, 65, 10, 5, 8, 3, 16, 129, 1, 10, 5, 8, 2, 16, 238, 1, 10, 35, 8, 160, 132, 145, 158, 3, 16, 200, 208, 7, 24, 161,
    1, 34, 20, 10, 4, 8, 6, 16, 65, 10, 5, 8, 3, 16, 129, 1, 10, 5, 8, 2, 16, 238, 1,
];

/// poc.rs tests: locations (H3 cells as u64).
pub const LOC0: u64 = 631615575095659519; // malta
pub const LOC1: u64 = 631615576056478207; // malta but a lil out from LOC0
pub const LOC2: u64 = 631278052025960447; // armenia
pub const LOC3: u64 = 627111975468974079; // 7 cells away from beaconer
pub const LOC4: u64 = 627111975465463807; // 28 cells away from beaconer
/// test_calc_distance / test_calc_cell_distance (Ealing and Finsbury Park, London, res 15).
pub const LONDON_EALING: u64 = 644459695463521437;
pub const LONDON_FINSBURY: u64 = 644460986971331488;

pub const PUBKEY1: &str = "112bUuQaE7j73THS9ABShHGokm46Miip9L361FSyWv7zSYn8hZWf";
pub const PUBKEY2: &str = "11z69eJ3czc92k6snrfR9ek7g2uRWXosFbnG9v4bXgwhfUCivUo";
pub const DENIED_PUBKEY1: &str = "112bUGwooPd1dCDd3h3yZwskjxCzBsQNKeaJTuUF4hSgYedcsFa9";
pub const DENIED_PUBKEY2: &str = "13ABbtvMrRK8jgYrT3h6Y9Zu44nS6829kzsamiQn9Eefeu3VAZs";

pub const LOCAL_ENTROPY: [u8; 4] = [233, 70, 25, 176];
pub const REMOTE_ENTROPY: [u8; 32] = [
    182, 170, 63, 128, 217, 53, 95, 19, 157, 153, 134, 38, 184, 209, 255, 23, 118, 205, 163, 106, 225, 26, 16, 0, 106, 141,
    81, 101, 70, 39, 107, 9,
];
pub const POC_DATA: [u8; 51] = [
    28, 153, 18, 65, 96, 232, 59, 146, 134, 125, 99, 12, 175, 76, 158, 210, 28, 253, 146, 59, 187, 203, 122, 146, 49, 241,
    156, 148, 74, 246, 68, 17, 8, 212, 48, 6, 152, 58, 221, 158, 186, 101, 37, 59, 135, 126, 18, 72, 244, 65, 174,
];
/// `invalid_beacon_bad_payload` / `invalid_witness_bad_data` payload.
pub const BAD_DATA: [u8; 17] = [138, 139, 152, 130, 179, 215, 179, 238, 75, 167, 66, 182, 209, 87, 168, 137, 192];
pub const ENTROPY_TIMESTAMP_MS: i64 = 1677163710000;

/// tests/integrations/common/mod.rs gateways (`valid_gateway_stream`).
pub const BEACONER1: &str = "112NqN2WWMwtK29PMzRby62fDydBJfsCLkCAf392stdok48ovNT6";
pub const BEACONER2: &str = "11z69eJ3czc92k6snrfR9ek7g2uRWXosFbnG9v4bXgwhfUCivUo";
pub const BEACONER3: &str = "1ZPNnNd9k5qiQXXigKifQpCPiy5HTbszQDSyLM56ywk7ihNRvt6";
pub const BEACONER4: &str = "1ZAxCrEsigGVbLUM37Jki6p88kyZ5NVqjVC6oHSbqu49t7bQDym";
pub const BEACONER5: &str = "112BwpY6ARmnMsPZE9iBauh6EJVDvH7MimZtvWnd99nXmmGcKeMD";
pub const WITNESS1: &str = "13ABbtvMrRK8jgYrT3h6Y9Zu44nS6829kzsamiQn9Eefeu3VAZs";
pub const WITNESS2: &str = "112e5E4NCpZ88ivqoXeyWwiVCC4mJFv4kMPowycNMXjoDRSP6ZnS";
pub const UNKNOWN_GATEWAY1: &str = "1YiZUsuCwxE7xyxjke1ogehv5WSuYZ9o7uM2ZKvRpytyqb8Be63";
pub const NO_METADATA_GATEWAY1: &str = "1YpopKVbRDELWGR3nMd1MAU8a5GxP1uQSDj9AeXHEi3fHSsWGRi";
/// rewarder_poc_dc.rs hotspots.
pub const HOTSPOT_1: &str = "112NqN2WWMwtK29PMzRby62fDydBJfsCLkCAf392stdok48ovNT6";
pub const HOTSPOT_2: &str = "11uJHS2YaEWJqgqC7yza9uvSmpv5FWoMQXiP8WbxBGgNUmifUJf";
pub const HOTSPOT_3: &str = "11sctWiP9r5wDJVuDe1Th4XSL2vaawaLLSQF8f8iokAoMAJHxqp";
pub const HOTSPOT_4: &str = "11eX55faMbqZB7jzN4p67m6w7ScPMH6ubnvCjCPLh72J49PaJEL";
/// reward_share.rs tests' gateways.
pub const GW: [&str; 6] = [
    "112NqN2WWMwtK29PMzRby62fDydBJfsCLkCAf392stdok48ovNT6",
    "11sctWiP9r5wDJVuDe1Th4XSL2vaawaLLSQF8f8iokAoMAJHxqp",
    "112DJZiXvZ8FduiWrEi8siE3wJX6hpRjjtwbavyXUDkgutEUSLAE",
    "112p1GbUtRLyfFaJr1XF8fH7yz9cSZ4exbrSpVDeu67DeGb31QUL",
    "112j1iw1sV2B2Tz2DxPSeum9Cmc5kMKNdDTDg1zDRsdwuvZueq3B",
    "11fCasUk9XvU15ktsMMH64J9E7XuqQ2L5FJPv8HZMCDG6kdZ3SC",
];

/// hex_density.rs `simple_scale_check` input (res-12 asserts, duplicates are co-located hotspots).
pub const DENSITY_INDEXES: [u64; 36] = [
    631210990515536895, 631210990515536895, 631210990515536895, 631210990515537919, 631210990515537919,
    631210990515537919, 631210990515538431, 631210990515564031, 631210990515589631, 631210990515600383,
    631210990515601919, 631210990515606527, 631210990515722239, 631210990515722239, 631210990515727359,
    631210990515728895, 631210990515739647, 631210990515874303, 631210990515924479, 631210990516363775,
    631210990515987455, 631210990516590079, 631210990516612607, 631210990516613631, 631210990516640767,
    631210990516876799, 631210990516885503, 631210990516888063, 631210990516907007, 631210990516912639,
    631210990516955647, 631210990516996607, 631210990517011455, 631210990517016575, 631210990517144063,
    631210990517264895,
];

pub const DENSITY_EXPECTED: [(u64, &str); 31] = [
    (631210990515537919, "0.0060"),
    (631210990516955647, "0.0417"),
    (631210990516885503, "0.0139"),
    (631210990515601919, "0.0104"),
    (631210990516590079, "0.0556"),
    (631210990516888063, "0.0139"),
    (631210990516640767, "0.0556"),
    (631210990516907007, "0.0208"),
    (631210990515874303, "0.0556"),
    (631210990517011455, "0.0139"),
    (631210990516363775, "0.1667"),
    (631210990515589631, "0.0104"),
    (631210990516996607, "0.0139"),
    (631210990515600383, "0.0104"),
    (631210990517016575, "0.0139"),
    (631210990515606527, "0.0104"),
    (631210990515739647, "0.0083"),
    (631210990516613631, "0.0278"),
    (631210990516876799, "0.0139"),
    (631210990515924479, "0.0556"),
    (631210990515538431, "0.0060"),
    (631210990515536895, "0.0060"),
    (631210990517144063, "0.0833"),
    (631210990517264895, "0.0833"),
    (631210990516612607, "0.0278"),
    (631210990515722239, "0.0083"),
    (631210990516912639, "0.0208"),
    (631210990515727359, "0.0083"),
    (631210990515564031, "0.0417"),
    (631210990515728895, "0.0083"),
    (631210990515987455, "0.0556"),
];
