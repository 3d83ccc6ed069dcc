//! The PDF side of a PAdES signature: the incremental update with the signature field, the
//! byte range and `/Contents`, finding signatures again for verification, and the
//! verification mark (QR code) stamped on results made elsewhere.

pub(crate) mod placeholder;
pub(crate) mod prepare;
pub(crate) mod signatures;
pub(crate) mod stamp;
