//! The `/ByteRange` and `/Contents` placeholders of a prepared signature: finding them in the
//! bytes lopdf wrote, fixing the byte range, and writing the CMS into the reserved space.
//! Every change is made in place, with the same number of bytes.

use crate::error::{Error, Result};

/// The dummy `/ByteRange` lopdf writes: ten digits each, wide enough for any real offset
/// (files up to 9,999,999,999 bytes) and unlikely to appear by chance.
pub(crate) const BYTE_RANGE_PLACEHOLDER: [i64; 4] = [0, 1_111_111_111, 2_222_222_222, 3_333_333_333];

/// A complete PDF whose last signature dictionary has its byte range set and its
/// `/Contents` still zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PdfWithPlaceholder {
    pub bytes: Vec<u8>,
    /// `[0, a, b, c]`: the signature covers `bytes[0..a]` and `bytes[b..b + c]`; between them
    /// lies the `<…>` hex string of `/Contents`.
    pub byte_range: [usize; 4],
}

impl PdfWithPlaceholder {
    /// Check that `byte_range` describes a hex-string gap inside `bytes` ending the file.
    pub(crate) fn new(bytes: Vec<u8>, byte_range: [usize; 4]) -> Result<Self> {
        let [start, first_len, second_start, second_len] = byte_range;
        let consistent = start == 0
            && first_len < second_start
            && second_start.checked_add(second_len) == Some(bytes.len())
            && bytes.get(first_len) == Some(&b'<')
            && second_start.checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b'>');
        if !consistent {
            return Err(Error::PreparedStateInvalid(
                "the byte range does not fit the PDF".into(),
            ));
        }
        Ok(Self { bytes, byte_range })
    }

    /// The two signed parts of the file.
    pub(crate) fn signed_parts(&self) -> [&[u8]; 2] {
        let [_, first_len, second_start, _] = self.byte_range;
        [&self.bytes[..first_len], &self.bytes[second_start..]]
    }

    /// How many bytes of DER fit into `/Contents`.
    pub(crate) fn capacity(&self) -> usize {
        let [_, first_len, second_start, _] = self.byte_range;
        (second_start - first_len - 2) / 2
    }

    /// Write `cms` (DER) into `/Contents`, zero-padded, and return the signed file.
    pub(crate) fn embed(mut self, cms: &[u8]) -> Result<Vec<u8>> {
        let reserved = self.capacity();
        if cms.len() > reserved {
            return Err(Error::SignatureTooLarge {
                needed: cms.len(),
                reserved,
            });
        }
        let start = self.byte_range[1] + 1;
        let hex = hex::encode_upper(cms);
        self.bytes[start..start + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

/// Find the placeholders written after `original_len` and set the byte range.
pub(crate) fn locate(mut bytes: Vec<u8>, original_len: usize, reserved_bytes: usize) -> Result<PdfWithPlaceholder> {
    let not_found = |what: &str| Error::PdfUnsupported(format!("the {what} placeholder was not written"));
    let byte_range_text = format!(
        "[{} {} {} {}]",
        BYTE_RANGE_PLACEHOLDER[0], BYTE_RANGE_PLACEHOLDER[1], BYTE_RANGE_PLACEHOLDER[2], BYTE_RANGE_PLACEHOLDER[3]
    );
    let byte_range_at =
        find(&bytes, original_len, byte_range_text.as_bytes()).ok_or_else(|| not_found("/ByteRange"))?;
    // The signature dictionary is written with /ByteRange before /Contents; searching from
    // there skips the /Contents of a page object copied into the update.
    let contents_key = find(&bytes, byte_range_at, b"/Contents").ok_or_else(|| not_found("/Contents"))?;
    let mut open = contents_key + b"/Contents".len();
    while bytes.get(open).is_some_and(|b| b.is_ascii_whitespace()) {
        open += 1;
    }
    let close = reserved_bytes
        .checked_mul(2)
        .and_then(|hex_len| hex_len.checked_add(open + 1))
        .ok_or_else(|| not_found("/Contents"))?;
    let zeros_ok = bytes.get(open) == Some(&b'<')
        && bytes.get(close) == Some(&b'>')
        && bytes[open + 1..close].iter().all(|&b| b == b'0');
    if !zeros_ok {
        return Err(not_found("/Contents"));
    }
    let after = close + 1;
    let byte_range = [0, open, after, bytes.len() - after];
    let text = format!("[0 {} {} {}", byte_range[1], byte_range[2], byte_range[3]);
    let width = byte_range_text.len() - 1;
    if text.len() > width {
        return Err(Error::PdfUnsupported("the file is too large to be signed".into()));
    }
    let padded = format!("{text:<width$}]");
    bytes[byte_range_at..byte_range_at + padded.len()].copy_from_slice(padded.as_bytes());
    PdfWithPlaceholder::new(bytes, byte_range)
}

/// The first position of `needle` at or after `from`.
fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + from)
}
