//! Notifications of motcua: **what** to tell applicants, reporters and officers, in
//! Vietnamese (the default) and English, and **how** to hand it to e-mail, SMS and Zalo.
//!
//! The application's delivery worker reads `outbox` events, decides who is told through
//! which channel, renders a message here and sends it through a [`Sender`]. This crate
//! holds no state and touches no database.
//!
//! # Messages
//!
//! Each message kind ([`TemplateKind`]) is a typed struct in `templates/` (e.g.
//! [`DossierReceived`], [`SupplementRequested`], [`OfficerDigest`]) implementing
//! [`Template`], with its Vietnamese and English wording side by side. [`render`] gives a
//! [`Rendered`]: subject, plain text, escaped HTML, an SMS short form and ZNS parameters.
//! Dates are in Vietnam time (`dd/mm/yyyy`, `HH:MM dd/mm/yyyy`), amounts `1.000.000 đ`,
//! links absolute under the configured public base URL ([`SiteContext`]). From a
//! [`Rendered`] come the per-channel messages: [`Rendered::email`], [`Rendered::sms`],
//! [`Rendered::zns`], [`Rendered::portal`] (the in-portal inbox, stored by the application).
//!
//! ```
//! use motcua_notify::*;
//! use time::macros::datetime;
//!
//! let site = SiteContext::new(&SiteConfig {
//!     public_base_url: "https://dichvucong.daklak.gov.vn".into(),
//!     portal_name: "Cổng Dịch vụ công tỉnh Đắk Lắk".into(),
//!     portal_name_en: None,
//! })?;
//! let data = DossierReceived {
//!     dossier: DossierFacts {
//!         code: "H15.50-260105-0001".into(),
//!         procedure: "Đăng ký khai sinh".into(),
//!         agency: "UBND phường Buôn Ma Thuột".into(),
//!         applicant: "Nguyễn Văn An".into(),
//!     },
//!     received_at: datetime!(2026-01-05 08:15 +7),
//!     appointment: datetime!(2026-01-07 16:30 +7),
//! };
//! let rendered = render(&data, Lang::Vi, &site)?;
//! assert_eq!(rendered.subject, "Hồ sơ H15.50-260105-0001 đã được tiếp nhận");
//! let key = IdempotencyKey::new(EventSource::Outbox(42), Channel::Email, "an@example.vn");
//! let email = Outgoing::Email(rendered.email("an@example.vn", Some("Nguyễn Văn An"), key));
//! # let _ = email;
//! # Ok::<(), SendError>(())
//! ```
//!
//! # Senders
//!
//! [`Sender::send`] hands one [`Outgoing`] message to a peer and returns a
//! [`DeliveryReceipt`], or a [`SendError`]: [`SendError::Transient`] (retry later with
//! back-off) or [`SendError::Permanent`] (give up; show administrators), each with a stable
//! code. [`SmtpSender`] (lettre; SMTP 4xx transient, 5xx permanent), [`SmsSender`] (any HTTP
//! SMS gateway described by [`SmsGatewayConfig`]) and [`ZnsSender`] (Zalo ZNS) implement it;
//! [`Senders`] routes a message to the sender of its channel. HTTP 5xx, 408, 429, time-outs
//! and unreachable peers are transient; other 4xx are permanent. Configuration structs
//! derive `Deserialize` (for the application's layered configuration) and hide secrets in
//! `Debug`; every peer has a time-out.
//!
//! # TLS and its crypto provider
//!
//! Both lettre and reqwest speak TLS through rustls. rustls needs a crypto provider. The
//! providers that compile no C (`rustls-rustcrypto`, published as an alpha, and
//! `rustls-graviola`, young and limited to x86-64 and aarch64) are not yet mature enough
//! for a government service. Of the mature ones, `aws-lc-rs` is already compiled into the
//! tree by `object_store` (its `aws` feature signs S3 requests with it and builds reqwest's
//! rustls with it). Choosing `ring` here would compile a second C crypto library and, with
//! two providers enabled in rustls, leave no process-wide default provider, so any
//! `rustls::ClientConfig::builder()` elsewhere would fail. This crate therefore uses
//! `aws-lc-rs` (lettre feature `aws-lc-rs`; reqwest feature `rustls`, the same features
//! object_store asks for, so the tree keeps one reqwest) and adds no C compilation of its
//! own. Certificates are checked with `rustls-platform-verifier` (the system's roots, as
//! reqwest does; Debian's `ca-certificates`). Plain SMTP is possible only as
//! [`SmtpSecurity::PlainLocalRelay`], never with credentials.
//!
//! # What the delivery worker must guarantee
//!
//! Peers cannot take part in a transaction, so "exactly once" is the worker's job: at least
//! once by retrying, at most once by remembering what was already handed over.
//!
//! 1. Each delivery is identified by [`IdempotencyKey::new`]`(EventSource::Outbox(id),
//!    channel, recipient)`: one key per outbox event, channel and recipient. The worker
//!    records an attempt row under that key (unique) **before** calling [`Sender::send`], and
//!    marks it sent with the [`DeliveryReceipt`] after.
//! 2. On a claimed event whose key already has an attempt row without a receipt (the worker
//!    died between sending and recording), the worker knows the message may have gone out.
//!    For e-mail the resend carries the same `Message-ID` (built from the key) and ZNS the same
//!    `tracking_id`, so duplicates are recognisable downstream; for SMS the key goes to the
//!    gateway as `{id}` where it has a place for it. The portal inbox makes the key unique,
//!    so storing a message twice is a no-op.
//! 3. Transient errors are retried with exponential back-off up to a limit, then treated as
//!    permanent; permanent errors are not retried and are shown to administrators with
//!    their code. A message is rendered from the data as it was at the event, not later.
//! 4. Verification codes are time-critical and not idempotent in meaning: send them directly
//!    (not through a slow retry queue) and never resend an expired one.

mod email;
mod error;
mod format;
mod gateway;
mod key;
mod message;
mod phone;
mod render;
mod secret;
mod sender;
mod sms_text;
mod templates;

pub use email::{SmtpConfig, SmtpSecurity, SmtpSender};
pub use error::SendError;
pub use format::{amount as format_amount, date as format_date, date_time as format_date_time};
pub use gateway::{GatewayAuth, SmsBody, SmsGatewayConfig, SmsSender, ZNS_DEFAULT_URL, ZnsConfig, ZnsSender};
pub use key::{EventSource, IdempotencyKey};
pub use message::{Channel, DeliveryReceipt, EmailMessage, Outgoing, PortalMessage, SmsMessage, ZnsMessage};
pub use phone::{PhoneFormat, VnPhone};
pub use render::{Lang, ListItem, Rendered, SiteConfig, SiteContext, Template, Values, render};
pub use secret::Secret;
pub use sender::{Sender, Senders};
pub use sms_text::{SmsEncoding, SmsText, fold_to_gsm7, gsm7_septets};
pub use templates::{
    ApologyExtension, Block, DigestItem, DossierFacts, DossierReceived, DossierRefused, FeedbackAnswered,
    OfficerDigest, PaymentFailed, PaymentReceived, ResultDelivery, ResultReady, ResultReturned, SupplementRequested,
    TemplateKind, Text, VerificationCode, VerificationPurpose, example, example_dossier,
};
