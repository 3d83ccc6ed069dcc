//! Who is told, and through which channels: an account through the channels it chose (the
//! inbox always), or someone without an account (a walk-in applicant, an Open311 reporter)
//! at the address they gave, by e-mail only.

use motcua_domain::ids::UserId;
use motcua_notify::{Channel, Lang, VnPhone};
use motcua_storage::{ChannelPreferences, PreferredLang};

use crate::{App, Result};

/// One person to tell.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Recipient {
    /// Their account (the inbox), if they have one.
    pub account: Option<UserId>,
    /// Their name, for the e-mail's `To`.
    pub name: Option<String>,
    pub lang: Lang,
    pub email: Option<String>,
    pub phone: Option<VnPhone>,
    pub choice: ChannelPreferences,
}

impl std::fmt::Debug for Recipient {
    // Names and addresses are personal: never in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recipient")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

pub(crate) fn lang_of(l: PreferredLang) -> Lang {
    match l {
        PreferredLang::Vi => Lang::Vi,
        PreferredLang::En => Lang::En,
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl Recipient {
    /// Where `channel` reaches them, if they chose it and an address is known.
    pub(crate) fn address(&self, channel: Channel) -> Option<String> {
        let phone = || {
            self.phone
                .as_ref()
                .map(|p| p.format(motcua_notify::PhoneFormat::National))
        };
        match channel {
            Channel::Email if self.choice.email => self.email.clone(),
            Channel::Sms if self.choice.sms => phone(),
            Channel::Zns if self.choice.zns => phone(),
            _ => None,
        }
    }
}

/// The holder of `account` (`None` if it is unknown or disabled), reached at the account's
/// addresses or else at those given on the form (`email`, `phone`).
pub(crate) async fn account(
    app: &App,
    account: UserId,
    name: &str,
    email: &str,
    phone: &str,
) -> Result<Option<Recipient>> {
    let Some(contact) = app.store().user_contact(account).await? else {
        return Ok(None);
    };
    let choice = app.store().channel_preferences(account).await?;
    let phone = contact
        .phone
        .clone()
        .or_else(|| non_empty(phone))
        .and_then(|p| VnPhone::parse(&p).ok());
    Ok(Some(Recipient {
        account: Some(account),
        name: non_empty(name).or_else(|| non_empty(&contact.full_name)),
        lang: lang_of(choice.lang),
        email: contact.email.or_else(|| non_empty(email)),
        phone,
        choice,
    }))
}

/// Someone without an account, at the e-mail address they gave (if any).
pub(crate) fn without_account(name: &str, email: &str) -> Option<Recipient> {
    let email = non_empty(email)?;
    Some(Recipient {
        account: None,
        name: non_empty(name),
        lang: Lang::Vi,
        email: Some(email),
        phone: None,
        choice: ChannelPreferences {
            email: true,
            sms: false,
            zns: false,
            lang: PreferredLang::Vi,
        },
    })
}
