//! The look-up secret printed on the receipt next to the dossier code: people read it off
//! paper and type it on a phone, so it uses Crockford's base32 alphabet (no I, L, O or U;
//! no lower case, no punctuation), is typed in any case, with or without the hyphen, and
//! reads `0`/`O` and `1`/`I`/`L` as the same character.

/// Characters in a secret (50 bits: ten characters of five bits).
pub const SECRET_LEN: usize = 10;

/// Random bytes a secret is drawn from.
pub const SECRET_RANDOM_BYTES: usize = SECRET_LEN;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new secret from `random` bytes (each byte gives one character; the caller draws them
/// from a cryptographic generator).
pub fn secret_from(random: [u8; SECRET_RANDOM_BYTES]) -> String {
    random
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 0x1f)]))
        .collect()
}

/// A secret as printed and shown: two groups of five, `K7Q2M-9XD4T`. A secret from before
/// this alphabet is shown as it is.
pub fn display(secret: &str) -> String {
    if is_crockford(secret) && secret.len() == SECRET_LEN {
        format!("{}-{}", &secret[..5], &secret[5..])
    } else {
        secret.to_owned()
    }
}

/// What a person typed, read the Crockford way: upper case, without spaces or hyphens, `O`
/// as `0`, `I` and `L` as `1`.
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// Whether `stored` is a secret in this alphabet (older dossiers keep their case-sensitive
/// secrets, which are compared exactly).
pub fn is_crockford(stored: &str) -> bool {
    !stored.is_empty() && stored.bytes().all(|b| ALPHABET.contains(&b))
}

/// The text to compare with the stored secret: the normalised input for a Crockford secret,
/// the input as typed (trimmed) for an older one.
pub fn comparable(stored: &str, typed: &str) -> String {
    if is_crockford(stored) {
        normalise(typed)
    } else {
        typed.trim().to_owned()
    }
}

/// A dossier code as typed: trimmed, without inner spaces, upper case (codes are agency
/// codes, dates and numbers, all upper case).
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_use_only_unambiguous_upper_case_characters() {
        let s = secret_from([0, 1, 31, 18, 200, 255, 7, 8, 9, 10]);
        assert_eq!(s.len(), SECRET_LEN);
        assert!(s.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        for bad in ['I', 'L', 'O', 'U', '-'] {
            assert!(!s.contains(bad), "{s}");
        }
        assert!(is_crockford(&s));
        for b in 0u8..=255 {
            let c = secret_from([b; SECRET_RANDOM_BYTES]);
            assert!(!c.starts_with('-') && is_crockford(&c), "{c}");
        }
    }

    #[test]
    fn what_people_type_from_paper_matches() {
        let stored = "K7Q2M9XD10";
        assert_eq!(display(stored), "K7Q2M-9XD10");
        for typed in ["k7q2m-9xd10", "K7Q2M 9XD1O", " k7q2m9xdlo ", "K7Q2M-9XDI0"] {
            assert_eq!(comparable(stored, typed), stored, "{typed}");
        }
        assert_ne!(comparable(stored, "K7Q2M9XD11"), stored);
    }

    #[test]
    fn older_secrets_are_compared_as_typed() {
        let legacy = "aB-x_9Qz0pLm";
        assert!(!is_crockford(legacy));
        assert_eq!(display(legacy), legacy);
        assert_eq!(comparable(legacy, " aB-x_9Qz0pLm "), legacy);
        assert_ne!(comparable(legacy, "AB-X_9QZ0PLM"), legacy);
    }

    #[test]
    fn codes_are_read_in_any_case() {
        assert_eq!(normalise_code(" h15.50-261122-0001 "), "H15.50-261122-0001");
    }
}
