//! One example of every message with demo data: for administrators' previews, and for the
//! tests that check every template in every language.

use motcua_domain::ids::ReportId;
use time::macros::{date, datetime};

use super::*;
use crate::SendError;
#[cfg(test)]
use crate::render::Values;
use crate::render::{Lang, Rendered, SiteContext, Template, render};

/// A template with its type erased, so that examples of every kind fit in one list.
pub(crate) trait AnyTemplate {
    fn render(&self, lang: Lang, site: &SiteContext) -> Result<Rendered, SendError>;
    #[cfg(test)]
    fn values(&self, lang: Lang, site: &SiteContext) -> Values;
    #[cfg(test)]
    fn zns_params(&self) -> &'static [(&'static str, &'static str)];
}

impl<T: Template> AnyTemplate for T {
    fn render(&self, lang: Lang, site: &SiteContext) -> Result<Rendered, SendError> {
        render(self, lang, site)
    }
    #[cfg(test)]
    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        Template::values(self, lang, site)
    }
    #[cfg(test)]
    fn zns_params(&self) -> &'static [(&'static str, &'static str)] {
        T::ZNS_PARAMS
    }
}

/// The demo dossier every dossier example is about.
pub fn example_dossier() -> DossierFacts {
    DossierFacts {
        code: "H15.50-260105-0001".into(),
        procedure: "Đăng ký khai sinh".into(),
        agency: "UBND phường Buôn Ma Thuột".into(),
        applicant: "Nguyễn Văn An".into(),
    }
}

pub(crate) fn example_data(kind: TemplateKind) -> Box<dyn AnyTemplate> {
    let dossier = example_dossier();
    match kind {
        TemplateKind::DossierReceived => Box::new(DossierReceived {
            dossier,
            received_at: datetime!(2026-01-05 08:15 +7),
            appointment: datetime!(2026-01-07 16:30 +7),
        }),
        TemplateKind::SupplementRequested => Box::new(SupplementRequested {
            dossier,
            items: vec![
                "Bản sao Giấy chứng nhận kết hôn của cha, mẹ".into(),
                "Giấy chứng sinh (bản chính)".into(),
            ],
            reason: "Hồ sơ thiếu giấy tờ theo quy định".into(),
            contact: Some("Trần Thị Bình, 0262 3812 345".into()),
            requested_at: datetime!(2026-01-05 10:00 +7),
        }),
        TemplateKind::DossierRefused => Box::new(DossierRefused {
            dossier,
            reasons: vec!["Thủ tục không thuộc thẩm quyền giải quyết của phường".into()],
            refused_at: datetime!(2026-01-05 10:00 +7),
        }),
        TemplateKind::ApologyExtension => Box::new(ApologyExtension {
            dossier,
            received_at: datetime!(2026-01-05 08:15 +7),
            original_appointment: datetime!(2026-01-07 16:30 +7),
            reason: "Cần xác minh thông tin với cơ quan khác".into(),
            new_appointment: datetime!(2026-01-12 16:30 +7),
        }),
        TemplateKind::ResultReady => Box::new(ResultReady {
            dossier,
            ready_at: datetime!(2026-01-07 14:00 +7),
            pickup: Some("Bộ phận Một cửa, 01 Lê Duẩn, Buôn Ma Thuột".into()),
        }),
        TemplateKind::ResultReturned => Box::new(ResultReturned {
            dossier,
            returned_at: datetime!(2026-01-07 15:20 +7),
            delivery: ResultDelivery::Counter,
        }),
        TemplateKind::PaymentReceived => Box::new(PaymentReceived {
            dossier,
            amount: 1_000_000,
            paid_at: datetime!(2026-01-05 08:20 +7),
            transaction: "14226112".into(),
        }),
        TemplateKind::PaymentFailed => Box::new(PaymentFailed {
            dossier,
            amount: 1_000_000,
            attempted_at: datetime!(2026-01-05 08:20 +7),
            reason: Some("Giao dịch bị hủy".into()),
        }),
        TemplateKind::FeedbackAnswered => Box::new(FeedbackAnswered {
            report: ReportId(381),
            title: "Đèn đường hỏng trên đường Lê Duẩn".into(),
            reporter: "Nguyễn Văn An".into(),
            agency: "UBND phường Buôn Ma Thuột".into(),
            answered_at: datetime!(2026-01-09 09:45 +7),
        }),
        TemplateKind::VerificationCode => Box::new(VerificationCode {
            code: "428193".into(),
            valid_minutes: 10,
            purpose: VerificationPurpose::Phone,
        }),
        TemplateKind::OfficerDigest => Box::new(OfficerDigest {
            officer: "Lê Văn Cường".into(),
            agency: "UBND phường Buôn Ma Thuột".into(),
            day: date!(2026 - 01 - 12),
            overdue: vec![DigestItem {
                code: "H15.50-260102-0004".into(),
                procedure: "Chứng thực bản sao từ bản chính".into(),
                due_at: datetime!(2026-01-09 16:30 +7),
            }],
            due_soon: vec![
                DigestItem {
                    code: "H15.50-260105-0001".into(),
                    procedure: "Đăng ký khai sinh".into(),
                    due_at: datetime!(2026-01-13 16:30 +7),
                },
                DigestItem {
                    code: "H15.50-260106-0002".into(),
                    procedure: "Đăng ký kết hôn".into(),
                    due_at: datetime!(2026-01-14 10:00 +7),
                },
            ],
        }),
    }
}

/// The example of `kind` rendered in `lang` for `site`.
pub fn example(kind: TemplateKind, lang: Lang, site: &SiteContext) -> Result<Rendered, SendError> {
    example_data(kind).render(lang, site)
}
