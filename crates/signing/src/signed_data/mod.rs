//! CMS (RFC 5652) `SignedData` for PAdES: building and checking (named after the structure,
//! not `cms`, to leave that name to the crate).

pub(crate) mod build;
pub(crate) mod check;
mod ess;
