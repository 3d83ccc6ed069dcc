//! The message an event calls for, filled from the dossier (or report) and the history line
//! the event wrote. The fan-out runs moments after the event, so the dossier read here is
//! the dossier as the event left it; what the action said comes from its history line.

use motcua_domain::dossier::{ActionKind, ResultMethod};
use motcua_notify::{
    ApologyExtension, DossierFacts, DossierReceived, DossierRefused, FeedbackAnswered, Lang, OfficerDigest,
    PaymentFailed, PaymentReceived, Rendered, ResultDelivery, ResultReady, ResultReturned, SendError, SiteContext,
    SupplementRequested, TemplateKind, render,
};
use motcua_storage::{DossierRecord, FeedbackRecord, HistoryEntry, OutboxEvent, to_ms};
use time::OffsetDateTime;

use super::topics::DossierNotice;
use crate::{App, AppError, Result};

/// A message of any kind, ready to be rendered in each reader's language.
#[derive(Debug, Clone)]
pub(crate) enum Message {
    Received(DossierReceived),
    Supplement(SupplementRequested),
    Refused(DossierRefused),
    Apology(ApologyExtension),
    Ready(ResultReady),
    Returned(ResultReturned),
    Paid(PaymentReceived),
    PaymentFailed(PaymentFailed),
    Answered(FeedbackAnswered),
    Digest(OfficerDigest),
}

impl Message {
    pub(crate) fn render(&self, lang: Lang, site: &SiteContext) -> Result<Rendered, SendError> {
        match self {
            Message::Received(m) => render(m, lang, site),
            Message::Supplement(m) => render(m, lang, site),
            Message::Refused(m) => render(m, lang, site),
            Message::Apology(m) => render(m, lang, site),
            Message::Ready(m) => render(m, lang, site),
            Message::Returned(m) => render(m, lang, site),
            Message::Paid(m) => render(m, lang, site),
            Message::PaymentFailed(m) => render(m, lang, site),
            Message::Answered(m) => render(m, lang, site),
            Message::Digest(m) => render(m, lang, site),
        }
    }
}

/// The dossier facts every dossier message starts with.
fn facts(app: &App, d: &DossierRecord) -> DossierFacts {
    let catalogue = app.catalogue();
    let procedure = catalogue
        .by_id(d.procedure_id)
        .map(|p| p.procedure.name.clone())
        .unwrap_or_default();
    let agency = catalogue
        .agency_by_id(d.state.agency_id)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let applicant = if d.applicant.organisation.trim().is_empty() {
        d.applicant.full_name.clone()
    } else {
        d.applicant.organisation.clone()
    };
    DossierFacts {
        code: d.code.clone(),
        procedure,
        agency,
        applicant,
    }
}

/// The history line the event wrote (same action, same instant), or the latest of that
/// action when the instants differ.
fn line_of<'a>(history: &'a [HistoryEntry], kinds: &[ActionKind], at: OffsetDateTime) -> Option<&'a HistoryEntry> {
    let of_kind = |h: &&HistoryEntry| h.action.kind().is_some_and(|k| kinds.contains(&k));
    history
        .iter()
        .filter(of_kind)
        .find(|h| to_ms(h.at) == to_ms(at))
        .or_else(|| history.iter().rev().find(of_kind))
}

fn delivery(m: ResultMethod) -> ResultDelivery {
    match m {
        ResultMethod::Counter => ResultDelivery::Counter,
        ResultMethod::Post => ResultDelivery::Post,
        ResultMethod::Electronic => ResultDelivery::Electronic,
    }
}

