//! A one-time code proving that someone owns an e-mail address or a phone number.

use super::dossier::site_values;
use super::{Block, TemplateKind, Text};
use crate::render::{Lang, SiteContext, Template, Values};

/// What the code verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationPurpose {
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
}

/// A verification code.
#[derive(Clone, PartialEq, Eq)]
pub struct VerificationCode {
    /// The code to type (digits).
    pub code: String,
    /// How many minutes it stays valid.
    pub valid_minutes: u32,
    /// What it verifies.
    pub purpose: VerificationPurpose,
}

impl std::fmt::Debug for VerificationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerificationCode")
            .field("code", &"***")
            .field("valid_minutes", &self.valid_minutes)
            .field("purpose", &self.purpose)
            .finish()
    }
}

impl Template for VerificationCode {
    const KIND: TemplateKind = TemplateKind::VerificationCode;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[("otp", "code"), ("thoi_han", "minutes")];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        let purpose = match (self.purpose, lang) {
            (VerificationPurpose::Email, Lang::Vi) => "địa chỉ e-mail",
            (VerificationPurpose::Email, Lang::En) => "e-mail address",
            (VerificationPurpose::Phone, Lang::Vi) => "số điện thoại",
            (VerificationPurpose::Phone, Lang::En) => "phone number",
        };
        site_values(lang, site)
            .with("code", self.code.as_str())
            .with("minutes", self.valid_minutes.to_string())
            .with("purpose", purpose)
    }
}

pub(super) static VI: Text = Text {
    subject: "{code} là mã xác thực của Ông/Bà",
    body: &[
        Block::Para("Mã xác thực {purpose} của Ông/Bà trên {portal} là:"),
        Block::Facts(&[("Mã xác thực", "{code}")]),
        Block::Para("Mã có hiệu lực trong {minutes} phút. Không cung cấp mã này cho bất kỳ ai, kể cả cán bộ."),
        Block::Para("Nếu Ông/Bà không yêu cầu mã này, xin bỏ qua thư này."),
    ],
    sms: "{code} là mã xác thực {purpose} trên {portal}, hiệu lực {minutes} phút. Không cung cấp mã cho bất kỳ ai.",
};

pub(super) static EN: Text = Text {
    subject: "{code} is your verification code",
    body: &[
        Block::Para("The code to verify your {purpose} on {portal} is:"),
        Block::Facts(&[("Verification code", "{code}")]),
        Block::Para("It is valid for {minutes} minutes. Never give this code to anyone, officers included."),
        Block::Para("If you did not ask for this code, please ignore this message."),
    ],
    sms: "{code} is your code to verify your {purpose} on {portal}, valid {minutes} minutes. Never share it.",
};
