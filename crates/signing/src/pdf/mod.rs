//! The PDF side of a PAdES signature: the incremental update with the signature field, the
//! byte range and `/Contents`, and finding signatures again for verification.

pub(crate) mod placeholder;
pub(crate) mod prepare;
pub(crate) mod signatures;
