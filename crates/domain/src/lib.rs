//! Domain rules of motcua. This crate knows nothing of HTTP, SQL or files: it holds the
//! vocabulary of the one-stop shop (agencies and their codes, accounts and roles, the
//! procedure catalogue) and the rules that make a value valid.

pub mod account;
pub mod agency;
pub mod calendar;
pub mod catalogue;
pub mod documents;
pub mod dossier;
pub mod feedback;
pub mod ids;
pub mod index766;
pub mod payment;
pub mod postal;
pub mod procedure;
pub mod rating;
pub mod result;
pub mod text;
pub mod validation;

pub use validation::{FieldError, Validation};
