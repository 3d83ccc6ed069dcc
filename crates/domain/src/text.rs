//! Vietnamese text: Unicode normalisation and diacritic folding.
//!
//! Vietnamese arrives both precomposed (NFC) and decomposed (NFD, common from macOS and some
//! IMEs); the same word must compare equal either way, so every stored text is NFC.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Returns the NFC form of `s`.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Lower-cases and strips diacritics: "ĐĂNG KÝ Kết hôn" → "dang ky ket hon".
/// Used for sort keys and exact-insensitive comparisons (search has its own analyser).
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Collapses runs of white space into one space and trims the ends.
pub fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("ĐĂNG KÝ KẾT HÔN"), "dang ky ket hon");
        assert_eq!(fold("Đăng ký kết hôn"), "dang ky ket hon");
        assert_eq!(
            fold("Chứng thực bản sao từ bản chính"),
            "chung thuc ban sao tu ban chinh"
        );
    }

    #[test]
    fn decomposed_and_precomposed_agree() {
        let composed = "Kết hôn";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(nfc(&decomposed), composed);
        assert_eq!(fold(&decomposed), fold(composed));
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
