//! The standard forms of a dossier as PDF (01 receipt, 02 supplement request, 03 refusal,
//! 04 apology and extension, 05 process-control slip) and the tracking book (06). They are
//! legal documents in Vietnamese whatever the reader's language; typst renders them on a
//! blocking thread, a bounded number at a time.

use time::{Date, OffsetDateTime};

use motcua_domain::account::Principal;
use motcua_domain::calendar::VIETNAM;
use motcua_domain::dossier::{ActionKind, HistoryAction, ResultMethod, Status, Timeliness};
use motcua_domain::ids::{AgencyId, UserId};
use motcua_domain::procedure::{Channel, ProcedureInput, TimeUnit};
use motcua_forms as forms;
use motcua_storage::{DossierRecord, HistoryEntry};

use super::qr;
use super::reading::{entry_of, readable};
use crate::{App, AppError, Result};

/// `ngày 16 tháng 03 năm 2026`, Vietnam time.
fn long_date(t: OffsetDateTime) -> String {
    let l = t.to_offset(VIETNAM);
    format!("ngày {:02} tháng {:02} năm {}", l.day(), u8::from(l.month()), l.year())
}

/// `09 giờ 00 phút, ngày 16/03/2026`, Vietnam time.
pub(crate) fn clock(t: OffsetDateTime) -> String {
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

/// `09:00 16/03/2026`, Vietnam time.
fn short(t: OffsetDateTime) -> String {
    let l = t.to_offset(VIETNAM);
    format!(
        "{:02}:{:02} {:02}/{:02}/{}",
        l.hour(),
        l.minute(),
        l.day(),
        u8::from(l.month()),
        l.year()
    )
}

fn day(t: OffsetDateTime) -> String {
    let l = t.to_offset(VIETNAM);
    format!("{:02}/{:02}/{}", l.day(), u8::from(l.month()), l.year())
}

fn timeliness(t: Timeliness) -> &'static str {
    match t {
        Timeliness::Early => "Trước hạn",
        Timeliness::OnTime => "Đúng hạn",
        Timeliness::Late => "Quá hạn",
    }
}

/// How a result was returned, as the tracking book says it.
fn result_method(m: ResultMethod) -> &'static str {
    match m {
        ResultMethod::Counter => "Trực tiếp",
        ResultMethod::Post => "Qua bưu chính",
        ResultMethod::Electronic => "Trực tuyến",
    }
}

