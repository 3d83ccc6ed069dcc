//! The channels an account is told through: e-mail, SMS and Zalo on or off (the inbox is
//! always on), and the language of the messages. A channel is offered only when this portal
//! has an outlet for it and the account has an address for it.

use motcua_domain::FieldError;
use motcua_domain::account::Principal;
use motcua_notify::Channel;
use motcua_storage::{ChannelPreferences, PreferredLang};
use time::OffsetDateTime;

use crate::{App, AppError, Result};

/// What the preferences page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferencesView {
    pub chosen: ChannelPreferences,
    /// Channels this portal delivers.
    pub email_offered: bool,
    pub sms_offered: bool,
    pub zns_offered: bool,
    /// Whether the account has an e-mail address, a phone number.
    pub has_email: bool,
    pub has_phone: bool,
}

/// A choice as submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelChoice {
    pub email: bool,
    pub sms: bool,
    pub zns: bool,
    pub lang: PreferredLang,
}

/// `who`'s choices and what may be chosen.
pub async fn preferences(app: &App, who: &Principal) -> Result<PreferencesView> {
    let store = app.store();
    let contact = store
        .user_contact(who.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let outlets = app.outlets();
    Ok(PreferencesView {
        chosen: store.channel_preferences(who.user_id).await?,
        email_offered: outlets.has(Channel::Email),
        sms_offered: outlets.has(Channel::Sms),
        zns_offered: outlets.has(Channel::Zns),
        has_email: contact.email.is_some(),
        has_phone: contact.phone.is_some(),
    })
}

/// Stores `who`'s choice. Turning on a channel the portal does not offer, or one the account
/// has no address for, is refused on that field (`channel_unavailable`, `no_email_address`,
/// `no_phone_number`); turning anything off is always allowed.
pub async fn set_preferences(app: &App, who: &Principal, choice: ChannelChoice) -> Result<()> {
    let view = preferences(app, who).await?;
    let mut errors = Vec::new();
    let mut check = |on: bool, field: &str, offered: bool, has_address: bool, missing: &'static str| {
        let code = if !on {
            return;
        } else if !offered {
            "channel_unavailable"
        } else if !has_address {
            missing
        } else {
            return;
        };
        errors.push(FieldError {
            field: field.into(),
            code,
            detail: None,
        });
    };
    check(
        choice.email,
        "email",
        view.email_offered,
        view.has_email,
        "no_email_address",
    );
    check(choice.sms, "sms", view.sms_offered, view.has_phone, "no_phone_number");
    check(choice.zns, "zns", view.zns_offered, view.has_phone, "no_phone_number");
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let chosen = ChannelPreferences {
        email: choice.email,
        sms: choice.sms,
        zns: choice.zns,
        lang: choice.lang,
    };
    app.store()
        .set_channel_preferences(who.user_id, &chosen, OffsetDateTime::now_utc())
        .await?;
    Ok(())
}
