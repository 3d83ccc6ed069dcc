//! Dossier pages: "my dossiers" and the officers' workspace (`lists.rs`), a dossier's page
//! with its timeline and the actions the viewer may take (`page.rs`), posting an action
//! (`act.rs`), downloading a file (`download.rs`) and the public look-up (`lookup.rs`).

mod act;
mod download;
mod lists;
mod lookup;
mod page;

pub use act::act;
pub(crate) use download::disposition;
pub use download::download;
pub use lists::{BookForm, WorkQuery, mine, workspace, workspace_page};
pub use lookup::{lookup, lookup_code, lookup_post};
pub use page::show;
pub(crate) use page::{Banner, draw};

use time::OffsetDateTime;

use motcua_domain::calendar::VIETNAM;
use motcua_domain::dossier::DossierState;

use crate::i18n::Tr;

/// `09:00 16/03/2026`, Vietnam time.
pub fn local(t: OffsetDateTime) -> String {
    let l = t.checked_to_offset(VIETNAM).unwrap_or(t);
    format!(
        "{:02}:{:02} {:02}/{:02}/{}",
        l.hour(),
        l.minute(),
        l.day(),
        u8::from(l.month()),
        l.year()
    )
}

fn status_label(t: Tr, s: &str) -> String {
    t.t(&format!("status.{s}")).to_owned()
}

/// The appointment as the reader sees it: the date, "stopped" while the applicant
/// supplements the dossier, nothing before reception.
fn due_text(t: Tr, s: &DossierState) -> String {
    if s.status.clock_stopped() {
        return t.t("dossier.clock_stopped").to_owned();
    }
    s.due_at.map(local).unwrap_or_default()
}