/// The statutory time limit as the receipt states it (`5 ngày làm việc`).
fn time_limit(p: &ProcedureInput) -> String {
    let unit = match p.time_limit.unit {
        TimeUnit::Hours => "giờ",
        TimeUnit::Days => "ngày",
        TimeUnit::WorkingDays => "ngày làm việc",
        TimeUnit::Months => "tháng",
    };
    format!("{} {unit}", p.time_limit.value)
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

fn agency_name(app: &App, id: AgencyId) -> String {
    app.catalogue()
        .agency_by_id(id)
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

pub(crate) fn header(app: &App, agency_id: AgencyId, number: String) -> forms::Header {
    let cat = app.catalogue();
    let agency = cat.agency_by_id(agency_id);
    let parent = agency.and_then(|a| a.parent_id).and_then(|p| cat.agency_by_id(p));
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

pub(crate) async fn actor_name(app: &App, actor: Option<UserId>) -> String {
    match actor {
        Some(id) => app
            .store()
            .principal(id)
            .await
            .ok()
            .flatten()
            .map(|p| p.display_name)
            .unwrap_or_default(),
        None => String::new(),
    }
}

fn did(history: &[HistoryEntry], kind: ActionKind) -> bool {
    history.iter().any(|h| h.action == HistoryAction::Act(kind))
}

/// Which forms a dossier has, by number ("01" …): those its history gives rise to; "00" is
/// the acknowledgement of an online filing, there from the moment it is filed.
pub fn available(history: &[HistoryEntry]) -> Vec<&'static str> {
    let mut out = Vec::new();
    let online = history
        .iter()
        .any(|h| h.action == HistoryAction::Submit && h.detail.channel == Some(Channel::Online));
    if online {
        out.push("00");
    }
    if did(history, ActionKind::Receive) {
        out.extend(["01", "05"]);
    }
    if did(history, ActionKind::RequestSupplement) {
        out.push("02");
    }
    if did(history, ActionKind::Refuse) {
        out.push("03");
    }
    if did(history, ActionKind::ApologiseExtend) {
        out.push("04");
    }
    out.sort_unstable();
    out
}

/// A rendered form: its PDF bytes and a file name.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub file_name: String,
}

pub(crate) async fn render<T: serde::Serialize + Send + 'static>(
    app: &App,
    form: forms::Form,
    data: T,
) -> Result<Vec<u8>> {
    app.render(move || forms::render(form, &data))
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Form `number` of a dossier the caller may read; `NotFound` for a form the dossier's
/// history does not give rise to.
pub async fn dossier_form(app: &App, who: &Principal, code: &str, number: &str) -> Result<Pdf> {
    let d = readable(app, who, code).await?;
    let history = app.store().dossier_history(d.id).await?;
    if !available(&history).contains(&number) {
        return Err(AppError::NotFound);
    }
    let entry = entry_of(app, &d)?;
    let p = &entry.procedure;
    let last = |k: ActionKind| {
        history
            .iter()
            .rev()
            .find(|h| h.action == HistoryAction::Act(k))
            .cloned()
    };
    let seq = d.code.rsplit('-').next().unwrap_or("").to_owned();
    let files = app.store().dossier_attachments(d.id).await?;
    let bytes = match number {
        "00" => {
            let documents = p
                .components
                .iter()
                .filter_map(|c| {
                    let names: Vec<String> = files
                        .iter()
                        .filter(|f| f.component == c.code)
                        .map(|f| f.file_name.clone())
                        .collect();
                    (!names.is_empty()).then(|| forms::FiledDocument {
                        name: c.name.clone(),
                        files: names,
                    })
                })
                .collect();
            let ack = forms::Acknowledgement {
                header: header(app, d.receiving_agency_id, String::new()),
                code: d.code.clone(),
                secret: motcua_domain::dossier::secret::display(&d.secret),
                applicant: person(&d),
                procedure: p.name.clone(),
                documents,
                submitted_at: clock(d.submitted_at),
                time_limit: time_limit(p),
                qr_svg: qr::svg_of(&qr::lookup_url(&app.settings().public_url, &d.code, &d.secret)),
                lookup_at: qr::lookup_page(&app.settings().public_url),
            };
            render(app, forms::Form::Acknowledgement, ack).await?
        }
        "01" => {
            let received = last(ActionKind::Receive);
            // Only what was handed in: the components with files (a dossier received on
            // paper without scans lists the required ones).
            let with_files: Vec<_> = p
                .components
                .iter()
                .filter(|c| files.iter().any(|f| f.component == c.code))
                .collect();
            let listed = if with_files.is_empty() {
                p.components.iter().filter(|c| c.required).collect()
            } else {
                with_files
            };
            let receipt = forms::Receipt {
                header: header(app, d.receiving_agency_id, format!("{seq}/TN")),
                code: d.code.clone(),
                secret: motcua_domain::dossier::secret::display(&d.secret),
                applicant: person(&d),
                procedure: p.name.clone(),
                components: listed
                    .into_iter()
                    .map(|c| forms::ComponentRow {
                        name: c.name.clone(),
                        originals: c.originals,
                        copies: c.copies,
                    })
                    .collect(),
                time_limit: time_limit(p),
                received_at: d.state.received_at.map(clock).unwrap_or_default(),
                appointment: d.state.due_at.map(clock).unwrap_or_default(),
                result_place: agency_name(app, d.receiving_agency_id),
                book_volume: d.submitted_at.to_offset(VIETNAM).year().to_string(),
                book_entry: seq.clone(),
                qr_svg: qr::svg_of(&qr::lookup_url(&app.settings().public_url, &d.code, &d.secret)),
                lookup_at: qr::lookup_page(&app.settings().public_url),
                officer: actor_name(app, received.and_then(|h| h.actor_id)).await,
            };
            render(app, forms::Form::Receipt, receipt).await?
        }
        "02" => {
            let h = last(ActionKind::RequestSupplement);
            let supplement = forms::Supplement {
                header: header(app, d.state.agency_id, format!("{seq}/BS")),
                code: d.code.clone(),
                applicant: person(&d),
                procedure: p.name.clone(),
                items: h.as_ref().map(|h| h.detail.items.clone()).unwrap_or_default(),
                reason: h.as_ref().and_then(|h| h.detail.reason.clone()).unwrap_or_default(),
                officer: actor_name(app, h.as_ref().and_then(|h| h.actor_id)).await,
                officer_phone: app
                    .catalogue()
                    .agency_by_id(d.state.agency_id)
                    .map(|a| a.phone.clone())
                    .unwrap_or_default(),
            };
            render(app, forms::Form::Supplement, supplement).await?
        }
        "03" => {
            let h = last(ActionKind::Refuse);
            let refusal = forms::Refusal {
                header: header(app, d.state.agency_id, format!("{seq}/TC")),
                code: d.code.clone(),
                applicant: person(&d),
                procedure: p.name.clone(),
                reasons: h.as_ref().and_then(|h| h.detail.reason.clone()).unwrap_or_default(),
                officer: actor_name(app, h.as_ref().and_then(|h| h.actor_id)).await,
            };
            render(app, forms::Form::Refusal, refusal).await?
        }
        "04" => {
            let h = last(ActionKind::ApologiseExtend);
            let detail = h.as_ref().map(|h| h.detail.clone()).unwrap_or_default();
            let apology = forms::Apology {
                header: header(app, d.state.agency_id, format!("{seq}/XL")),
                code: d.code.clone(),
                applicant: person(&d),
                procedure: p.name.clone(),
                received_at: d.state.received_at.map(clock).unwrap_or_default(),
                original_appointment: detail.previous_due.map(clock).unwrap_or_default(),
                reason: detail.reason.clone().unwrap_or_default(),
                new_appointment: detail.new_due.map(clock).unwrap_or_default(),
                signer: actor_name(app, h.as_ref().and_then(|h| h.actor_id)).await,
            };
            render(app, forms::Form::Apology, apology).await?
        }
        _ => {
            let handovers = app.store().dossier_handovers(d.id).await?;
            // Inter-agency rows name the agency that held the dossier at that step.
            let mut coordinating: Vec<String> = Vec::new();
            for h in &handovers {
                let name = agency_name(app, h.agency_id);
                if h.agency_id != d.receiving_agency_id && !coordinating.contains(&name) {
                    coordinating.push(name);
                }
            }
            let rows = handovers
                .into_iter()
                .map(|h| {
                    let name = entry
                        .process
                        .any_step(&h.step)
                        .map_or_else(|| h.step.clone(), |s| s.name.clone());
                    forms::ControlRow {
                        step: if h.agency_id == d.receiving_agency_id {
                            name
                        } else {
                            format!("{name} ({})", agency_name(app, h.agency_id))
                        },
                        given: short(h.started_at),
                        done: short(h.finished_at),
                        result: timeliness(h.timeliness).to_owned(),
                        note: String::new(),
                    }
                })
                .collect();
            let slip = forms::ControlSlip {
                header: header(app, d.receiving_agency_id, format!("{seq}/KS")),
                code: d.code.clone(),
                lead_agency: agency_name(app, d.receiving_agency_id),
                coordinating: coordinating.join(", "),
                received_at: d.state.received_at.map(clock).unwrap_or_default(),
                appointment: d.state.due_at.map(clock).unwrap_or_default(),
                rows,
            };
            render(app, forms::Form::ControlSlip, slip).await?
        }
    };
    Ok(Pdf {
        bytes,
        file_name: format!("mau-{number}-{}.pdf", d.code),
    })
}

/// A tracking book covers one day to one year, in order: errors name the end date (`den`).
pub fn check_period(from: Date, to: Date) -> Result<()> {
    let refused = |code: &'static str, detail: Option<String>| {
        Err(AppError::Validation(vec![motcua_domain::FieldError {
            field: "den".into(),
            code,
            detail,
        }]))
    };
    if to < from {
        return refused("period_reversed", None);
    }
    if (to - from).whole_days() > 366 {
        return refused("period_too_long", Some("366".into()));
    }
    Ok(())
}

