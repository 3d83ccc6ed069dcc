//! The fan-out: outbox events → who is told through which channel → delivery rows and inbox
//! messages, stored with the event marked fanned out in one transaction.

use motcua_notify::{Channel, IdempotencyKey, SiteContext, TemplateKind};
use motcua_storage::{NewDelivery, NewInboxItem, OutboxEvent};
use time::OffsetDateTime;

use super::compose::{self, Message};
use super::outlets::Outlets;
use super::recipients::{self, Recipient};
use super::stored::{Source, message_json, storage_channel};
use super::topics::{self, Notice};
use crate::{App, AppError, Result};

/// After this many failed fan-outs of one event (a fault that does not go away), it is
/// given up and logged, so that it does not hold back the events after it.
const GIVE_UP_AFTER: i64 = 5;

/// What one event (or digest) stores.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub deliveries: Vec<NewDelivery>,
    pub inbox: Vec<NewInboxItem>,
}

/// The stable name of a message kind (`dossier_received`).
pub(crate) fn kind_name(kind: TemplateKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl Plan {
    /// Adds `message` for each recipient: their inbox message, and one delivery per channel
    /// they chose that has an outlet and an address.
    pub(crate) fn add(
        &mut self,
        source: Source,
        message: &Message,
        recipients: &[Recipient],
        site: &SiteContext,
        outlets: &Outlets,
    ) -> Result<()> {
        for r in recipients {
            let rendered = message
                .render(r.lang, site)
                .map_err(|e| AppError::Internal(format!("rendering: {e}")))?;
            let kind = kind_name(rendered.template);
            if let Some(user) = r.account {
                let key = IdempotencyKey::new(source.event(), Channel::Portal, &user.to_string());
                self.inbox.push(NewInboxItem {
                    key: key.as_str().to_owned(),
                    user_id: user,
                    kind: kind.clone(),
                    title: rendered.subject.clone(),
                    body: rendered.text.clone(),
                    link: rendered.link.clone(),
                });
            }
            for channel in [Channel::Email, Channel::Sms, Channel::Zns] {
                let (Some(stored), Some(address)) = (storage_channel(channel), r.address(channel)) else {
                    continue;
                };
                if !outlets.has(channel) {
                    continue;
                }
                let key = IdempotencyKey::new(source.event(), channel, &address);
                self.deliveries.push(NewDelivery {
                    key: key.as_str().to_owned(),
                    outbox_id: source.outbox_id(),
                    channel: stored,
                    kind: kind.clone(),
                    message: message_json(source, channel, &rendered, r.name.as_deref()),
                    recipient: address,
                    user_id: r.account,
                });
            }
        }
        Ok(())
    }
}

/// The plan of one event.
async fn plan_event(app: &App, site: &SiteContext, outlets: &Outlets, e: &OutboxEvent) -> Result<Plan> {
    let mut plan = Plan::default();
    let source = Source::Outbox(e.id);
    match topics::notice(e) {
        None => {}
        Some(Notice::Dossier { code, kind }) => {
            let d = app.store().dossier_by_code(&code).await?.ok_or(AppError::NotFound)?;
            let Some(message) = compose::dossier_message(app, e, &d, &kind).await? else {
                return Ok(plan);
            };
            let a = &d.applicant;
            let recipient = match d.state.applicant_id {
                Some(user) => recipients::account(app, user, &a.full_name, &a.email, &a.phone).await?,
                None => recipients::without_account(&a.full_name, &a.email),
            };
            plan.add(source, &message, &Vec::from_iter(recipient), site, outlets)?;
        }
        Some(Notice::FeedbackAnswered(id)) => {
            let r = app.store().feedback(id).await?.ok_or(AppError::NotFound)?;
            let c = &r.contact;
            let recipient = match r.state.reporter_id {
                Some(user) => recipients::account(app, user, &c.name, &c.email, &c.phone).await?,
                None => recipients::without_account(&c.name, &c.email),
            };
            if let Some(recipient) = recipient {
                let name = recipient.name.clone().unwrap_or_default();
                let message = compose::answered_message(app, e, &r, &name);
                plan.add(source, &message, &[recipient], site, outlets)?;
            }
        }
    }
    Ok(plan)
}

/// One round of fan-out: claims up to `batch` outbox events and stores what each gives;
/// returns how many events it handled.
pub async fn fan_out(app: &App) -> Result<usize> {
    let settings = &app.settings().notifications;
    let now = OffsetDateTime::now_utc();
    let lease = time::Duration::try_from(settings.lease).unwrap_or(time::Duration::MINUTE);
    let limit = i64::try_from(settings.batch.max(1)).unwrap_or(50);
    let events = app
        .store()
        .claim_outbox(app.worker_id(), now, now + lease, limit)
        .await?;
    if events.is_empty() {
        return Ok(0);
    }
    let site = super::site(app)?;
    let outlets = app.outlets();
    for e in &events {
        let plan = match plan_event(app, &site, &outlets, e).await {
            Ok(plan) => plan,
            Err(AppError::NotFound) => {
                tracing::warn!(outbox_id = e.id, topic = %e.topic, "the event's dossier or report is gone: nobody is told");
                Plan::default()
            }
            Err(err) if e.attempts >= GIVE_UP_AFTER => {
                tracing::error!(outbox_id = e.id, topic = %e.topic, error = %err, "fan-out given up");
                Plan::default()
            }
            Err(err) => {
                tracing::warn!(outbox_id = e.id, topic = %e.topic, error = %err, "fan-out failed; tried again when its lease expires");
                continue;
            }
        };
        app.store()
            .record_fan_out(Some(e.id), &plan.deliveries, &plan.inbox, now)
            .await?;
    }
    Ok(events.len())
}