/// The dossier message `notice` calls for.
pub(crate) async fn dossier_message(
    app: &App,
    e: &OutboxEvent,
    d: &DossierRecord,
    notice: &DossierNotice,
) -> Result<Option<Message>> {
    let dossier = facts(app, d);
    let at = e.created_at;
    let kind = match notice {
        DossierNotice::Paid { txn_ref, amount } => {
            return Ok(Some(Message::Paid(PaymentReceived {
                dossier,
                amount: *amount,
                paid_at: at,
                transaction: txn_ref.clone(),
            })));
        }
        DossierNotice::PaymentFailed { amount } => {
            return Ok(Some(Message::PaymentFailed(PaymentFailed {
                dossier,
                amount: *amount,
                attempted_at: at,
                reason: None,
            })));
        }
        DossierNotice::Workflow(kind) => *kind,
    };
    let history = app.store().dossier_history(d.id).await?;
    let line = |kinds: &[ActionKind]| line_of(&history, kinds, at);
    let agency = app.catalogue().agency_by_id(d.state.agency_id).cloned();
    Ok(Some(match kind {
        TemplateKind::DossierReceived => Message::Received(DossierReceived {
            dossier,
            received_at: d.state.received_at.unwrap_or(at),
            appointment: match d.state.due_at {
                Some(due) => due,
                None => return Ok(None), // no appointment to announce
            },
        }),
        TemplateKind::SupplementRequested => {
            let l = line(&[ActionKind::RequestSupplement]);
            Message::Supplement(SupplementRequested {
                dossier,
                items: l.map(|l| l.detail.items.clone()).unwrap_or_default(),
                reason: l.and_then(|l| l.detail.reason.clone()).unwrap_or_default(),
                contact: agency
                    .as_ref()
                    .filter(|a| !a.phone.trim().is_empty())
                    .map(|a| format!("{}, {}", a.name, a.phone)),
                requested_at: l.map_or(at, |l| l.at),
            })
        }
        TemplateKind::DossierRefused => {
            let l = line(&[ActionKind::Refuse]);
            let reasons = l
                .and_then(|l| l.detail.reason.as_deref())
                .unwrap_or_default()
                .lines()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect();
            Message::Refused(DossierRefused {
                dossier,
                reasons,
                refused_at: l.map_or(at, |l| l.at),
            })
        }
        TemplateKind::ApologyExtension => {
            let l = line(&[ActionKind::ApologiseExtend]);
            let new_appointment = l.and_then(|l| l.detail.new_due).or(d.state.due_at);
            let Some(new_appointment) = new_appointment else {
                return Ok(None);
            };
            Message::Apology(ApologyExtension {
                dossier,
                received_at: d.state.received_at.unwrap_or(at),
                original_appointment: l.and_then(|l| l.detail.previous_due).unwrap_or(new_appointment),
                reason: l.and_then(|l| l.detail.reason.clone()).unwrap_or_default(),
                new_appointment,
            })
        }
        TemplateKind::ResultReady => Message::Ready(ResultReady {
            dossier,
            ready_at: line(&[ActionKind::MarkProcessed, ActionKind::Approve]).map_or(at, |l| l.at),
            pickup: agency
                .as_ref()
                .map(|a| a.address.trim().to_owned())
                .filter(|a| !a.is_empty()),
        }),
        TemplateKind::ResultReturned => {
            let l = line(&[ActionKind::ReturnResult]);
            Message::Returned(ResultReturned {
                dossier,
                returned_at: l.map_or(at, |l| l.at),
                delivery: delivery(l.and_then(|l| l.detail.method).unwrap_or(ResultMethod::Counter)),
            })
        }
        other => {
            return Err(AppError::Internal(format!(
                "{other:?} is not a dossier workflow message"
            )));
        }
    }))
}

/// The words a report starts with, for the reporter to recognise it.
fn title_of(description: &str) -> String {
    const WORDS: usize = 20;
    let words: Vec<&str> = description.split_whitespace().collect();
    let mut title = words.iter().take(WORDS).copied().collect::<Vec<_>>().join(" ");
    if words.len() > WORDS {
        title.push('…');
    }
    title
}

/// The "report answered" message.
pub(crate) fn answered_message(app: &App, e: &OutboxEvent, r: &FeedbackRecord, reporter: &str) -> Message {
    Message::Answered(FeedbackAnswered {
        report: r.id,
        title: title_of(&r.description),
        reporter: reporter.to_owned(),
        agency: app
            .catalogue()
            .agency_by_id(r.state.agency_id)
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        answered_at: r.state.answered_at.unwrap_or(e.created_at),
    })
}

#[cfg(test)]
mod tests {
    use super::title_of;

    #[test]
    fn titles_are_the_first_twenty_words() {
        assert_eq!(title_of("  Rác   thải  ở ngõ 5 "), "Rác thải ở ngõ 5");
        let long = "một ".repeat(30);
        assert_eq!(title_of(&long), format!("{}…", "một ".repeat(20).trim_end()));
    }
}
