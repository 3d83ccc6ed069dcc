//! Apology and new appointment: form 04's content ("Phiếu xin lỗi và đề nghị gia hạn thời
//! gian giải quyết"), which online applicants receive by e-mail or SMS.

use time::OffsetDateTime;

use super::{Block, DossierFacts, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, SiteContext, Template, Values};

/// Apology with a new appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApologyExtension {
    /// The dossier.
    pub dossier: DossierFacts,
    /// When it was received.
    pub received_at: OffsetDateTime,
    /// The appointment first given.
    pub original_appointment: OffsetDateTime,
    /// Why it is late.
    pub reason: String,
    /// The new appointment.
    pub new_appointment: OffsetDateTime,
}

impl Template for ApologyExtension {
    const KIND: TemplateKind = TemplateKind::ApologyExtension;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[
        ("ma_ho_so", "code"),
        ("ten_thu_tuc", "procedure"),
        ("ly_do", "reason"),
        ("ngay_hen_cu", "original_appointment"),
        ("ngay_hen_moi", "new_appointment"),
    ];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        self.dossier
            .values(lang, site)
            .with("received_date", format::date(self.received_at))
            .with("original_appointment", format::date_time(self.original_appointment))
            .with("reason", self.reason.as_str())
            .with("new_appointment", format::date_time(self.new_appointment))
    }
}

pub(super) static VI: Text = Text {
    subject: "Thư xin lỗi và hẹn lại thời gian trả kết quả hồ sơ {code}",
    body: &[
        Block::Para("Kính gửi Ông/Bà {applicant},"),
        Block::Para(
            "Ngày {received_date}, {agency} tiếp nhận hồ sơ đề nghị giải quyết thủ tục {procedure} (mã hồ sơ {code}), hẹn trả kết quả vào {original_appointment}.",
        ),
        Block::Para("Tuy nhiên, đến nay hồ sơ chưa giải quyết xong vì lý do: {reason}"),
        Block::Para("Chúng tôi xin lỗi Ông/Bà và xin gia hạn thời gian trả kết quả đến {new_appointment}."),
        Block::Para("Mong nhận được sự thông cảm của Ông/Bà."),
        Block::Link("Theo dõi hồ sơ"),
    ],
    sms: "Xin lỗi Ông/Bà: hồ sơ {code} chưa giải quyết xong đúng hẹn, hẹn trả mới {new_appointment}. {link}",
};

pub(super) static EN: Text = Text {
    subject: "Apology and new date for the result of dossier {code}",
    body: &[
        Block::Para("Dear {applicant},"),
        Block::Para(
            "On {received_date}, {agency} received your dossier for the procedure {procedure} (dossier code {code}) and promised the result for {original_appointment}.",
        ),
        Block::Para("However, the dossier has not been completed yet, for this reason: {reason}"),
        Block::Para("We apologise and ask to extend the time for the result until {new_appointment}."),
        Block::Para("Thank you for your understanding."),
        Block::Link("Track your dossier"),
    ],
    sms: "We apologise: dossier {code} is late; the result is now due {new_appointment}. {link}",
};
