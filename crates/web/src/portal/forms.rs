//! The standard forms of a dossier as PDF (01 receipt, 02 supplement request, 03 refusal,
//! 04 apology and extension, 05 process-control slip) and the tracking book (06).

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

use motcua_domain::calendar::VIETNAM;
use motcua_domain::dossier::Process;
use motcua_forms as forms;
use motcua_storage::{DossierRecord, HistoryEntry};

use super::dossier_pages::local;
use super::view::{PageError, lang_of};
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::state::AppState;

fn long_date(t: OffsetDateTime) -> String {
    let l = t.to_offset(VIETNAM);
    format!("ngày {:02} tháng {:02} năm {}", l.day(), u8::from(l.month()), l.year())
}

fn clock(t: OffsetDateTime) -> String {
    let l = t.to_offset(VIETNAM);
    format!(
        "{:02} giờ {:02} phút, ngày {:02}/{:02}/{}",
        l.hour(),
        l.minute(),
        l.day(),
        u8::from(l.month()),
        l.year()
    )
}

fn person(d: &DossierRecord) -> forms::Person {
    let a = &d.applicant;
    forms::Person {
        full_name: a.full_name.clone(),
        organisation: a.organisation.clone(),
        id_number: a.id_number.clone(),
        address: a.address.clone(),
        phone: a.phone.clone(),
        email: a.email.clone(),
        representative: a.representative.as_ref().map(|r| forms::Representative {
            full_name: r.full_name.clone(),
            id_number: r.id_number.clone(),
            authorisation: r.authorisation.clone(),
        }),
    }
}

fn header(state: &AppState, agency_id: i64, number: String) -> forms::Header {
    let cat = state.catalogue();
    let agency = cat.agencies.iter().find(|a| a.id == agency_id);
    let parent = agency
        .and_then(|a| a.parent_id)
        .and_then(|p| cat.agencies.iter().find(|x| x.id == p));
    let place = agency
        .map(|a| a.address.rsplit(',').next().unwrap_or("").trim().to_owned())
        .unwrap_or_default();
    forms::Header {
        parent_body: parent.map_or_else(String::new, |p| p.name.clone()),
        unit: agency.map_or_else(String::new, |a| a.name.clone()),
        number,
        place,
        date: long_date(OffsetDateTime::now_utc()),
    }
}

async fn actor_name(state: &AppState, h: Option<&HistoryEntry>) -> String {
    match h.and_then(|h| h.actor_id) {
        Some(id) => state
            .store
            .principal(id)
            .await
            .ok()
            .flatten()
            .map(|p| p.display_name)
            .unwrap_or_default(),
        None => String::new(),
    }
}

fn agency_name(state: &AppState, id: i64) -> String {
    state
        .catalogue()
        .agencies
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

fn pdf(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}.pdf\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// Which forms a dossier has, by number ("01" …): those its history gives rise to.
pub fn available(history: &[HistoryEntry]) -> Vec<&'static str> {
    let has = |a: &str| history.iter().any(|h| h.action == a);
    let mut out = Vec::new();
    if has("receive") {
        out.extend(["01", "05"]);
    }
    if has("request_supplement") {
        out.push("02");
    }
    if has("refuse") {
        out.push("03");
    }
    if has("apologise_extend") {
        out.push("04");
    }
    out.sort_unstable();
    out
}

