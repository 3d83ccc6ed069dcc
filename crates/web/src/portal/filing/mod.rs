//! Filing, GOV.UK style: one thing per page (receiving agency, applicant, form, documents),
//! saved as a draft after every page, a check-your-answers page, and a confirmation page
//! with the dossier code and what happens next. The same pages serve the counter
//! (`/tiep-nhan/…`), where a one-stop officer files for a walk-in applicant.
//!
//! `agency.rs`, `applicant.rs`, `data.rs`, `documents.rs`, `check.rs` and `done.rs` are the
//! pages; `page.rs` is the shared page template; this file loads and saves the filing.

mod agency;
mod applicant;
mod check;
mod data;
mod documents;
mod done;
pub(crate) mod page;

use std::sync::Arc;

use axum::extract::{MatchedPath, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use motcua_app::ProcedureEntry;
use motcua_app::dossiers::{self, Draft, counter_agencies};
use motcua_app::records::Attachment;
use motcua_domain::account::Principal;
use motcua_domain::agency::AgencyCode;
use motcua_domain::dossier::Applicant;
use motcua_domain::procedure::form::validate_values;
use motcua_domain::procedure::{Channel, OnlineLevel};

pub use agency::{agency_form, agency_save};
pub use applicant::{applicant_form, applicant_save};
pub use check::{check, submit};
pub use data::{data_form, data_save};
pub use documents::{documents_continue, documents_delete, documents_form, documents_reuse, documents_upload};
pub use done::done;

use super::view::{Ctx, PageError};
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::state::AppState;

/// Today in Vietnam (form dates are judged against it).
fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(motcua_domain::calendar::VIETNAM)
        .date()
}

/// Filing online (a citizen for themselves) or at the counter (a one-stop officer for a
/// walk-in applicant, scanning the paper documents as attachments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Online,
    Counter,
}

impl Mode {
    fn of(matched: &MatchedPath) -> Mode {
        if matched.as_str().starts_with("/tiep-nhan/") {
            Mode::Counter
        } else {
            Mode::Online
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Mode::Online => "/nop-ho-so",
            Mode::Counter => "/tiep-nhan",
        }
    }
}

/// A filing in progress: who files, for which procedure, in which mode, and the draft.
struct Filing {
    mode: Mode,
    t: Tr,
    who: Principal,
    entry: Arc<ProcedureEntry>,
    draft: Draft,
}

impl Filing {
    /// Loads the filing of `code` for the signed-in user (others sign in first, then come
    /// back); 404 for a procedure that cannot be filed this way, 403 at a counter where the
    /// user is not a one-stop officer.
    async fn load(state: &AppState, ctx: &Ctx, code: &str, matched: &MatchedPath) -> Result<Filing, PageError> {
        let mode = Mode::of(matched);
        let Some(who) = ctx.principal().cloned() else {
            return Err(PageError::sign_in(format!("{}/{code}", mode.prefix())));
        };
        let cat = state.catalogue();
        let entry = cat.get(code).cloned().ok_or(ApiError::NotFound)?;
        match mode {
            Mode::Online => {
                let p = &entry.procedure;
                if !p.channels.contains(&Channel::Online) || p.online_level == OnlineLevel::None {
                    return Err(ApiError::NotFound.into());
                }
            }
            Mode::Counter => {
                if counter_agencies(&cat, &who, &entry).is_empty() {
                    return Err(ApiError::Forbidden.into());
                }
            }
        }
        let draft = match dossiers::load_draft(state, &who, entry.id).await? {
            Some(d) => d,
            None if mode == Mode::Online => Draft {
                applicant: Applicant {
                    full_name: who.display_name.clone(),
                    ..Applicant::default()
                },
                ..Draft::default()
            },
            None => Draft::default(),
        };
        Ok(Filing {
            mode,
            t: ctx.t,
            who,
            entry,
            draft,
        })
    }

    async fn save(&self, state: &AppState) -> Result<(), PageError> {
        Ok(dossiers::save_draft(state, &self.who, self.entry.id, &self.draft).await?)
    }

    /// The URL of a page of this filing.
    fn url(&self, step: &str) -> String {
        format!("{}/{}/{step}", self.mode.prefix(), self.entry.procedure.code)
    }

    /// Where page `step` (1 agency … 5 check) sits in the journey.
    fn journey(&self, step: usize) -> page::Journey {
        const PAGES: [&str; 5] = ["co-quan", "nguoi-nop", "to-khai", "giay-to", "kiem-tra"];
        let back = match step {
            0 | 1 => format!("/thu-tuc/{}", self.entry.procedure.code),
            n => self.url(PAGES[(n - 2).min(PAGES.len() - 1)]),
        };
        page::Journey {
            step,
            steps: PAGES.len(),
            back,
        }
    }

    /// Agencies the filer may file with: the procedure's, and at the counter only those
    /// where the officer is a one-stop officer.
    fn agencies(&self, state: &AppState) -> Vec<AgencyCode> {
        match self.mode {
            Mode::Online => self.entry.procedure.agencies.clone(),
            Mode::Counter => counter_agencies(&state.catalogue(), &self.who, &self.entry),
        }
    }

    async fn files(&self, state: &AppState) -> Result<Vec<Attachment>, PageError> {
        Ok(dossiers::draft_files(state, &self.who, &self.entry).await?)
    }

    /// Where to go next: the first page not yet done.
    fn next_page(&self, files: &[Attachment]) -> String {
        if self.draft.agency.is_empty() {
            self.url("co-quan")
        } else if !self.draft.applicant.validate().is_empty() {
            self.url("nguoi-nop")
        } else if !validate_values(&self.entry.procedure.form, &self.draft.data, today()).is_empty() {
            self.url("to-khai")
        } else if !dossiers::missing_components(&self.entry, files).is_empty() {
            self.url("giay-to")
        } else {
            self.url("kiem-tra")
        }
    }

    async fn next(&self, state: &AppState) -> Result<String, PageError> {
        Ok(self.next_page(&self.files(state).await?))
    }
}

/// The first page: the agency is chosen when there is only one, then the first page not
/// yet done.
pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
) -> Result<Response, PageError> {
    let mut f = Filing::load(&state, &ctx, &code, &matched).await?;
    let agencies = f.agencies(&state);
    if f.draft.agency.is_empty() && agencies.len() == 1 {
        f.draft.agency = agencies[0].to_string();
        f.save(&state).await?;
    }
    Ok(Redirect::to(&f.next(&state).await?).into_response())
}
