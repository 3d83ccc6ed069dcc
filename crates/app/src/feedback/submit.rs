//! Submitting a report: checks, photos (type from content, EXIF position, metadata removed),
//! the area from the point, routing to the responsible agency and unit, then one transaction.

use bytes::Bytes;
use time::OffsetDateTime;

use motcua_domain::feedback::NewReport;
use motcua_domain::feedback::workflow::Rules;
use motcua_domain::ids::{KeptPhotoId, UserId};
use motcua_domain::{FieldError, Validation};
use motcua_storage::{FeedbackChannel, FeedbackRecord, KeptPhoto, NewFeedback, NewMedia, Open311Client};

use super::kept::clean_off_thread;

use crate::accounts::tokens::random_token;
use crate::{App, AppError, Result};

/// An uploaded photo as received.
pub struct Photo {
    pub bytes: Bytes,
}

/// A report and where it came from.
pub struct Submission {
    pub report: NewReport,
    pub reporter_id: Option<UserId>,
    pub channel: FeedbackChannel,
    pub external_ref: Option<String>,
    pub device_id: Option<String>,
    pub account_ref: Option<String>,
    /// The Open311 client (API key) filing the report: the one that may comment on it.
    pub client: Option<Open311Client>,
    pub photos: Vec<Photo>,
    /// Photos kept for the reporter from an earlier, refused try (`feedback::keep_for_retry`).
    pub kept: Vec<KeptPhotoId>,
    /// Links to media a client already hosts (Open311 `media_url`).
    pub media_urls: Vec<String>,
}

impl Submission {
    /// A report without photos, links or channel references.
    pub fn new(report: NewReport, reporter_id: Option<UserId>, channel: FeedbackChannel) -> Submission {
        Submission {
            report,
            reporter_id,
            channel,
            external_ref: None,
            device_id: None,
            account_ref: None,
            client: None,
            photos: Vec::new(),
            kept: Vec::new(),
            media_urls: Vec::new(),
        }
    }
}

/// A link a client gives: http or https, no spaces or markup, at most 2,000 characters.
pub(super) fn check_url(v: &mut Validation, url: &str) {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 2000
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"');
    if !ok {
        v.push("media_url", "invalid_url", None);
    }
}

/// Validates, routes and stores a report. Nothing is stored unless everything is valid.
pub async fn submit(app: &App, mut s: Submission) -> Result<FeedbackRecord, AppError> {
    let setup = app.feedback_setup();
    let limits = &app.settings().feedback;
    let mut extra = Validation::new();
    let kept = match (s.reporter_id, s.kept.is_empty()) {
        (_, true) | (None, false) => Vec::new(),
        (Some(user), false) => {
            let mine = app.store().kept_photos(user).await?;
            let found: Vec<KeptPhoto> = s
                .kept
                .iter()
                .filter_map(|id| mine.iter().find(|k| k.id == *id).cloned())
                .collect();
            if found.len() != s.kept.len() {
                extra.push("media", "kept_photo_gone", None);
            }
            found
        }
    };
    if s.photos.len().saturating_add(kept.len()) > limits.max_photos {
        extra.push("media", "too_many_files", Some(limits.max_photos.to_string()));
    }
    let mut cleaned = Vec::new();
    for (i, p) in s.photos.iter().enumerate() {
        if p.bytes.len() > app.settings().max_upload_bytes {
            let mib = app.settings().max_upload_bytes / (1024 * 1024);
            extra.push(format!("media/{i}"), "file_too_large", Some(mib.to_string()));
            continue;
        }
        match clean_off_thread(p.bytes.clone()).await? {
            Ok(c) => cleaned.push(c),
            Err(e) => extra.push(format!("media/{i}"), e.code(), None),
        }
    }
    for url in &s.media_urls {
        check_url(&mut extra, url);
    }
    // A photo's own position stands in for a location the reporter did not give.
    if s.report.lat.trim().is_empty()
        && s.report.lon.trim().is_empty()
        && let Some(p) = kept
            .iter()
            .find_map(|k| k.position)
            .or_else(|| cleaned.iter().find_map(|c| c.position))
    {
        s.report.lat = p.lat.to_string();
        s.report.lon = p.lon.to_string();
    }
    let category = setup.category(s.report.category.trim());
    let checked = s.report.validate(category);
    let mut errors: Vec<FieldError> = checked.as_ref().err().cloned().unwrap_or_default();
    if let Some(area) = (!s.report.area.trim().is_empty()).then(|| s.report.area.trim())
        && setup.area(area).is_none()
    {
        errors.push(FieldError {
            field: "area".into(),
            code: "unknown_area",
            detail: None,
        });
    }
    errors.extend(extra.into_errors());
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let report = checked.map_err(AppError::Validation)?;
    let category = category.ok_or_else(|| AppError::invalid("category", "unknown_category"))?;
    let area = report
        .area
        .clone()
        .or_else(|| report.point.and_then(|p| setup.area_of(p)).map(|a| a.code.clone()));
    let route = setup
        .route(category, area.as_deref())
        .ok_or_else(|| AppError::Internal("no feedback route matches".into()))?;
    let cat = app.catalogue();
    let agency = cat
        .agency(&route.agency)
        .ok_or_else(|| AppError::Internal(format!("route to unknown agency {}", route.agency)))?;
    let unit_id = match &route.unit {
        None => None,
        Some(code) => app
            .store()
            .list_units(agency.id)
            .await?
            .into_iter()
            .find(|u| &u.code == code)
            .map(|u| u.id),
    };
    let mut media: Vec<NewMedia> = kept
        .iter()
        .map(|k| NewMedia {
            sha256: Some(k.sha256.clone()),
            content_type: Some(k.content_type.clone()),
            size_bytes: Some(k.size_bytes),
            url: None,
        })
        .collect();
    for c in cleaned {
        let size = i64::try_from(c.bytes.len()).unwrap_or(i64::MAX);
        let sha = app.files().put(c.bytes).await?;
        media.push(NewMedia {
            sha256: Some(sha),
            content_type: Some(c.content_type.to_owned()),
            size_bytes: Some(size),
            url: None,
        });
    }
    media.extend(s.media_urls.iter().map(|u| NewMedia {
        sha256: None,
        content_type: None,
        size_bytes: None,
        url: Some(u.clone()),
    }));
    let now = OffsetDateTime::now_utc();
    let calendar = app.calendar();
    let rules = Rules {
        calendar: &calendar.calendar,
        deadlines: limits.deadlines,
        now,
    };
    let st = rules.received(agency.id, unit_id, s.reporter_id);
    let f = NewFeedback {
        report: &report,
        classification: category.classification,
        channel: s.channel,
        external_ref: s.external_ref,
        token: random_token()[..16].to_owned(),
        device_id: s.device_id,
        account_ref: s.account_ref,
        client: s.client,
        area,
        state: &st,
        media,
        now,
    };
    let stored = app.store().insert_feedback(&f).await?;
    if let (Some(user), false) = (s.reporter_id, s.kept.is_empty()) {
        // The report holds them now; a failure here only leaves rows the sweep removes.
        if let Err(e) = app.store().forget_kept_photos(user).await {
            tracing::warn!(error = %e, "kept photos not forgotten");
        }
    }
    Ok(stored)
}
