//! Vietnamese mobile numbers, the recipients of SMS and Zalo messages.

use crate::SendError;

/// A Vietnamese mobile number (10 digits nationally: `0` + 3/5/7/8/9 + 8 digits), kept as
/// its 9 significant digits. Accepts `0912 345 678`, `+84 912.345.678`, `84912345678`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VnPhone(String);

/// How a gateway wants the number written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneFormat {
    /// `84912345678` (what Zalo ZNS and most SMS gateways take).
    #[default]
    International,
    /// `+84912345678`.
    E164,
    /// `0912345678`.
    National,
}

impl VnPhone {
    /// Reads a number as people write it; refuses anything that is not a Vietnamese mobile
    /// number (permanent error `recipient_invalid`: retrying will not fix it).
    pub fn parse(input: &str) -> Result<Self, SendError> {
        let invalid = || SendError::permanent("recipient_invalid", "not a Vietnamese mobile number");
        let mut digits = String::with_capacity(12);
        for c in input.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if digits.is_empty() => digits.push('+'),
                ' ' | '.' | '-' | '(' | ')' => {}
                _ => return Err(invalid()),
            }
        }
        let significant = if let Some(rest) = digits.strip_prefix("+84") {
            rest
        } else if digits.len() == 11 && digits.starts_with("84") {
            &digits[2..]
        } else if digits.len() == 10 && digits.starts_with('0') {
            &digits[1..]
        } else {
            return Err(invalid());
        };
        let mobile_prefix = matches!(significant.as_bytes().first(), Some(b'3' | b'5' | b'7' | b'8' | b'9'));
        if significant.len() != 9 || !mobile_prefix || !significant.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        Ok(VnPhone(significant.to_owned()))
    }

    /// The number written as `format` asks.
    pub fn format(&self, format: PhoneFormat) -> String {
        match format {
            PhoneFormat::International => format!("84{}", self.0),
            PhoneFormat::E164 => format!("+84{}", self.0),
            PhoneFormat::National => format!("0{}", self.0),
        }
    }
}

impl std::fmt::Debug for VnPhone {
    /// Only the last three digits: phone numbers are personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tail = self.0.get(6..).unwrap_or("");
        write!(f, "VnPhone(******{tail})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ways_people_write_numbers() {
        for input in [
            "0912345678",
            "0912 345 678",
            "+84 912.345.678",
            "84912345678",
            "(+84) 912-345-678",
        ] {
            let p = VnPhone::parse(input).unwrap();
            assert_eq!(p.format(PhoneFormat::International), "84912345678", "{input}");
            assert_eq!(p.format(PhoneFormat::E164), "+84912345678");
            assert_eq!(p.format(PhoneFormat::National), "0912345678");
        }
    }

    #[test]
    fn refuses_what_is_not_a_mobile_number() {
        for input in [
            "",
            "091234567",
            "09123456789",
            "0212345678",
            "0412345678",
            "+1 912345678",
            "09a2345678",
            "+8491234567",
            "84+912345678",
        ] {
            let e = VnPhone::parse(input).unwrap_err();
            assert_eq!(e.code(), "recipient_invalid", "{input}");
            assert!(!e.is_transient());
        }
    }

    #[test]
    fn debug_shows_only_the_tail() {
        let p = VnPhone::parse("0912345678").unwrap();
        assert_eq!(format!("{p:?}"), "VnPhone(******678)");
    }
}
