//! Preparing a dossier's result: an uploaded PDF (checked, stamped with its verification
//! QR code) or one typeset from the dossier; either becomes the dossier's draft.

use bytes::Bytes;
use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::dossier::Context;
use motcua_domain::ids::{AgencyId, ResultId};
use motcua_domain::result::{ResultError, ResultKind, may_prepare};
use motcua_forms as forms;
use motcua_storage::{DossierRecord, NewResult};

use super::{public_id, verify_url};
use crate::dossiers::forms::{clock, header, render};
use crate::dossiers::{readable, reading};
use crate::{App, AppError, Result};

/// The longest number a result may carry.
const NUMBER_MAX: usize = 50;

/// Loads the dossier and checks that `who` may prepare its result now.
async fn preparable(app: &App, who: &Principal, code: &str) -> Result<DossierRecord> {
    let d = readable(app, who, code).await?;
    let entry = reading::entry_of(app, &d)?;
    let units = reading::units_of(app, d.state.agency_id).await?;
    let calendar = app.calendar();
    let resolve = |agency: AgencyId, c: &str| (agency == d.state.agency_id).then(|| units.get(c).copied())?;
    let ctx = Context {
        process: &entry.process,
        limit: &entry.procedure.time_limit,
        calendar: &calendar.calendar,
        unit_id: &resolve,
        now: OffsetDateTime::now_utc(),
    };
    may_prepare(&ctx, &d.state, who)?;
    Ok(d)
}

fn check_number(number: &str) -> Result<String> {
    let n = motcua_domain::text::nfc(number.trim());
    if n.is_empty() {
        return Err(AppError::invalid("number", "required"));
    }
    if n.chars().count() > NUMBER_MAX {
        return Err(AppError::Validation(vec![motcua_domain::FieldError {
            field: "number".into(),
            code: "too_long",
            detail: Some(NUMBER_MAX.to_string()),
        }]));
    }
    Ok(n)
}

async fn store_draft(
    app: &App,
    who: &Principal,
    d: &DossierRecord,
    kind: ResultKind,
    number: &str,
    pid: &str,
    pdf: Vec<u8>,
) -> Result<ResultId> {
    let size = i64::try_from(pdf.len()).unwrap_or(i64::MAX);
    let sha = app.files().put(Bytes::from(pdf)).await?;
    let title = app
        .catalogue()
        .by_id(d.procedure_id)
        .map(|e| {
            e.procedure
                .result_document
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Kết quả giải quyết thủ tục hành chính".to_owned());
    let new = NewResult {
        public_id: pid,
        dossier: d.id,
        dossier_code: &d.code,
        agency: d.state.agency_id,
        kind,
        title: &title,
        number,
        sha256: &sha,
        size_bytes: size,
        prepared_by: who.user_id,
        now: OffsetDateTime::now_utc(),
    };
    Ok(app.store().save_result_draft(&new).await?)
}

/// The QR code's modules (rows of dark/light) for `text`.
fn qr_modules(text: &str) -> Result<Vec<Vec<bool>>> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| AppError::Internal(format!("QR code: {e}")))?;
    let width = code.width();
    let colors = code.to_colors();
    Ok(colors
        .chunks(width)
        .map(|row| row.iter().map(|c| *c == qrcode::Color::Dark).collect())
        .collect())
}

/// Takes an uploaded PDF as the dossier's draft result: a PDF (by its content), not
/// encrypted, within the upload limit; stamped with its verification QR code.
pub async fn upload(app: &App, who: &Principal, code: &str, number: &str, pdf: Bytes) -> Result<ResultId> {
    let d = preparable(app, who, code).await?;
    upload_for(app, who, &d, number, pdf).await
}

