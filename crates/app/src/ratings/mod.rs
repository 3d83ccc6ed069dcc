//! Satisfaction ratings: the applicant rates an ended dossier (once, changeable for seven
//! days); the rating is stored with the officers who handled the dossier, so that each
//! officer reads their own ratings and a leader their unit's or agency's, with counts and
//! the satisfied share.

mod give;
mod read;

pub use give::{rate, rating};
pub use read::{Period, Ratings, UnitTally, for_scope, mine};
