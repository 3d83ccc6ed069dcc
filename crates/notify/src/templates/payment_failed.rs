//! A payment attempt for a dossier failed; the applicant may pay again.

use time::OffsetDateTime;

use super::{Block, DossierFacts, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, SiteContext, Template, Values};

/// Payment failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFailed {
    /// The dossier to be paid for.
    pub dossier: DossierFacts,
    /// The amount in đồng.
    pub amount: i64,
    /// When the attempt was made.
    pub attempted_at: OffsetDateTime,
    /// What the gateway said, in words, if anything.
    pub reason: Option<String>,
}

impl Template for PaymentFailed {
    const KIND: TemplateKind = TemplateKind::PaymentFailed;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[
        ("ma_ho_so", "code"),
        ("so_tien", "amount"),
        ("thoi_gian", "attempted_at"),
    ];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        self.dossier
            .values(lang, site)
            .with("amount", format::amount(self.amount))
            .with("attempted_at", format::date_time(self.attempted_at))
            .with("reason", self.reason.clone().unwrap_or_default())
    }
}

pub(super) static VI: Text = Text {
    subject: "Thanh toán cho hồ sơ {code} chưa thành công",
    body: &[
        Block::Para("Kính gửi Ông/Bà {applicant},"),
        Block::Para(
            "Giao dịch thanh toán {amount} cho hồ sơ {code} (thủ tục {procedure}) lúc {attempted_at} chưa thành công.",
        ),
        Block::Facts(&[("Lý do", "{reason}")]),
        Block::Para("Ông/Bà có thể thanh toán lại trên trang hồ sơ."),
        Block::Link("Thanh toán lại"),
    ],
    sms: "Thanh toán {amount} cho hồ sơ {code} chưa thành công. Thanh toán lại: {link}",
};

pub(super) static EN: Text = Text {
    subject: "Payment for dossier {code} did not go through",
    body: &[
        Block::Para("Dear {applicant},"),
        Block::Para(
            "Your payment of {amount} for dossier {code} (procedure: {procedure}) at {attempted_at} did not go through.",
        ),
        Block::Facts(&[("Reason", "{reason}")]),
        Block::Para("You can pay again on the dossier's page."),
        Block::Link("Pay again"),
    ],
    sms: "Payment of {amount} for dossier {code} did not go through. Pay again: {link}",
};
