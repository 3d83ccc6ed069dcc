//! Rendering a template: typed data + language + site → subject, plain text, HTML, an SMS
//! text and ZNS parameters, all from one [`Text`](crate::templates::Text) per language.

mod blocks;
mod site;
mod values;

use std::collections::BTreeMap;

use motcua_domain::ids::UserId;
use serde::{Deserialize, Serialize};

pub use site::{SiteConfig, SiteContext};
#[cfg(test)]
pub(crate) use values::placeholders_of;
pub use values::{ListItem, Values};

use crate::SendError;
use crate::key::IdempotencyKey;
use crate::message::{EmailMessage, PortalMessage, SmsMessage, ZnsMessage};
use crate::phone::VnPhone;
use crate::templates::{TemplateKind, footer, text};

/// The language of a message. Vietnamese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Every language a template must exist in.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The BCP 47 code (`vi`, `en`), for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// A message's typed data. Each message kind is one struct implementing this.
pub trait Template {
    /// Which message this is.
    const KIND: TemplateKind;
    /// ZNS parameter names and the value (or list) each is filled from.
    const ZNS_PARAMS: &'static [(&'static str, &'static str)];
    /// The values its texts refer to, formatted for `lang`.
    fn values(&self, lang: Lang, site: &SiteContext) -> Values;
}

/// A message rendered in one language, ready to be shaped for any channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Which message.
    pub template: TemplateKind,
    /// In which language.
    pub lang: Lang,
    /// Subject line (e-mail subject, portal title).
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body; every value is escaped.
    pub html: String,
    /// The short form for SMS, with diacritics (the SMS sender folds them if configured).
    pub sms: String,
    /// Named parameters for the ZNS template.
    pub zns_params: BTreeMap<String, String>,
    /// The link the message leads to, if any.
    pub link: Option<String>,
}

/// Renders `data` in `lang`. Fails (permanently, `template_missing`) only if the text for
/// this kind and language is missing, which the crate's tests rule out.
pub fn render<T: Template>(data: &T, lang: Lang, site: &SiteContext) -> Result<Rendered, SendError> {
    let text = text(T::KIND, lang).ok_or_else(|| {
        SendError::permanent("template_missing", format!("{:?} has no {} text", T::KIND, lang.code()))
    })?;
    let values = data.values(lang, site);
    let subject = values.fill(text.subject);
    let footer = values.fill(footer(lang));
    Ok(Rendered {
        template: T::KIND,
        lang,
        text: blocks::plain(text.body, &values, &footer),
        html: blocks::html(text.body, &values, &footer, &subject, lang),
        subject,
        sms: values.fill(text.sms),
        zns_params: T::ZNS_PARAMS
            .iter()
            .map(|(param, key)| ((*param).to_owned(), values.joined(key)))
            .collect(),
        link: values.link().map(str::to_owned),
    })
}

impl Rendered {
    /// The e-mail to `to` (with the recipient's name if known).
    pub fn email(&self, to: &str, to_name: Option<&str>, key: IdempotencyKey) -> EmailMessage {
        EmailMessage {
            to: to.trim().to_owned(),
            to_name: to_name.map(str::to_owned),
            subject: self.subject.clone(),
            text: self.text.clone(),
            html: self.html.clone(),
            key,
        }
    }

    /// The SMS to `phone`.
    pub fn sms(&self, phone: VnPhone, key: IdempotencyKey) -> SmsMessage {
        SmsMessage {
            phone,
            text: self.sms.clone(),
            key,
        }
    }

    /// The ZNS template message to `phone`.
    pub fn zns(&self, phone: VnPhone, key: IdempotencyKey) -> ZnsMessage {
        ZnsMessage {
            phone,
            template: self.template,
            params: self.zns_params.clone(),
            key,
        }
    }

    /// The portal inbox message for `recipient`.
    pub fn portal(&self, recipient: UserId, key: IdempotencyKey) -> PortalMessage {
        PortalMessage {
            recipient,
            template: self.template,
            lang: self.lang,
            title: self.subject.clone(),
            body: self.text.clone(),
            link: self.link.clone(),
            key,
        }
    }
}
