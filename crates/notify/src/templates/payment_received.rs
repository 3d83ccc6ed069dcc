//! A payment of fees and charges for a dossier was received.

use time::OffsetDateTime;

use super::{Block, DossierFacts, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, SiteContext, Template, Values};

/// Payment received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentReceived {
    /// The dossier paid for.
    pub dossier: DossierFacts,
    /// The amount in đồng.
    pub amount: i64,
    /// When the gateway confirmed it.
    pub paid_at: OffsetDateTime,
    /// The gateway's transaction number.
    pub transaction: String,
}

impl Template for PaymentReceived {
    const KIND: TemplateKind = TemplateKind::PaymentReceived;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[
        ("ma_ho_so", "code"),
        ("so_tien", "amount"),
        ("thoi_gian", "paid_at"),
        ("ma_giao_dich", "transaction"),
    ];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        self.dossier
            .values(lang, site)
            .with("amount", format::amount(self.amount))
            .with("paid_at", format::date_time(self.paid_at))
            .with("transaction", self.transaction.as_str())
    }
}

pub(super) static VI: Text = Text {
    subject: "Đã nhận thanh toán cho hồ sơ {code}",
    body: &[
        Block::Para("Kính gửi Ông/Bà {applicant},"),
        Block::Para("{agency} đã nhận khoản thanh toán phí, lệ phí cho hồ sơ {code} (thủ tục {procedure})."),
        Block::Facts(&[
            ("Số tiền", "{amount}"),
            ("Thời gian", "{paid_at}"),
            ("Mã giao dịch", "{transaction}"),
        ]),
        Block::Link("Xem hồ sơ"),
    ],
    sms: "Đã nhận {amount} thanh toán cho hồ sơ {code}, mã giao dịch {transaction}. {link}",
};

pub(super) static EN: Text = Text {
    subject: "Payment received for dossier {code}",
    body: &[
        Block::Para("Dear {applicant},"),
        Block::Para(
            "{agency} has received your payment of fees and charges for dossier {code} (procedure: {procedure}).",
        ),
        Block::Facts(&[
            ("Amount", "{amount}"),
            ("Paid at", "{paid_at}"),
            ("Transaction", "{transaction}"),
        ]),
        Block::Link("View the dossier"),
    ],
    sms: "Received {amount} for dossier {code}, transaction {transaction}. {link}",
};
