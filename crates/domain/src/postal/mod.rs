//! Return by post (trả kết quả qua dịch vụ bưu chính công ích): the applicant gives a
//! delivery address in one of the province's communes, at filing or later while the result
//! is not yet returned; the one-stop officers record the parcel handed to the post (with its
//! tracking number), delivered, or returned undelivered, each with its date. Every step is a
//! line of the dossier's timeline.

use time::Date;

use crate::FieldError;
use crate::account::{Principal, Role};
use crate::dossier::{DossierState, Status};
use crate::ids::AgencyId;
use crate::validation::Validation;

/// Longest recipient name, street address, tracking number and note, in characters.
pub const RECIPIENT_MAX: usize = 150;
pub const STREET_MAX: usize = 200;
pub const TRACKING_MAX: usize = 40;
pub const NOTE_MAX: usize = 500;

/// A commune (xã, phường) a result may be delivered to: the code of its People's
/// Committee and its name ("phường Tân An").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    pub code: String,
    pub name: String,
}

/// A commune's name from its People's Committee's ("Ủy ban nhân dân phường Tân An" →
/// "phường Tân An"); other names are kept as they are.
pub fn commune_name(agency_name: &str) -> String {
    let name = agency_name.trim();
    for prefix in ["Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND "] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return rest.trim().to_owned();
        }
    }
    name.to_owned()
}

/// A delivery address as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressInput {
    pub recipient: String,
    pub phone: String,
    /// House number, street, hamlet (số nhà, đường, thôn, tổ dân phố).
    pub street: String,
    /// The commune's code.
    pub commune: String,
}

/// A valid delivery address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAddress {
    pub recipient: String,
    /// National form `0xxxxxxxxx`.
    pub phone: String,
    pub street: String,
    pub commune_code: String,
}

fn clean(s: &str) -> String {
    crate::text::squash_spaces(&crate::text::nfc(s))
}

fn plain(v: &mut Validation, field: &str, value: &str) {
    if value.chars().any(char::is_control) {
        v.push(field, "invalid_format", None);
    }
}

impl AddressInput {
    /// Checks every field at once: a recipient, a mobile number, the street address
    /// (`address_required`) and a commune of the list (`commune_required`,
    /// `unknown_commune`).
    pub fn validate(&self, communes: &[Commune]) -> Result<DeliveryAddress, Vec<FieldError>> {
        let mut v = Validation::new();
        let recipient = clean(&self.recipient);
        v.text("recipient", &recipient, RECIPIENT_MAX);
        plain(&mut v, "recipient", &recipient);
        let phone = crate::account::normalise_phone(&self.phone);
        if self.phone.trim().is_empty() {
            v.push("phone", "required", None);
        } else if phone.is_none() {
            v.push("phone", "invalid_phone", None);
        }
        let street = clean(&self.street);
        if street.is_empty() {
            v.push("street", "address_required", None);
        } else if street.chars().count() > STREET_MAX {
            v.push("street", "too_long", Some(STREET_MAX.to_string()));
        }
        plain(&mut v, "street", &street);
        let commune = self.commune.trim();
        if commune.is_empty() {
            v.push("commune", "commune_required", None);
        } else if !communes.iter().any(|c| c.code == commune) {
            v.push("commune", "unknown_commune", None);
        }
        v.finish()?;
        Ok(DeliveryAddress {
            recipient,
            phone: phone.unwrap_or_default(),
            street,
            commune_code: commune.to_owned(),
        })
    }
}

/// Where a result sent by post is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PostalStatus {
    /// The applicant chose the post and gave an address.
    Requested,
    /// An officer handed the result to the post.
    HandedToPost,
    Delivered,
    /// The post brought it back: it may be handed to the post again.
    ReturnedUndelivered,
}

impl PostalStatus {
    pub const ALL: [PostalStatus; 4] = [
        PostalStatus::Requested,
        PostalStatus::HandedToPost,
        PostalStatus::Delivered,
        PostalStatus::ReturnedUndelivered,
    ];

    /// The name (also the key of its label and the API's word).
    pub fn as_str(self) -> &'static str {
        match self {
            PostalStatus::Requested => "requested",
            PostalStatus::HandedToPost => "handed_to_post",
            PostalStatus::Delivered => "delivered",
            PostalStatus::ReturnedUndelivered => "returned_undelivered",
        }
    }

    pub fn parse(s: &str) -> Option<PostalStatus> {
        PostalStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What an officer records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostalEvent {
    HandedToPost { tracking_number: String, on: Date },
    Delivered { on: Date },
    ReturnedUndelivered { on: Date, note: String },
}

impl PostalEvent {
    /// The status the event leads to.
    pub fn status(&self) -> PostalStatus {
        match self {
            PostalEvent::HandedToPost { .. } => PostalStatus::HandedToPost,
            PostalEvent::Delivered { .. } => PostalStatus::Delivered,
            PostalEvent::ReturnedUndelivered { .. } => PostalStatus::ReturnedUndelivered,
        }
    }

    /// The day it happened.
    pub fn on(&self) -> Date {
        match self {
            PostalEvent::HandedToPost { on, .. }
            | PostalEvent::Delivered { on }
            | PostalEvent::ReturnedUndelivered { on, .. } => *on,
        }
    }
}

/// A dossier's postal delivery as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalState {
    pub status: PostalStatus,
    /// The day of the last hand-over to the post.
    pub handed_on: Option<Date>,
    pub tracking_number: Option<String>,
}

