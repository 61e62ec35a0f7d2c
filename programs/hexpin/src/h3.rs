//! Structural validation of H3 cell indexes, so a hotspot cannot assert garbage as its
//! location. Bit layout (H3 v4): bit 63 reserved 0; bits 59–62 mode (1 = cell);
//! bits 56–58 reserved 0 for cells; bits 52–55 resolution; bits 45–51 base cell (0–121);
//! then fifteen 3-bit digits, resolution 1 first. Digits up to the resolution are 0–6;
//! digits past it are 7. (The pentagon deleted-subsequence rule is not checked here; the
//! oracle treats such a cell as unlocatable.)

pub fn is_valid_cell(index: u64, resolution: u8) -> bool {
    if index >> 63 != 0 || (index >> 59) & 0xF != 1 || (index >> 56) & 0x7 != 0 {
        return false;
    }
    if ((index >> 52) & 0xF) as u8 != resolution || (index >> 45) & 0x7F > 121 {
        return false;
    }
    let mut r = 1u8;
    while r <= 15 {
        let digit = (index >> ((15 - r as u64) * 3)) & 0x7;
        let ok = if r <= resolution { digit < 7 } else { digit == 7 };
        if !ok {
            return false;
        }
        r += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    // Fixed cells from h3-js: latLngToCell(37.7749, -122.4194, 12) and resolution 9.
    const SF_RES12: u64 = 0x8c283082a1aa1ff;
    const SF_RES9: u64 = 0x89283082a1bffff;

    #[test]
    fn accepts_a_real_res12_cell() {
        assert!(is_valid_cell(SF_RES12, 12));
    }

    #[test]
    fn rejects_wrong_resolution_zero_and_bad_mode() {
        assert!(!is_valid_cell(SF_RES9, 12));
        assert!(!is_valid_cell(0, 12));
        assert!(!is_valid_cell(SF_RES12 | (1 << 63), 12));
        assert!(!is_valid_cell((SF_RES12 & !(0xF << 59)) | (2 << 59), 12));
    }

    #[test]
    fn rejects_digit_7_inside_and_non_7_past_the_resolution() {
        let inside = SF_RES12 | (0x7 << ((15 - 5) * 3));
        assert!(!is_valid_cell(inside, 12));
        let past = SF_RES12 & !(0x7 << ((15 - 14) * 3));
        assert!(!is_valid_cell(past, 12));
    }
}
