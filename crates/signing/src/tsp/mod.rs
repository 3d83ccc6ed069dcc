//! RFC 3161 time-stamps: the client that turns a B-B signature into B-T, and the token check
//! used by verification.

mod client;
pub(crate) mod token;
mod types;

pub use client::TimestampClient;