/// Why a postal step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostalError {
    #[error("only the applicant chooses how the result is returned")]
    NotTheApplicant,
    /// The dossier has ended: its result was returned (or it was refused, withdrawn, stopped).
    #[error("the dossier has ended")]
    DossierEnded,
    /// The result is already with the post: the address no longer changes.
    #[error("the result was already handed to the post")]
    AlreadyHanded,
    /// The applicant did not choose the post.
    #[error("return by post was not chosen")]
    NotChosen,
    /// Only one-stop officers of the receiving agency record postal steps.
    #[error("a one-stop officer of the receiving agency records this")]
    RoleRequired,
    /// There is no result to send yet.
    #[error("the result is not ready")]
    ResultNotReady,
    /// The step does not follow from where the parcel is.
    #[error("not possible while the parcel is {0:?}")]
    WrongStep(PostalStatus),
    /// Field errors (tracking number, dates, note).
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
}

impl PostalError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            PostalError::NotTheApplicant => "not_the_applicant",
            PostalError::DossierEnded => "dossier_ended",
            PostalError::AlreadyHanded => "already_handed",
            PostalError::NotChosen => "post_not_chosen",
            PostalError::RoleRequired => "role_required",
            PostalError::ResultNotReady => "result_not_ready",
            PostalError::WrongStep(_) => "postal_wrong_step",
            PostalError::Invalid(_) => "validation_failed",
        }
    }
}

/// Whether `who` may choose return by post (or change the address) now: the applicant,
/// before the dossier ends and before the result is handed to the post.
pub fn may_choose(who: &Principal, state: &DossierState, postal: Option<&PostalState>) -> Result<(), PostalError> {
    if who.is_officer() || state.applicant_id != Some(who.user_id) {
        return Err(PostalError::NotTheApplicant);
    }
    if state.status.is_final() {
        return Err(PostalError::DossierEnded);
    }
    match postal.map(|p| p.status) {
        None | Some(PostalStatus::Requested) => Ok(()),
        Some(_) => Err(PostalError::AlreadyHanded),
    }
}

/// Whether `who` records postal steps of a dossier received by `receiving_agency`.
pub fn may_record(who: &Principal, receiving_agency: AgencyId) -> bool {
    who.holds(Role::OneStopOfficer, receiving_agency, None)
}

/// The steps an officer may record now, for a dossier at `status` whose parcel is at
/// `current` (the kinds `apply` accepts with valid content).
pub fn possible(current: Option<&PostalState>, status: Status) -> Vec<PostalStatus> {
    let result_ready = matches!(status, Status::Processed | Status::ResultReturned);
    match current.map(|c| c.status) {
        Some(PostalStatus::Requested | PostalStatus::ReturnedUndelivered) if result_ready => {
            vec![PostalStatus::HandedToPost]
        }
        Some(PostalStatus::HandedToPost) => vec![PostalStatus::Delivered, PostalStatus::ReturnedUndelivered],
        _ => Vec::new(),
    }
}

/// Normalises a tracking number (VNPost's `EB123456789VN`): upper case, no spaces.
pub fn normalise_tracking(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The postal state after `event`, recorded on `today`, for a dossier at `status`:
/// handing to the post needs a result (processed, or returned) and a parcel not with the
/// post; delivery and return follow a hand-over, on or after its day; no date is after today.
pub fn apply(
    current: Option<&PostalState>,
    status: Status,
    event: &PostalEvent,
    today: Date,
) -> Result<PostalState, PostalError> {
    let current = current.ok_or(PostalError::NotChosen)?;
    let mut v = Validation::new();
    if event.on() > today {
        v.push("on", "date_in_future", None);
    }
    let next = match event {
        PostalEvent::HandedToPost { tracking_number, on } => {
            if !matches!(status, Status::Processed | Status::ResultReturned) {
                return Err(PostalError::ResultNotReady);
            }
            if !matches!(
                current.status,
                PostalStatus::Requested | PostalStatus::ReturnedUndelivered
            ) {
                return Err(PostalError::WrongStep(current.status));
            }
            let tracking = normalise_tracking(tracking_number);
            if tracking.is_empty() {
                v.push("tracking_number", "required", None);
            } else if tracking.chars().count() > TRACKING_MAX {
                v.push("tracking_number", "too_long", Some(TRACKING_MAX.to_string()));
            } else if !tracking.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                v.push("tracking_number", "invalid_tracking_number", None);
            }
            PostalState {
                status: PostalStatus::HandedToPost,
                handed_on: Some(*on),
                tracking_number: Some(tracking),
            }
        }
        PostalEvent::Delivered { on } | PostalEvent::ReturnedUndelivered { on, .. } => {
            if current.status != PostalStatus::HandedToPost {
                return Err(PostalError::WrongStep(current.status));
            }
            if current.handed_on.is_some_and(|h| *on < h) {
                v.push("on", "date_before_handed", None);
            }
            if let PostalEvent::ReturnedUndelivered { note, .. } = event {
                v.optional_text("note", note, NOTE_MAX);
            }
            PostalState {
                status: event.status(),
                ..current.clone()
            }
        }
    };
    v.finish().map_err(PostalError::Invalid)?;
    Ok(next)
}

#[cfg(test)]
mod tests;