pub async fn dossier_form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path((code, number)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let (_, d) = super::dossier_pages::readable_dossier(&state, &s, t, &code).await?;
    let history = state
        .store
        .dossier_history(d.id)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    if !available(&history).contains(&number.as_str()) {
        return Err(PageError::new(ApiError::NotFound, t.0));
    }
    let cat = state.catalogue();
    let entry = cat
        .by_id(d.procedure_id)
        .ok_or_else(|| PageError::new(ApiError::NotFound, t.0))?;
    let p = &entry.procedure;
    let last = |a: &str| history.iter().rev().find(|h| h.action == a).cloned();
    let detail = |h: &Option<HistoryEntry>, k: &str| {
        h.as_ref()
            .and_then(|h| h.detail.get(k))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let seq = d.code.rsplit('-').next().unwrap_or("").to_owned();
    let rendered = match number.as_str() {
        "01" => {
            let received = last("receive");
            let qr = super::qr::svg_of(&super::qr::lookup_path(&d.code, &d.secret));
            forms::render(
                forms::Form::Receipt,
                &forms::Receipt {
                    header: header(&state, d.receiving_agency_id, format!("{seq}/TN")),
                    code: d.code.clone(),
                    secret: d.secret.clone(),
                    applicant: person(&d),
                    procedure: p.name.clone(),
                    components: p
                        .components
                        .iter()
                        .map(|c| forms::ComponentRow {
                            name: c.name.clone(),
                            originals: c.originals,
                            copies: c.copies,
                        })
                        .collect(),
                    time_limit: super::catalogue::time_limit(t, p),
                    received_at: d.state.received_at.map(clock).unwrap_or_default(),
                    appointment: d.state.due_at.map(clock).unwrap_or_default(),
                    result_place: agency_name(&state, d.receiving_agency_id),
                    book_volume: d.submitted_at.to_offset(VIETNAM).year().to_string(),
                    book_entry: seq.clone(),
                    qr_svg: qr,
                    officer: actor_name(&state, received.as_ref()).await,
                },
            )
        }
        "02" => {
            let h = last("request_supplement");
            let items = h
                .as_ref()
                .and_then(|h| h.detail.get("items"))
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            forms::render(
                forms::Form::Supplement,
                &forms::Supplement {
                    header: header(&state, d.state.agency_id, format!("{seq}/BS")),
                    code: d.code.clone(),
                    applicant: person(&d),
                    procedure: p.name.clone(),
                    items,
                    reason: detail(&h, "reason"),
                    officer: actor_name(&state, h.as_ref()).await,
                    officer_phone: cat
                        .agencies
                        .iter()
                        .find(|a| a.id == d.state.agency_id)
                        .map(|a| a.phone.clone())
                        .unwrap_or_default(),
                },
            )
        }
        "03" => {
            let h = last("refuse");
            forms::render(
                forms::Form::Refusal,
                &forms::Refusal {
                    header: header(&state, d.state.agency_id, format!("{seq}/TC")),
                    code: d.code.clone(),
                    applicant: person(&d),
                    procedure: p.name.clone(),
                    reasons: detail(&h, "reasons"),
                    officer: actor_name(&state, h.as_ref()).await,
                },
            )
        }
        "04" => {
            let h = last("apologise_extend");
            let new_due = detail(&h, "new_due");
            let new_due = OffsetDateTime::parse(&new_due, &time::format_description::well_known::Rfc3339)
                .map(clock)
                .unwrap_or(new_due);
            forms::render(
                forms::Form::Apology,
                &forms::Apology {
                    header: header(&state, d.state.agency_id, format!("{seq}/XL")),
                    code: d.code.clone(),
                    applicant: person(&d),
                    procedure: p.name.clone(),
                    received_at: d.state.received_at.map(clock).unwrap_or_default(),
                    original_appointment: {
                        let prev = detail(&h, "previous_due");
                        OffsetDateTime::parse(&prev, &time::format_description::well_known::Rfc3339)
                            .map(clock)
                            .unwrap_or(prev)
                    },
                    reason: detail(&h, "reason"),
                    new_appointment: new_due,
                    signer: actor_name(&state, h.as_ref()).await,
                },
            )
        }
        _ => {
            let process = state
                .store
                .procedure_process(d.procedure_id)
                .await
                .map_err(|e| PageError::new(e, t.0))?
                .unwrap_or_else(|| Process::standard(&p.time_limit));
            let handovers = state
                .store
                .dossier_handovers(d.id)
                .await
                .map_err(|e| PageError::new(e, t.0))?;
            // Inter-agency rows name the agency that held the dossier at that step.
            let mut coordinating: Vec<String> = Vec::new();
            for h in &handovers {
                let name = agency_name(&state, h.agency_id);
                if h.agency_id != d.receiving_agency_id && !coordinating.contains(&name) {
                    coordinating.push(name);
                }
            }
            let rows = handovers
                .into_iter()
                .map(|h| {
                    let name = process
                        .any_step(&h.step)
                        .map_or_else(|| h.step.clone(), |s| s.name.clone());
                    forms::ControlRow {
                        step: if h.agency_id == d.receiving_agency_id {
                            name
                        } else {
                            format!("{name} ({})", agency_name(&state, h.agency_id))
                        },
                        given: local(h.started_at),
                        done: local(h.finished_at),
                        result: t.t(&format!("timeliness.{}", h.timeliness)).to_owned(),
                        note: String::new(),
                    }
                })
                .collect();
            forms::render(
                forms::Form::ControlSlip,
                &forms::ControlSlip {
                    header: header(&state, d.receiving_agency_id, format!("{seq}/KS")),
                    code: d.code.clone(),
                    lead_agency: agency_name(&state, d.receiving_agency_id),
                    coordinating: coordinating.join(", "),
                    received_at: d.state.received_at.map(clock).unwrap_or_default(),
                    appointment: d.state.due_at.map(clock).unwrap_or_default(),
                    rows,
                },
            )
        }
    };
    let bytes = rendered.map_err(|e| PageError::new(ApiError::Internal(e.to_string()), t.0))?;
    Ok(pdf(bytes, &format!("mau-{number}-{}", d.code)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BookQuery {
    #[serde(rename = "co-quan")]
    agency: String,
    tu: String,
    den: String,
}

/// Form 06 for an agency and a period (officers of that agency).
pub async fn tracking_book(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Query(q): Query<BookQuery>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let who = s
        .principal
        .clone()
        .ok_or_else(|| PageError::new(ApiError::Unauthenticated, t.0))?;
    let cat = state.catalogue();
    let agency = cat
        .agency(&q.agency)
        .ok_or_else(|| PageError::new(ApiError::NotFound, t.0))?;
    if !who.is_system_admin() && !who.grants.iter().any(|g| g.agency_id == agency.id) {
        return Err(PageError::new(ApiError::Forbidden, t.0));
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let bad = || {
        PageError::new(
            ApiError::Validation(vec![motcua_domain::FieldError {
                field: "tu".into(),
                code: "invalid_date",
                detail: Some("YYYY-MM-DD".into()),
            }]),
            t.0,
        )
    };
    let from = Date::parse(&q.tu, fmt).map_err(|_| bad())?;
    let to = Date::parse(&q.den, fmt).map_err(|_| bad())?;
    if to < from || (to - from).whole_days() > 366 {
        return Err(bad());
    }
    let start = from.midnight().assume_offset(VIETNAM);
    let end = to.next_day().unwrap_or(to).midnight().assume_offset(VIETNAM);
    let list = state
        .store
        .dossiers_received_between(agency.id, start, end, 10_000)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    let day = |x: OffsetDateTime| {
        let l = x.to_offset(VIETNAM);
        format!("{:02}/{:02}/{}", l.day(), u8::from(l.month()), l.year())
    };
    let rows = list
        .into_iter()
        .map(|d| forms::BookRow {
            procedure: cat
                .by_id(d.procedure_id)
                .map(|e| e.procedure.name.clone())
                .unwrap_or_default(),
            applicant: d.applicant.full_name.clone(),
            contact: format!("{}; {}", d.applicant.address, d.applicant.phone),
            lead_agency: agency_name(&state, d.state.agency_id),
            received: d.state.received_at.map(day).unwrap_or_default(),
            appointment: d.state.due_at.map(day).unwrap_or_default(),
            returned: d
                .finished_at
                .filter(|_| d.state.status == motcua_domain::dossier::Status::ResultReturned)
                .map(day)
                .unwrap_or_default(),
            method: String::new(),
            code: d.code,
        })
        .collect();
    let book = forms::TrackingBook {
        header: header(&state, agency.id, String::new()),
        period: format!("Từ ngày {} đến ngày {}", day(start), day(end - time::Duration::days(1))),
        rows,
    };
    let bytes = forms::render(forms::Form::TrackingBook, &book)
        .map_err(|e| PageError::new(ApiError::Internal(e.to_string()), t.0))?;
    Ok(pdf(bytes, &format!("so-theo-doi-{}-{}", agency.code, q.tu)))
}
