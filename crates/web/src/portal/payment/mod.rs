//! Paying a dossier's fee: the applicant's "pay online" button (to the gateway), the
//! gateway's notification (IPN, JSON) and the payer's return page, an officer's record of
//! a payment taken at the counter, and the receipt (biên lai) as PDF.

mod counter;
mod ipn;
mod pay;
mod receipt;
mod returned;

pub use counter::record;
pub use ipn::ipn;
pub use pay::pay;
pub use receipt::receipt;
pub use returned::returned;
