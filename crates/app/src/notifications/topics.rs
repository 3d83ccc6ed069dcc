//! What an outbox event calls for: which message, about which dossier or report. Events
//! that tell nobody (filing, forwarding, the overdue mark, comments…) give `None`.

use motcua_domain::ids::ReportId;
use motcua_notify::TemplateKind;
use motcua_storage::OutboxEvent;

/// The message an event calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// A message about a dossier, to its applicant.
    Dossier { code: String, kind: DossierNotice },
    /// A feedback report was answered, to its reporter.
    FeedbackAnswered(ReportId),
}

/// Which dossier message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DossierNotice {
    /// A message written from the dossier and the event's history line.
    Workflow(TemplateKind),
    /// A payment was received (`payment.paid`).
    Paid { txn_ref: String, amount: i64 },
    /// A payment attempt failed (`payment.failed`).
    PaymentFailed { amount: i64 },
}

/// The notice of `e`, if it calls for one.
pub(crate) fn notice(e: &OutboxEvent) -> Option<Notice> {
    let code = || e.aggregate_id.clone();
    let amount = || e.payload.get("amount").and_then(serde_json::Value::as_i64);
    match e.topic.as_str() {
        "payment.paid" => Some(Notice::Dossier {
            code: code(),
            kind: DossierNotice::Paid {
                txn_ref: e
                    .payload
                    .get("txn_ref")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                amount: amount()?,
            },
        }),
        "payment.failed" => Some(Notice::Dossier {
            code: code(),
            kind: DossierNotice::PaymentFailed { amount: amount()? },
        }),
        // Approving the last step leaves the result ready, as marking it processed does.
        "dossier.approve" if e.payload.get("status").and_then(|s| s.as_str()) == Some("processed") => {
            Some(Notice::Dossier {
                code: code(),
                kind: DossierNotice::Workflow(TemplateKind::ResultReady),
            })
        }
        topic => match TemplateKind::for_topic(topic)? {
            TemplateKind::FeedbackAnswered => Some(Notice::FeedbackAnswered(ReportId(e.aggregate_id.parse().ok()?))),
            kind => Some(Notice::Dossier {
                code: code(),
                kind: DossierNotice::Workflow(kind),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(topic: &str, aggregate: &str, payload: serde_json::Value) -> OutboxEvent {
        OutboxEvent {
            id: 1,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            topic: topic.into(),
            aggregate_id: aggregate.into(),
            payload,
            attempts: 1,
        }
    }

    #[test]
    fn topics_map_to_their_messages() {
        let code = "H15.50-260105-0001";
        let workflow = |kind| {
            Some(Notice::Dossier {
                code: code.into(),
                kind: DossierNotice::Workflow(kind),
            })
        };
        let status = |s: &str| json!({"code": code, "status": s});
        assert_eq!(
            notice(&event("dossier.receive", code, status("received"))),
            workflow(TemplateKind::DossierReceived)
        );
        assert_eq!(
            notice(&event("dossier.mark_processed", code, status("processed"))),
            workflow(TemplateKind::ResultReady)
        );
        assert_eq!(
            notice(&event("dossier.approve", code, status("processed"))),
            workflow(TemplateKind::ResultReady)
        );
        assert_eq!(notice(&event("dossier.approve", code, status("received"))), None);
        assert_eq!(notice(&event("dossier.submitted", code, status("submitted"))), None);
        assert_eq!(notice(&event("dossier.forward", code, status("received"))), None);
        assert_eq!(
            notice(&event(
                "payment.paid",
                code,
                json!({"txn_ref": "MC-1", "amount": 200_000, "method": "vnpay"})
            )),
            Some(Notice::Dossier {
                code: code.into(),
                kind: DossierNotice::Paid {
                    txn_ref: "MC-1".into(),
                    amount: 200_000
                }
            })
        );
        assert_eq!(
            notice(&event(
                "payment.failed",
                code,
                json!({"txn_ref": "MC-2", "amount": 8000})
            )),
            Some(Notice::Dossier {
                code: code.into(),
                kind: DossierNotice::PaymentFailed { amount: 8000 }
            })
        );
        assert_eq!(
            notice(&event("payment.paid", code, json!({"txn_ref": "x"}))),
            None,
            "no amount, no message"
        );
        assert_eq!(
            notice(&event("feedback.answer", "42", json!({"id": 42}))),
            Some(Notice::FeedbackAnswered(ReportId(42)))
        );
        assert_eq!(notice(&event("feedback.answer", "x", json!({}))), None);
        assert_eq!(notice(&event("feedback.comment", "42", json!({}))), None);
    }
}
