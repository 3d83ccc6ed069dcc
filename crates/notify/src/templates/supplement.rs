//! The applicant must add or correct documents: what, why, whom to ask (form 02's content).

use time::OffsetDateTime;

use super::{Block, DossierFacts, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, ListItem, SiteContext, Template, Values};

/// Supplement requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplementRequested {
    /// The dossier.
    pub dossier: DossierFacts,
    /// What to add or correct, one entry each.
    pub items: Vec<String>,
    /// Why.
    pub reason: String,
    /// The officer to contact and their phone, if given.
    pub contact: Option<String>,
    /// When it was requested.
    pub requested_at: OffsetDateTime,
}

impl Template for SupplementRequested {
    const KIND: TemplateKind = TemplateKind::SupplementRequested;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[
        ("ma_ho_so", "code"),
        ("ten_thu_tuc", "procedure"),
        ("noi_dung", "items"),
        ("ly_do", "reason"),
    ];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        self.dossier
            .values(lang, site)
            .with("reason", self.reason.as_str())
            .with("contact", self.contact.clone().unwrap_or_default())
            .with("requested_date", format::date(self.requested_at))
            .list("items", self.items.iter().map(ListItem::plain).collect())
    }
}

pub(super) static VI: Text = Text {
    subject: "Hồ sơ {code} cần bổ sung, hoàn thiện",
    body: &[
        Block::Para("Kính gửi Ông/Bà {applicant},"),
        Block::Para(
            "Ngày {requested_date}, sau khi xem xét hồ sơ {code} (thủ tục {procedure}), {agency} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
        ),
        Block::List {
            key: "items",
            heading: "",
            empty: "",
        },
        Block::Facts(&[("Lý do", "{reason}"), ("Cán bộ liên hệ", "{contact}")]),
        Block::Para("Thời hạn giải quyết được tính lại từ khi hồ sơ được bổ sung đầy đủ."),
        Block::Link("Bổ sung hồ sơ"),
    ],
    sms: "Hồ sơ {code} cần bổ sung, hoàn thiện. Xem nội dung cần bổ sung: {link}",
};

pub(super) static EN: Text = Text {
    subject: "Dossier {code} needs to be completed",
    body: &[
        Block::Para("Dear {applicant},"),
        Block::Para(
            "On {requested_date}, having examined dossier {code} (procedure: {procedure}), {agency} asks you to add or correct the following:",
        ),
        Block::List {
            key: "items",
            heading: "",
            empty: "",
        },
        Block::Facts(&[("Reason", "{reason}"), ("Contact", "{contact}")]),
        Block::Para("The time limit starts again once the dossier is complete."),
        Block::Link("Complete your dossier"),
    ],
    sms: "Dossier {code} needs to be completed. See what to add: {link}",
};
