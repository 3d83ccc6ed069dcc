//! The result is ready to be returned.

use time::OffsetDateTime;

use super::{Block, DossierFacts, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, SiteContext, Template, Values};

/// Result ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultReady {
    /// The dossier.
    pub dossier: DossierFacts,
    /// Since when.
    pub ready_at: OffsetDateTime,
    /// Where to collect it, if at a counter.
    pub pickup: Option<String>,
}

impl Template for ResultReady {
    const KIND: TemplateKind = TemplateKind::ResultReady;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[
        ("ma_ho_so", "code"),
        ("ten_thu_tuc", "procedure"),
        ("thoi_gian", "ready_at"),
    ];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        self.dossier
            .values(lang, site)
            .with("ready_at", format::date_time(self.ready_at))
            .with("pickup", self.pickup.clone().unwrap_or_default())
    }
}

pub(super) static VI: Text = Text {
    subject: "Hồ sơ {code} đã có kết quả",
    body: &[
        Block::Para("Kính gửi Ông/Bà {applicant},"),
        Block::Para(
            "Hồ sơ {code} (thủ tục {procedure}) đã được {agency} giải quyết xong; kết quả sẵn sàng từ {ready_at}.",
        ),
        Block::Facts(&[("Nơi nhận kết quả", "{pickup}")]),
        Block::Link("Xem hồ sơ"),
    ],
    sms: "Hồ sơ {code} đã có kết quả. Chi tiết: {link}",
};

pub(super) static EN: Text = Text {
    subject: "The result of dossier {code} is ready",
    body: &[
        Block::Para("Dear {applicant},"),
        Block::Para(
            "{agency} has completed dossier {code} (procedure: {procedure}); the result is ready since {ready_at}.",
        ),
        Block::Facts(&[("Where to collect it", "{pickup}")]),
        Block::Link("View the dossier"),
    ],
    sms: "The result of dossier {code} is ready. Details: {link}",
};
