//! Electronic results: the officer processing a dossier prepares its result (a PDF made
//! elsewhere, stamped with the QR code of its public page, or one generated from the
//! dossier), the approval signs it with the agency's certificate (PAdES, `motcua-signing`),
//! anyone verifies it at `/xac-thuc/{id}`, and the agency's leader may revoke it or issue a
//! corrected one.

mod manage;
mod prepare;
mod public;
mod sign;

pub use manage::{Correction, Current, current, download, keep_in_store, reissue, revoke};
pub use prepare::{generate, upload};
pub use public::{Comparison, Verification, compare, trusted_roots_pem, verification};
pub(crate) use sign::{sign_draft, unsign};

use rand::RngCore;

use motcua_domain::dossier::secret::{SECRET_RANDOM_BYTES, secret_from};

/// The address of a result's public page.
pub fn verify_url(base: &str, public_id: &str) -> String {
    format!("{base}/xac-thuc/{public_id}")
}

/// A new public id: twenty Crockford base32 characters (100 random bits).
fn public_id() -> String {
    let mut a = [0u8; SECRET_RANDOM_BYTES];
    let mut b = [0u8; SECRET_RANDOM_BYTES];
    rand::rng().fill_bytes(&mut a);
    rand::rng().fill_bytes(&mut b);
    format!("{}{}", secret_from(a), secret_from(b))
}
