//! Return by post: the communes a result may be delivered to, the applicant's choice of the
//! post with a delivery address (at filing or later, until the result leaves), and the
//! one-stop officers' records of the parcel (handed to the post — returning the result by
//! post if that was not done yet —, delivered, returned undelivered).

mod choose;
mod record;

pub use choose::{choose, communes, postal};
pub use record::record;

/// Today in Vietnam (postal dates are judged against it).
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(motcua_domain::calendar::VIETNAM)
        .date()
}
