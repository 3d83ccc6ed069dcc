//! Feedback use cases shared by the portal, the JSON API, Open311 and the inbound chat
//! channel: submitting (validation, photos, routing), acting on a report, who may read what,
//! the public view, listings, votes, the setup and Open311 keys.

mod act;
mod keys;
mod public;
mod reading;
mod setup;
mod submit;

pub use act::{act, available_actions, readable};
pub use keys::{add_open311_key, open311_key_valid, revoke_open311_key};
pub use public::{PublicReport, may_read_full};
pub use reading::{
    by_external_ref, by_token, first_media, history, list, media, my_vote, nearby, photo, report_for, vote,
};
pub use setup::save_setup;
pub use submit::{Photo, Submission, submit};
