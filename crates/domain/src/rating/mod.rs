//! Satisfaction ratings (đánh giá mức độ hài lòng): after a dossier ends, its applicant says
//! whether they were satisfied, optionally per criterion (time, attitude, clarity), with an
//! optional comment; once per dossier, editable for seven days. Ratings are counted per
//! agency, unit and officer (Decision 766, criterion 5.4).

use time::{Duration, OffsetDateTime};

use crate::account::{Principal, Role};
use crate::dossier::{DossierState, Status};
use crate::ids::{AgencyId, UnitId};
use crate::validation::Validation;

/// Longest comment, in characters.
pub const COMMENT_MAX: usize = 1000;

/// How long after rating the applicant may still change it.
pub const EDIT_WINDOW: Duration = Duration::days(7);

/// What a rating may say more than "satisfied or not".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Criterion {
    /// The dossier was handled in time.
    Time,
    /// The officers' attitude.
    Attitude,
    /// Clear guidance and answers.
    Clarity,
}

impl Criterion {
    pub const ALL: [Criterion; 3] = [Criterion::Time, Criterion::Attitude, Criterion::Clarity];

    /// The name (also the key of its label and the API's field).
    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Time => "time",
            Criterion::Attitude => "attitude",
            Criterion::Clarity => "clarity",
        }
    }
}

/// A rating as given: satisfied or not, each criterion satisfied, not, or not said.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RatingInput {
    pub satisfied: Option<bool>,
    pub time: Option<bool>,
    pub attitude: Option<bool>,
    pub clarity: Option<bool>,
    pub comment: String,
}

/// A valid rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    pub satisfied: bool,
    pub time: Option<bool>,
    pub attitude: Option<bool>,
    pub clarity: Option<bool>,
    /// Plain text, NFC, trimmed; empty when none was given.
    pub comment: String,
}

impl Rating {
    /// What the rating says of `c`.
    pub fn criterion(&self, c: Criterion) -> Option<bool> {
        match c {
            Criterion::Time => self.time,
            Criterion::Attitude => self.attitude,
            Criterion::Clarity => self.clarity,
        }
    }
}

impl RatingInput {
    /// Checks the rating: "satisfied or not" is required; the comment is plain text of at
    /// most `COMMENT_MAX` characters (line breaks allowed, other control characters not).
    pub fn validate(&self) -> Result<Rating, Vec<crate::FieldError>> {
        let mut v = Validation::new();
        if self.satisfied.is_none() {
            v.push("satisfied", "required", None);
        }
        let comment = crate::text::nfc(self.comment.trim());
        v.optional_text("comment", &comment, COMMENT_MAX);
        if comment
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            v.push("comment", "invalid_format", None);
        }
        v.finish()?;
        Ok(Rating {
            satisfied: self.satisfied.unwrap_or_default(),
            time: self.time,
            attitude: self.attitude,
            clarity: self.clarity,
            comment,
        })
    }
}

/// Why a rating is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    /// The dossier has not ended (result returned, refused or withdrawn).
    #[error("the dossier has not ended")]
    NotFinished,
    /// The dossier was rated more than seven days ago: the rating stands.
    #[error("the dossier was already rated")]
    AlreadyRated,
    /// Only the dossier's applicant rates it.
    #[error("only the applicant may rate the dossier")]
    NotTheApplicant,
}

impl RatingError {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            RatingError::NotFinished => "not_finished",
            RatingError::AlreadyRated => "already_rated",
            RatingError::NotTheApplicant => "not_the_applicant",
        }
    }
}

/// The statuses after which a dossier is rated.
pub fn is_finished(status: Status) -> bool {
    matches!(status, Status::ResultReturned | Status::Refused | Status::Withdrawn)
}

/// Until when a rating given at `rated_at` may be changed.
pub fn editable_until(rated_at: OffsetDateTime) -> OffsetDateTime {
    rated_at.saturating_add(EDIT_WINDOW)
}

/// Whether `who` may rate the dossier now (a first rating, or a change within seven days
/// of `rated_at`, the first rating's time).
pub fn may_rate(
    who: &Principal,
    state: &DossierState,
    rated_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<(), RatingError> {
    if who.is_officer() || state.applicant_id != Some(who.user_id) {
        return Err(RatingError::NotTheApplicant);
    }
    if !is_finished(state.status) {
        return Err(RatingError::NotFinished);
    }
    match rated_at {
        Some(at) if now >= editable_until(at) => Err(RatingError::AlreadyRated),
        _ => Ok(()),
    }
}

/// The agencies and units whose ratings `who` reads as a leader: every grant of the leader
/// role (a grant without a unit covers the whole agency). System administrators read every
/// agency's through the same pages, agency by agency.
pub fn leader_scopes(who: &Principal) -> Vec<(AgencyId, Option<UnitId>)> {
    who.grants
        .iter()
        .filter(|g| g.role == Role::Leader)
        .map(|g| (g.agency_id, g.unit_id))
        .collect()
}

/// Counts of ratings: how many, how many satisfied, and per criterion how many said
/// satisfied and not satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub count: u64,
    pub satisfied: u64,
    /// Per criterion, in the order of `Criterion::ALL`: (satisfied, not satisfied).
    pub criteria: [(u64, u64); 3],
}

impl Tally {
    /// Counts one more rating.
    pub fn add(&mut self, r: &Rating) {
        self.count = self.count.saturating_add(1);
        if r.satisfied {
            self.satisfied = self.satisfied.saturating_add(1);
        }
        for (i, c) in Criterion::ALL.into_iter().enumerate() {
            match r.criterion(c) {
                Some(true) => self.criteria[i].0 = self.criteria[i].0.saturating_add(1),
                Some(false) => self.criteria[i].1 = self.criteria[i].1.saturating_add(1),
                None => {}
            }
        }
    }

    /// The satisfied share in tenths of a percent (875 is 87.5 %), rounded half up; none
    /// without ratings.
    pub fn satisfied_per_mille(&self) -> Option<u64> {
        share(self.satisfied, self.count)
    }
}

/// `part / whole` in tenths of a percent, rounded half up.
pub fn share(part: u64, whole: u64) -> Option<u64> {
    if whole == 0 {
        return None;
    }
    let scaled = u128::from(part) * 1000 * 2 + u128::from(whole);
    u64::try_from(scaled / (u128::from(whole) * 2)).ok()
}

#[cfg(test)]
mod tests;
