//! How channels, states and languages are written down (total both ways, tested).

use super::{DeliveryChannel, DeliveryState, PreferredLang};
use crate::{Result, StorageError};

pub(crate) fn channel(c: DeliveryChannel) -> &'static str {
    match c {
        DeliveryChannel::Email => "email",
        DeliveryChannel::Sms => "sms",
        DeliveryChannel::Zns => "zns",
    }
}

pub(crate) fn parse_channel(s: &str) -> Result<DeliveryChannel> {
    Ok(match s {
        "email" => DeliveryChannel::Email,
        "sms" => DeliveryChannel::Sms,
        "zns" => DeliveryChannel::Zns,
        other => return Err(StorageError::Corrupt(format!("delivery channel {other}"))),
    })
}

pub(crate) fn state(s: DeliveryState) -> &'static str {
    match s {
        DeliveryState::Pending => "pending",
        DeliveryState::Sending => "sending",
        DeliveryState::Sent => "sent",
        DeliveryState::Failed => "failed",
    }
}

pub(crate) fn parse_state(s: &str) -> Result<DeliveryState> {
    Ok(match s {
        "pending" => DeliveryState::Pending,
        "sending" => DeliveryState::Sending,
        "sent" => DeliveryState::Sent,
        "failed" => DeliveryState::Failed,
        other => return Err(StorageError::Corrupt(format!("delivery state {other}"))),
    })
}

pub(crate) fn lang(l: PreferredLang) -> &'static str {
    match l {
        PreferredLang::Vi => "vi",
        PreferredLang::En => "en",
    }
}

pub(crate) fn parse_lang(s: &str) -> Result<PreferredLang> {
    Ok(match s {
        "vi" => PreferredLang::Vi,
        "en" => PreferredLang::En,
        other => return Err(StorageError::Corrupt(format!("language {other}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_read_back_as_written() {
        for c in [DeliveryChannel::Email, DeliveryChannel::Sms, DeliveryChannel::Zns] {
            assert_eq!(parse_channel(channel(c)).ok(), Some(c));
        }
        for s in [
            DeliveryState::Pending,
            DeliveryState::Sending,
            DeliveryState::Sent,
            DeliveryState::Failed,
        ] {
            assert_eq!(parse_state(state(s)).ok(), Some(s));
        }
        for l in [PreferredLang::Vi, PreferredLang::En] {
            assert_eq!(parse_lang(lang(l)).ok(), Some(l));
        }
        assert!(parse_channel("portal").is_err());
        assert!(parse_state("lost").is_err());
        assert!(parse_lang("fr").is_err());
    }
}