/// The draft of an uploaded PDF for a dossier already authorised.
pub(super) async fn upload_for(
    app: &App,
    who: &Principal,
    d: &DossierRecord,
    number: &str,
    pdf: Bytes,
) -> Result<ResultId> {
    let number = check_number(number)?;
    let max = app.settings().max_upload_bytes;
    if pdf.is_empty() {
        return Err(AppError::invalid("file", "file_empty"));
    }
    if pdf.len() > max {
        return Err(AppError::Validation(vec![motcua_domain::FieldError {
            field: "file".into(),
            code: "file_too_large",
            detail: Some((max / (1024 * 1024)).to_string()),
        }]));
    }
    if !pdf.starts_with(b"%PDF-") {
        return Err(AppError::Validation(vec![motcua_domain::FieldError {
            field: "file".into(),
            code: "file_type",
            detail: Some("pdf".into()),
        }]));
    }
    let pid = public_id();
    let modules = qr_modules(&verify_url(&app.settings().public_url, &pid))?;
    let stamped = tokio::task::spawn_blocking(move || motcua_signing::add_verification_mark(&pdf, &modules))
        .await
        .map_err(|e| AppError::Internal(format!("stamping stopped: {e}")))?
        .map_err(|e| {
            tracing::info!(code = e.code(), "result upload refused");
            AppError::from(ResultError::NotSignable)
        })?;
    store_draft(app, who, d, ResultKind::Uploaded, &number, &pid, stamped).await
}

/// Typesets the dossier's result from its data (the procedure's result document, the
/// applicant, the form's answers), with its verification QR code, as the draft.
/// `signer_title` is how the signing leader signs ("KT. CHỦ TỊCH").
pub async fn generate(app: &App, who: &Principal, code: &str, number: &str, signer_title: &str) -> Result<ResultId> {
    let d = preparable(app, who, code).await?;
    generate_for(app, who, &d, number, signer_title).await
}

/// The generated draft for a dossier already authorised.
pub(super) async fn generate_for(
    app: &App,
    who: &Principal,
    d: &DossierRecord,
    number: &str,
    signer_title: &str,
) -> Result<ResultId> {
    let number = check_number(number)?;
    let signer_title = motcua_domain::text::nfc(signer_title.trim());
    if signer_title.is_empty() || signer_title.chars().count() > 100 {
        return Err(AppError::invalid("signer_title", "required"));
    }
    let entry = reading::entry_of(app, d)?;
    let p = &entry.procedure;
    let pid = public_id();
    let url = verify_url(&app.settings().public_url, &pid);
    let rows = p
        .form
        .iter()
        .filter_map(|f| {
            let v = d.data.get(&f.key)?;
            let text = match v {
                serde_json::Value::String(s) if f.kind == motcua_domain::procedure::FieldKind::Date => {
                    motcua_domain::procedure::form::parse_iso_date(s).map_or_else(
                        || s.clone(),
                        |x| format!("{:02}/{:02}/{}", x.day(), u8::from(x.month()), x.year()),
                    )
                }
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Bool(b) => if *b { "Có" } else { "Không" }.to_owned(),
                other => other.to_string(),
            };
            (!text.is_empty()).then(|| forms::LabelValue {
                label: f.label.clone(),
                value: text,
            })
        })
        .collect();
    let title = p.result_document.lines().next().unwrap_or("").trim().to_owned();
    let data = forms::ResultDocument {
        header: header(app, d.state.agency_id, number.clone()),
        title: if title.is_empty() {
            "Kết quả giải quyết thủ tục hành chính".into()
        } else {
            title
        },
        dossier_code: d.code.clone(),
        submitted_at: clock(d.submitted_at),
        procedure: p.name.clone(),
        applicant: d.applicant.full_name.clone(),
        rows,
        qr_svg: crate::dossiers::qr::svg_of(&url),
        verify_at: url,
        signer_title,
        signer_name: String::new(),
        demo: app.settings().signing.as_ref().is_some_and(|s| s.demo),
    };
    let pdf = render(app, forms::Form::ResultDocument, data).await?;
    store_draft(app, who, d, ResultKind::Generated, &number, &pid, pdf).await
}
