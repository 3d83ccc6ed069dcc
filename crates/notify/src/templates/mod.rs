//! The messages. Each file holds one message kind: its typed data, the values its texts use,
//! its ZNS parameters, and its Vietnamese and English texts side by side. [`text`] finds a
//! kind's text in a language; the tests below fail if a kind lacks a language, or if the two
//! languages of a kind do not use the same values.

mod apology;
mod digest;
mod dossier;
mod examples;
mod feedback_answered;
mod payment_failed;
mod payment_received;
mod received;
mod refused;
mod result_ready;
mod result_returned;
mod supplement;
mod verification;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use apology::ApologyExtension;
pub use digest::{DigestItem, OfficerDigest};
pub use dossier::DossierFacts;
pub use examples::{example, example_dossier};
pub use feedback_answered::FeedbackAnswered;
pub use payment_failed::PaymentFailed;
pub use payment_received::PaymentReceived;
pub use received::DossierReceived;
pub use refused::DossierRefused;
pub use result_ready::ResultReady;
pub use result_returned::{ResultDelivery, ResultReturned};
pub use supplement::SupplementRequested;
pub use verification::{VerificationCode, VerificationPurpose};

use crate::render::Lang;

/// Every message this crate can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// The dossier was received; with the appointment for the result (form 01's news).
    DossierReceived,
    /// The applicant must add or correct documents (form 02's content).
    SupplementRequested,
    /// The dossier was refused, with the reasons (form 03's content).
    DossierRefused,
    /// Apology and new appointment (form 04's content).
    ApologyExtension,
    /// The result is ready to be returned.
    ResultReady,
    /// The result was returned.
    ResultReturned,
    /// A payment for the dossier was received.
    PaymentReceived,
    /// A payment attempt failed.
    PaymentFailed,
    /// A feedback report was answered.
    FeedbackAnswered,
    /// A one-time code proving ownership of an e-mail address or phone number.
    VerificationCode,
    /// An officer's daily list of dossiers due soon and overdue.
    OfficerDigest,
}

impl TemplateKind {
    /// Every kind.
    pub const ALL: [TemplateKind; 11] = [
        TemplateKind::DossierReceived,
        TemplateKind::SupplementRequested,
        TemplateKind::DossierRefused,
        TemplateKind::ApologyExtension,
        TemplateKind::ResultReady,
        TemplateKind::ResultReturned,
        TemplateKind::PaymentReceived,
        TemplateKind::PaymentFailed,
        TemplateKind::FeedbackAnswered,
        TemplateKind::VerificationCode,
        TemplateKind::OfficerDigest,
    ];
}

impl TemplateKind {
    /// The message an `outbox` event's topic calls for, if any. `dossier.submitted` has none
    /// (the confirmation page shows the code; the receipt follows at `dossier.receive`),
    /// `dossier.overdue` feeds the officers' daily digest instead of a message of its own,
    /// and payments have no outbox topics yet.
    pub fn for_topic(topic: &str) -> Option<TemplateKind> {
        Some(match topic {
            "dossier.receive" => TemplateKind::DossierReceived,
            "dossier.request_supplement" => TemplateKind::SupplementRequested,
            "dossier.refuse" => TemplateKind::DossierRefused,
            "dossier.apologise_extend" => TemplateKind::ApologyExtension,
            "dossier.mark_processed" => TemplateKind::ResultReady,
            "dossier.return_result" => TemplateKind::ResultReturned,
            // The reporter sees the answer from then on; publication only makes it public.
            "feedback.answer" => TemplateKind::FeedbackAnswered,
            _ => return None,
        })
    }
}

/// A message's wording in one language. `{name}` stands for a value of the message's data.
#[derive(Debug)]
pub struct Text {
    /// The subject line.
    pub subject: &'static str,
    /// The body, block by block.
    pub body: &'static [Block],
    /// The SMS form: short, only the code, a date and the link.
    pub sms: &'static str,
}

/// A part of a message body.
#[derive(Debug)]
pub enum Block {
    /// A paragraph.
    Para(&'static str),
    /// `Label: value` lines; a line whose value is empty is left out.
    Facts(&'static [(&'static str, &'static str)]),
    /// A numbered list of the message's list `key`, after `heading`, or `empty` if it has
    /// no entries (both may be empty strings).
    List {
        /// Which list.
        key: &'static str,
        /// Shown before it.
        heading: &'static str,
        /// Shown instead when it is empty.
        empty: &'static str,
    },
    /// The message's link with this label.
    Link(&'static str),
}

/// Every (kind, language) text. Adding a kind or a language without its texts fails the tests.
static TEXTS: &[(TemplateKind, Lang, &Text)] = &[
    (TemplateKind::DossierReceived, Lang::Vi, &received::VI),
    (TemplateKind::DossierReceived, Lang::En, &received::EN),
    (TemplateKind::SupplementRequested, Lang::Vi, &supplement::VI),
    (TemplateKind::SupplementRequested, Lang::En, &supplement::EN),
    (TemplateKind::DossierRefused, Lang::Vi, &refused::VI),
    (TemplateKind::DossierRefused, Lang::En, &refused::EN),
    (TemplateKind::ApologyExtension, Lang::Vi, &apology::VI),
    (TemplateKind::ApologyExtension, Lang::En, &apology::EN),
    (TemplateKind::ResultReady, Lang::Vi, &result_ready::VI),
    (TemplateKind::ResultReady, Lang::En, &result_ready::EN),
    (TemplateKind::ResultReturned, Lang::Vi, &result_returned::VI),
    (TemplateKind::ResultReturned, Lang::En, &result_returned::EN),
    (TemplateKind::PaymentReceived, Lang::Vi, &payment_received::VI),
    (TemplateKind::PaymentReceived, Lang::En, &payment_received::EN),
    (TemplateKind::PaymentFailed, Lang::Vi, &payment_failed::VI),
    (TemplateKind::PaymentFailed, Lang::En, &payment_failed::EN),
    (TemplateKind::FeedbackAnswered, Lang::Vi, &feedback_answered::VI),
    (TemplateKind::FeedbackAnswered, Lang::En, &feedback_answered::EN),
    (TemplateKind::VerificationCode, Lang::Vi, &verification::VI),
    (TemplateKind::VerificationCode, Lang::En, &verification::EN),
    (TemplateKind::OfficerDigest, Lang::Vi, &digest::VI),
    (TemplateKind::OfficerDigest, Lang::En, &digest::EN),
];

/// The text of `kind` in `lang`.
pub fn text(kind: TemplateKind, lang: Lang) -> Option<&'static Text> {
    TEXTS
        .iter()
        .find(|(k, l, _)| *k == kind && *l == lang)
        .map(|(_, _, t)| *t)
}

/// The line closing every message: which portal sent it, and that replies are not read.
pub fn footer(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "{portal} - {home}\nThư này được gửi tự động; vui lòng không trả lời thư này.",
        Lang::En => "{portal} - {home}\nThis message was sent automatically; please do not reply to it.",
    }
}
