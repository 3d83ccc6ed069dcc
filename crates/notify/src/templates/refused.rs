//! The dossier was refused, with the reasons (form 03's content).

use time::OffsetDateTime;

use super::{Block, DossierFacts, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, ListItem, SiteContext, Template, Values};

/// Dossier refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierRefused {
    /// The dossier.
    pub dossier: DossierFacts,
    /// The reasons, one entry each (a reason text of several lines may be split by the caller).
    pub reasons: Vec<String>,
    /// When it was refused.
    pub refused_at: OffsetDateTime,
}

impl Template for DossierRefused {
    const KIND: TemplateKind = TemplateKind::DossierRefused;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] =
        &[("ma_ho_so", "code"), ("ten_thu_tuc", "procedure"), ("ly_do", "reasons")];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        self.dossier
            .values(lang, site)
            .with("refused_date", format::date(self.refused_at))
            .list("reasons", self.reasons.iter().map(ListItem::plain).collect())
    }
}

pub(super) static VI: Text = Text {
    subject: "Từ chối tiếp nhận giải quyết hồ sơ {code}",
    body: &[
        Block::Para("Kính gửi Ông/Bà {applicant},"),
        Block::Para(
            "Ngày {refused_date}, {agency} từ chối tiếp nhận giải quyết hồ sơ {code} (thủ tục {procedure}) vì những lý do sau:",
        ),
        Block::List {
            key: "reasons",
            heading: "",
            empty: "",
        },
        Block::Para("Xin thông báo để Ông/Bà được biết."),
        Block::Link("Xem hồ sơ"),
    ],
    sms: "Hồ sơ {code} bị từ chối tiếp nhận giải quyết. Xem lý do: {link}",
};

pub(super) static EN: Text = Text {
    subject: "Dossier {code} has been refused",
    body: &[
        Block::Para("Dear {applicant},"),
        Block::Para(
            "On {refused_date}, {agency} refused to handle dossier {code} (procedure: {procedure}) for these reasons:",
        ),
        Block::List {
            key: "reasons",
            heading: "",
            empty: "",
        },
        Block::Para("This is for your information."),
        Block::Link("View the dossier"),
    ],
    sms: "Dossier {code} has been refused. See the reasons: {link}",
};
