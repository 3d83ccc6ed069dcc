//! Feedback use cases shared by the portal, the JSON API, Open311 and the inbound chat
//! channel: submitting (validation, photos, routing), acting on a report, who may read what,
//! the public view, listings, votes, the setup, Open311 keys, and what Open311 clients may
//! follow (redacted reports, status updates) and add (comments on their own reports).

mod act;
mod kept;
mod keys;
mod open311;
mod public;
mod reading;
mod setup;
mod submit;

pub use act::{act, available_actions, readable};
pub use kept::{keep_for_retry, kept_photo};
pub use keys::{add_open311_key, open311_key_id, revoke_open311_key};
pub use open311::{Comment, Open311View, StatusUpdate, comment, open311_report, open311_view, status_updates};
pub use public::{PublicReport, may_read_full};
pub use reading::{
    by_external_ref, by_token, first_media, history, list, media, my_vote, nearby, photo, report_for, vote,
};
pub use setup::save_setup;
pub use submit::{Photo, Submission, submit};
