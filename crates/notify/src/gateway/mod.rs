//! HTTP gateways: an SMS provider's API and Zalo ZNS. One POST per message through reqwest
//! (rustls); the answer is classified as in [`http`]: 5xx, 408, 429, time-outs and
//! unreachable peers are transient; other 4xx and unexpected answers are permanent.

mod auth;
mod http;
mod json_path;
mod sms;
mod zns;

pub use auth::GatewayAuth;
pub use sms::{SmsBody, SmsGatewayConfig, SmsSender};
pub use zns::{ZNS_DEFAULT_URL, ZnsConfig, ZnsSender};