/// Form 06 for an agency where `who` works, for the days `from`..=`to` (at most a year).
pub async fn tracking_book(app: &App, who: &Principal, agency: &str, from: Date, to: Date) -> Result<Pdf> {
    let cat = app.catalogue();
    let agency = cat.agency(agency).cloned().ok_or(AppError::NotFound)?;
    if !who.is_system_admin() && !who.works_at(agency.id, None) {
        return Err(AppError::Forbidden);
    }
    check_period(from, to)?;
    let start = from.midnight().assume_offset(VIETNAM);
    let end = to.next_day().unwrap_or(to).midnight().assume_offset(VIETNAM);
    let list = app
        .store()
        .dossiers_received_between(agency.id, start, end, 10_000)
        .await?;
    let ids: Vec<_> = list.iter().map(|d| d.id).collect();
    let methods = app.store().result_methods(&ids).await?;
    let rows = list
        .into_iter()
        .map(|d| forms::BookRow {
            procedure: cat
                .by_id(d.procedure_id)
                .map(|e| e.procedure.name.clone())
                .unwrap_or_default(),
            applicant: d.applicant.full_name.clone(),
            contact: format!("{}; {}", d.applicant.address, d.applicant.phone),
            lead_agency: agency_name(app, d.state.agency_id),
            received: d.state.received_at.map(day).unwrap_or_default(),
            appointment: d.state.due_at.map(day).unwrap_or_default(),
            returned: d
                .finished_at
                .filter(|_| d.state.status == Status::ResultReturned)
                .map(day)
                .unwrap_or_default(),
            method: methods
                .get(&d.id)
                .map(|m| result_method(*m).to_owned())
                .unwrap_or_default(),
            code: d.code,
        })
        .collect();
    let book = forms::TrackingBook {
        header: header(app, agency.id, String::new()),
        period: format!("Từ ngày {} đến ngày {}", day(start), day(end - time::Duration::days(1))),
        rows,
    };
    let bytes = render(app, forms::Form::TrackingBook, book).await?;
    Ok(Pdf {
        bytes,
        file_name: format!("so-theo-doi-{}-{}.pdf", agency.code, from),
    })
}
