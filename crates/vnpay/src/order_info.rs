//! `vnp_OrderInfo` is kept to ASCII letters, digits and spaces, because encoders disagree on
//! other characters (`!'()*`) and the signature would then differ. Vietnamese is folded to
//! its base letters (`Lệ phí` → `Le phi`, `Đ` → `D`), never dropped.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The longest description sent.
pub const MAX_LEN: usize = 255;

/// Folds diacritics, turns every other character into a space, collapses spaces, and cuts
/// to [`MAX_LEN`]: `"Lệ phí hồ sơ H15.50-260302-0001"` → `"Le phi ho so H15 50 260302 0001"`.
pub fn sanitise(text: &str) -> String {
    let folded: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c if c.is_ascii_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let mut out = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    out.truncate(MAX_LEN);
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vietnamese_is_folded_not_dropped() {
        assert_eq!(
            sanitise("Lệ phí hồ sơ H15.50-260302-0001"),
            "Le phi ho so H15 50 260302 0001"
        );
        assert_eq!(
            sanitise("ĐĂNG KÝ KHAI SINH — Nguyễn Thị Ánh"),
            "DANG KY KHAI SINH Nguyen Thi Anh"
        );
        assert_eq!(sanitise("Phí (50%)! *đặc biệt*"), "Phi 50 dac biet");
        let decomposed: String = "Phiếu lý lịch".nfd().collect();
        assert_eq!(sanitise(&decomposed), "Phieu ly lich");
        assert_eq!(sanitise("  !!  "), "");
    }

    proptest! {
        #[test]
        fn the_result_is_ascii_letters_digits_and_single_spaces(s in "\\PC{0,400}") {
            let out = sanitise(&s);
            prop_assert!(out.len() <= MAX_LEN);
            prop_assert!(out.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' '));
            prop_assert!(!out.starts_with(' ') && !out.ends_with(' ') && !out.contains("  "));
            prop_assert_eq!(sanitise(&out), out.clone());
        }
    }
}
