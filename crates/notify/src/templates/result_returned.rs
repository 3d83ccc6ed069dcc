//! The result was returned.

use time::OffsetDateTime;

use super::{Block, DossierFacts, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, SiteContext, Template, Values};

/// How the result reached the applicant (the dossier workflow's result methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultDelivery {
    /// Handed over at the one-stop counter.
    Counter,
    /// Sent by the public postal service.
    Post,
    /// An electronic result.
    Electronic,
}

impl ResultDelivery {
    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ResultDelivery::Counter, Lang::Vi) => "trực tiếp tại Bộ phận Một cửa",
            (ResultDelivery::Counter, Lang::En) => "in person at the one-stop counter",
            (ResultDelivery::Post, Lang::Vi) => "qua dịch vụ bưu chính công ích",
            (ResultDelivery::Post, Lang::En) => "by public postal service",
            (ResultDelivery::Electronic, Lang::Vi) => "bản điện tử",
            (ResultDelivery::Electronic, Lang::En) => "electronic result",
        }
    }
}

/// Result returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultReturned {
    /// The dossier.
    pub dossier: DossierFacts,
    /// When.
    pub returned_at: OffsetDateTime,
    /// How.
    pub delivery: ResultDelivery,
}

impl Template for ResultReturned {
    const KIND: TemplateKind = TemplateKind::ResultReturned;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[
        ("ma_ho_so", "code"),
        ("ten_thu_tuc", "procedure"),
        ("thoi_gian", "returned_at"),
        ("hinh_thuc", "delivery"),
    ];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        self.dossier
            .values(lang, site)
            .with("returned_at", format::date_time(self.returned_at))
            .with("delivery", self.delivery.label(lang))
    }
}

pub(super) static VI: Text = Text {
    subject: "Đã trả kết quả hồ sơ {code}",
    body: &[
        Block::Para("Kính gửi Ông/Bà {applicant},"),
        Block::Para("{agency} đã trả kết quả giải quyết hồ sơ {code} (thủ tục {procedure}) lúc {returned_at}."),
        Block::Facts(&[("Hình thức trả kết quả", "{delivery}")]),
        Block::Link("Xem hồ sơ"),
    ],
    sms: "Đã trả kết quả hồ sơ {code} ({delivery}). {link}",
};

pub(super) static EN: Text = Text {
    subject: "The result of dossier {code} has been returned",
    body: &[
        Block::Para("Dear {applicant},"),
        Block::Para("{agency} returned the result of dossier {code} (procedure: {procedure}) at {returned_at}."),
        Block::Facts(&[("Returned", "{delivery}")]),
        Block::Link("View the dossier"),
    ],
    sms: "The result of dossier {code} has been returned ({delivery}). {link}",
};
