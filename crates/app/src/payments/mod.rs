//! Fees and payments: the fee quoted at filing, online payment through the gateway (start,
//! the gateway's notification, the browser's return), payments taken at the counter, the
//! attempts of a dossier and the reconciliation job's settling of late outcomes.
//!
//! The gateway's notification (IPN) is authoritative; the browser's return only shows what
//! is known. A dossier is paid at most once: `domain::payment` decides, storage's partial
//! unique index enforces it across processes.

mod counter;
mod fee;
mod gateway;
mod ipn;
mod reading;
mod receipt;
mod reconcile;
mod return_page;
mod start;

pub use counter::record_counter;
pub use fee::quote_for;
pub use ipn::handle_ipn;
pub use reading::{Payments, payments};
pub use receipt::receipt;
pub use reconcile::reconcile_once;
pub use return_page::{Returned, read_return};
pub use start::{Started, start_online};
