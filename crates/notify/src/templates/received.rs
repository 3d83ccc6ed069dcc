//! The dossier was received, with the appointment for the result (form 01's news).

use time::OffsetDateTime;

use super::{Block, DossierFacts, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, SiteContext, Template, Values};

/// Dossier received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierReceived {
    /// The dossier.
    pub dossier: DossierFacts,
    /// When it was received.
    pub received_at: OffsetDateTime,
    /// When the result is due.
    pub appointment: OffsetDateTime,
}

impl Template for DossierReceived {
    const KIND: TemplateKind = TemplateKind::DossierReceived;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[
        ("ma_ho_so", "code"),
        ("ten_thu_tuc", "procedure"),
        ("ngay_hen", "appointment"),
    ];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        self.dossier
            .values(lang, site)
            .with("received_at", format::date_time(self.received_at))
            .with("appointment", format::date_time(self.appointment))
    }
}

pub(super) static VI: Text = Text {
    subject: "Hồ sơ {code} đã được tiếp nhận",
    body: &[
        Block::Para("Kính gửi Ông/Bà {applicant},"),
        Block::Para("{agency} đã tiếp nhận hồ sơ của Ông/Bà."),
        Block::Facts(&[
            ("Mã hồ sơ", "{code}"),
            ("Thủ tục", "{procedure}"),
            ("Thời gian tiếp nhận", "{received_at}"),
            ("Hẹn trả kết quả", "{appointment}"),
        ]),
        Block::Link("Theo dõi hồ sơ"),
    ],
    sms: "Hồ sơ {code} đã được tiếp nhận, hẹn trả kết quả {appointment}. Tra cứu: {link}",
};

pub(super) static EN: Text = Text {
    subject: "Dossier {code} has been received",
    body: &[
        Block::Para("Dear {applicant},"),
        Block::Para("{agency} has received your dossier."),
        Block::Facts(&[
            ("Dossier code", "{code}"),
            ("Procedure", "{procedure}"),
            ("Received at", "{received_at}"),
            ("Result due", "{appointment}"),
        ]),
        Block::Link("Track your dossier"),
    ],
    sms: "Dossier {code} has been received; result due {appointment}. Track it: {link}",
};
