//! The API's own types for the document store, ratings and return by post: what clients
//! send and receive, apart from the domain's types and the stored formats.

use serde::{Deserialize, Serialize};

use motcua_app::records::{PostalRecord, RatingRecord, StoredDocument};
use motcua_domain::rating::Rating;

use crate::api::dossier_types::rfc3339;

/// A kept document.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DocumentOut {
    pub id: i64,
    /// A code of `GET /api/v1/document-types`, if the document has a listed type.
    pub document_type: Option<String>,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// component (accepted with a dossier) | result (of a dossier, or pushed by an
    /// officer) | citizen (added by the citizen)
    pub origin: String,
    /// The code of the dossier it came from.
    pub dossier: Option<String>,
    /// `YYYY-MM-DD`.
    pub issued_on: Option<String>,
    pub created_at: String,
    /// Where its bytes are.
    pub file_url: String,
}

impl From<StoredDocument> for DocumentOut {
    fn from(d: StoredDocument) -> Self {
        DocumentOut {
            file_url: format!("/api/v1/me/documents/{}/file", d.id),
            id: d.id.get(),
            document_type: d.document_type,
            title: d.title,
            file_name: d.file_name,
            content_type: d.content_type,
            size_bytes: d.size_bytes,
            origin: d.origin.as_str().to_owned(),
            dossier: d.dossier_code,
            issued_on: d.issued_on.map(|x| x.to_string()),
            created_at: rfc3339(d.created_at),
        }
    }
}

/// A document type of the catalogue.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DocumentTypeOut {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

/// What an officer says of a file pushed to the applicant's store.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// A code of `GET /api/v1/document-types`.
    #[serde(default)]
    pub document_type: Option<String>,
    pub title: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub issued_on: Option<String>,
}

/// A rating, as given.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingRequest {
    pub satisfied: bool,
    /// Handled in time.
    #[serde(default)]
    pub time: Option<bool>,
    #[serde(default)]
    pub attitude: Option<bool>,
    #[serde(default)]
    pub clarity: Option<bool>,
    /// Plain text, at most 1000 characters.
    #[serde(default)]
    pub comment: String,
    /// The rating's version the client saw, when changing it (optional).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A dossier's rating.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RatingOut {
    pub dossier: String,
    pub satisfied: bool,
    pub time: Option<bool>,
    pub attitude: Option<bool>,
    pub clarity: Option<bool>,
    pub comment: String,
    pub rated_at: String,
    pub updated_at: String,
    /// Until when the applicant may change it.
    pub editable_until: String,
    pub version: i64,
}

impl From<RatingRecord> for RatingOut {
    fn from(r: RatingRecord) -> Self {
        let Rating {
            satisfied,
            time,
            attitude,
            clarity,
            comment,
        } = r.rating;
        RatingOut {
            dossier: r.dossier_code,
            satisfied,
            time,
            attitude,
            clarity,
            comment,
            rated_at: rfc3339(r.rated_at),
            updated_at: rfc3339(r.updated_at),
            editable_until: rfc3339(motcua_domain::rating::editable_until(r.rated_at)),
            version: r.version,
        }
    }
}

/// Counts of ratings.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TallyOut {
    pub count: u64,
    pub satisfied: u64,
    /// The satisfied share in tenths of a percent (875 = 87.5 %); absent without ratings.
    pub satisfied_per_mille: Option<u64>,
    /// Per criterion (time, attitude, clarity): how many said satisfied and not.
    pub criteria: Vec<CriterionTallyOut>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CriterionTallyOut {
    /// time | attitude | clarity
    pub criterion: String,
    pub satisfied: u64,
    pub not_satisfied: u64,
}

/// Ratings read together.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RatingsOut {
    pub tally: TallyOut,
    /// Per unit of the agency (agency reads only): the unit's code (none: officers of no unit).
    pub by_unit: Vec<UnitTallyOut>,
    /// The latest ratings, newest first (at most 200).
    pub latest: Vec<RatingOut>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitTallyOut {
    pub unit: Option<String>,
    pub tally: TallyOut,
}

/// A period and, for an agency, a unit.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default, deny_unknown_fields)]
pub struct RatingsQuery {
    /// First day, `YYYY-MM-DD` (Vietnam time).
    pub from: Option<String>,
    /// Last day, included.
    pub to: Option<String>,
    /// A unit's code (agency reads only).
    pub unit: Option<String>,
}

/// A commune a result may be delivered to.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CommuneOut {
    pub code: String,
    pub name: String,
}

/// A delivery address: the applicant chooses return by post.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostalRequest {
    pub recipient: String,
    /// A Vietnamese mobile number.
    pub phone: String,
    /// House number, street, hamlet.
    pub street: String,
    /// A code of `GET /api/v1/communes`.
    pub commune: String,
}

/// An officer's record of the parcel.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostalEventRequest {
    /// handed_to_post | delivered | returned_undelivered
    pub event: String,
    /// Required when handing to the post.
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// The day it happened, `YYYY-MM-DD` (not after today).
    pub on: String,
    /// Why it came back (returned_undelivered).
    #[serde(default)]
    pub note: Option<String>,
}

/// A dossier's return by post.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PostalOut {
    pub dossier: String,
    /// requested | handed_to_post | delivered | returned_undelivered
    pub status: String,
    pub recipient: String,
    pub phone: String,
    pub street: String,
    pub commune: String,
    pub tracking_number: Option<String>,
    pub handed_on: Option<String>,
    pub delivered_on: Option<String>,
    pub returned_on: Option<String>,
    pub requested_at: String,
    pub version: i64,
}

impl PostalOut {
    pub fn new(code: &str, p: PostalRecord) -> Self {
        PostalOut {
            dossier: code.to_owned(),
            status: p.state.status.as_str().to_owned(),
            recipient: p.address.recipient,
            phone: p.address.phone,
            street: p.address.street,
            commune: p.address.commune_code,
            tracking_number: p.state.tracking_number,
            handed_on: p.state.handed_on.map(|d| d.to_string()),
            delivered_on: p.delivered_on.map(|d| d.to_string()),
            returned_on: p.returned_on.map(|d| d.to_string()),
            requested_at: rfc3339(p.requested_at),
            version: p.version,
        }
    }
}

/// Reads a `YYYY-MM-DD` day; an unreadable one is a field error.
pub fn day(field: &str, s: &str) -> Result<time::Date, motcua_domain::FieldError> {
    time::Date::parse(s.trim(), time::macros::format_description!("[year]-[month]-[day]")).map_err(|_| {
        motcua_domain::FieldError {
            field: field.to_owned(),
            code: "not_a_date",
            detail: None,
        }
    })
}
