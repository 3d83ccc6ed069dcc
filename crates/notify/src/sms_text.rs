//! SMS text: folding Vietnamese to ASCII (what most Vietnamese SMS gateways require for
//! branded messages) and counting GSM-7 / UCS-2 segments.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The GSM 03.38 basic character set (one septet each).
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The GSM 03.38 extension table (an escape plus one septet each).
const GSM7_EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// How an SMS is encoded on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsEncoding {
    /// GSM 03.38, 7 bits a character: 160 per single message, 153 per part.
    Gsm7,
    /// UCS-2: 70 per single message, 67 per part (needed for Vietnamese diacritics).
    Ucs2,
}

/// An SMS body ready for a gateway, with what it costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsText {
    /// The text to send.
    pub text: String,
    /// Its encoding.
    pub encoding: SmsEncoding,
    /// Its length in that encoding's units (septets or UTF-16 code units).
    pub units: usize,
    /// How many messages the network will bill.
    pub segments: usize,
}

impl SmsText {
    /// Prepares `text` for SMS: with `fold`, Vietnamese diacritics are removed
    /// ("Hồ sơ đã được tiếp nhận" → "Ho so da duoc tiep nhan") and typographic characters
    /// replaced, so the message fits GSM-7.
    pub fn new(text: &str, fold: bool) -> Self {
        let text = if fold { fold_to_gsm7(text) } else { text.nfc().collect() };
        let (encoding, units) = match gsm7_septets(&text) {
            Some(n) => (SmsEncoding::Gsm7, n),
            None => (SmsEncoding::Ucs2, text.encode_utf16().count()),
        };
        let (single, part) = match encoding {
            SmsEncoding::Gsm7 => (160, 153),
            SmsEncoding::Ucs2 => (70, 67),
        };
        let segments = if units <= single { 1 } else { units.div_ceil(part) };
        SmsText {
            text,
            encoding,
            units,
            segments,
        }
    }
}

/// Septets `text` takes in GSM-7, or `None` if a character is outside the alphabet.
pub fn gsm7_septets(text: &str) -> Option<usize> {
    text.chars().try_fold(0usize, |n, c| {
        if GSM7_BASIC.contains(c) {
            Some(n + 1)
        } else if GSM7_EXTENSION.contains(c) {
            Some(n + 2)
        } else {
            None
        }
    })
}

/// Removes diacritics (keeping case: "Đắk Lắk" → "Dak Lak") and maps what remains outside
/// GSM-7 to close ASCII ("–" → "-", "“" → "\"", "…" → "..."), or `?`.
pub fn fold_to_gsm7(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '`' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{a0}' | '\t' => out.push(' '),
            c if c.is_ascii() && GSM7_BASIC.contains(c) => out.push(c),
            c if c.is_ascii() && GSM7_EXTENSION.contains(c) => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_keeping_case() {
        assert_eq!(
            fold_to_gsm7("Hồ sơ ĐÃ ĐƯỢC tiếp nhận tại Đắk Lắk"),
            "Ho so DA DUOC tiep nhan tai Dak Lak"
        );
        // Decomposed input (macOS, some IMEs) folds the same way.
        let nfd: String = "Phường Buôn Ma Thuột".nfd().collect();
        assert_eq!(fold_to_gsm7(&nfd), "Phuong Buon Ma Thuot");
        assert_eq!(fold_to_gsm7("“Hẹn” – 16:30…"), "\"Hen\" - 16:30...");
        assert_eq!(fold_to_gsm7("ký tự 😀"), "ky tu ?");
    }

    #[test]
    fn folded_text_is_gsm7_and_counted_in_septets() {
        let s = SmsText::new("Hồ sơ đã được tiếp nhận {x}", true);
        assert_eq!(s.encoding, SmsEncoding::Gsm7);
        assert_eq!(s.text, "Ho so da duoc tiep nhan {x}");
        // `{` and `}` are extension characters: two septets each.
        assert_eq!(s.units, s.text.chars().count() + 2);
        assert_eq!(s.segments, 1);
    }

    #[test]
    fn unfolded_vietnamese_is_ucs2() {
        let s = SmsText::new("Hồ sơ đã được tiếp nhận", false);
        assert_eq!(s.encoding, SmsEncoding::Ucs2);
        assert_eq!(s.units, 23);
        assert_eq!(s.segments, 1);
        let long = SmsText::new(&"ơ".repeat(71), false);
        assert_eq!(long.segments, 2);
    }

    #[test]
    fn segments_follow_the_gsm_limits() {
        assert_eq!(SmsText::new(&"a".repeat(160), true).segments, 1);
        assert_eq!(SmsText::new(&"a".repeat(161), true).segments, 2);
        assert_eq!(SmsText::new(&"a".repeat(306), true).segments, 2);
        assert_eq!(SmsText::new(&"a".repeat(307), true).segments, 3);
    }
}
