//! A citizen's feedback report (phản ánh, kiến nghị) was answered.

use motcua_domain::ids::ReportId;
use time::OffsetDateTime;

use super::dossier::site_values;
use super::{Block, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, SiteContext, Template, Values};

/// Feedback answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackAnswered {
    /// The report.
    pub report: ReportId,
    /// Its title or first words, as the reporter wrote them.
    pub title: String,
    /// The reporter's name, for the greeting.
    pub reporter: String,
    /// The agency that answered.
    pub agency: String,
    /// When.
    pub answered_at: OffsetDateTime,
}

impl Template for FeedbackAnswered {
    const KIND: TemplateKind = TemplateKind::FeedbackAnswered;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[
        ("ma_phan_anh", "report"),
        ("co_quan", "agency"),
        ("thoi_gian", "answered_at"),
    ];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        let id = self.report.get().to_string();
        site_values(lang, site)
            .with("title", self.title.as_str())
            .with("reporter", self.reporter.as_str())
            .with("agency", self.agency.as_str())
            .with("answered_at", format::date_time(self.answered_at))
            .link_to(site.link(&["phan-anh", &id], &[]))
            .with("report", id)
    }
}

pub(super) static VI: Text = Text {
    subject: "Phản ánh, kiến nghị số {report} đã được trả lời",
    body: &[
        Block::Para("Kính gửi Ông/Bà {reporter},"),
        Block::Para("Lúc {answered_at}, {agency} đã trả lời phản ánh, kiến nghị số {report} của Ông/Bà:"),
        Block::Para("“{title}”"),
        Block::Link("Xem nội dung trả lời"),
    ],
    sms: "Phản ánh, kiến nghị số {report} của Ông/Bà đã được trả lời. Xem: {link}",
};

pub(super) static EN: Text = Text {
    subject: "Your report no. {report} has been answered",
    body: &[
        Block::Para("Dear {reporter},"),
        Block::Para("At {answered_at}, {agency} answered your report no. {report}:"),
        Block::Para("“{title}”"),
        Block::Link("Read the answer"),
    ],
    sms: "Your report no. {report} has been answered. Read it: {link}",
};
