//! Officers' daily digest: once a day (from `digest_hour`, Vietnam time), each officer who
//! processes dossiers (one-stop officers, specialists, leaders) is told which dossiers of
//! their agencies are overdue and which are due within `digest_due_within_hours`: in the
//! inbox, and by e-mail if they chose it. Idempotent by day: the keys name the officer and
//! the day, and the day is marked done afterwards.

use std::collections::{BTreeMap, HashMap};

use motcua_domain::account::Role;
use motcua_domain::calendar::VIETNAM;
use motcua_domain::ids::{AgencyId, UserId};
use motcua_notify::{DigestItem, OfficerDigest};
use motcua_storage::{DossierRecord, Queue};
use time::OffsetDateTime;

use super::compose::Message;
use super::fanout::Plan;
use super::recipients;
use super::stored::Source;
use crate::{App, Result};

/// Roles whose holders get the digest.
const PROCESSING: [Role; 3] = [Role::OneStopOfficer, Role::Specialist, Role::Leader];

/// Most dossiers listed per agency and list.
const LIST_MAX: i64 = 50;

fn items(app: &App, list: &[DossierRecord]) -> Vec<DigestItem> {
    let catalogue = app.catalogue();
    list.iter()
        .filter_map(|d| {
            Some(DigestItem {
                code: d.code.clone(),
                procedure: catalogue
                    .by_id(d.procedure_id)
                    .map(|p| p.procedure.name.clone())
                    .unwrap_or_default(),
                due_at: d.state.due_at?,
            })
        })
        .collect()
}

/// Sends the digest of `now`'s day if it is time and nobody did yet; returns how many
/// officers were told. `now` chooses the day and the windows (the job passes the clock).
pub async fn send_digests(app: &App, now: OffsetDateTime) -> Result<usize> {
    let s = &app.settings().notifications;
    let local = now.to_offset(VIETNAM);
    if local.hour() < s.digest_hour || app.store().digest_done(local.date()).await? {
        return Ok(0);
    }
    let day = local.date();
    let mut agencies_of: BTreeMap<UserId, Vec<AgencyId>> = BTreeMap::new();
    for (officer, agency, role) in app.store().officer_grants().await? {
        let list = agencies_of.entry(officer).or_default();
        if PROCESSING.contains(&role) && !list.contains(&agency) {
            list.push(agency);
        }
    }
    let site = super::site(app)?;
    let outlets = app.outlets();
    let mut lists: HashMap<AgencyId, (Vec<DigestItem>, Vec<DigestItem>)> = HashMap::new();
    let mut told = 0;
    for (officer, agencies) in agencies_of {
        let mut overdue = Vec::new();
        let mut due_soon = Vec::new();
        for agency in &agencies {
            if !lists.contains_key(agency) {
                let store = app.store();
                let late = store.dossier_queue(*agency, Queue::Overdue, now, LIST_MAX).await?;
                let soon = Queue::DueSoon {
                    hours: s.digest_due_within_hours,
                };
                let soon = store.dossier_queue(*agency, soon, now, LIST_MAX).await?;
                lists.insert(*agency, (items(app, &late), items(app, &soon)));
            }
            if let Some((late, soon)) = lists.get(agency) {
                overdue.extend(late.iter().cloned());
                due_soon.extend(soon.iter().cloned());
            }
        }
        if overdue.is_empty() && due_soon.is_empty() {
            continue;
        }
        let Some(recipient) = recipients::account(app, officer, "", "", "").await? else {
            continue;
        };
        let catalogue = app.catalogue();
        let agency = agencies
            .iter()
            .filter_map(|a| catalogue.agency_by_id(*a).map(|a| a.name.clone()))
            .collect::<Vec<_>>()
            .join(", ");
        let message = Message::Digest(OfficerDigest {
            officer: recipient.name.clone().unwrap_or_default(),
            agency,
            day,
            overdue,
            due_soon,
        });
        let mut plan = Plan::default();
        plan.add(Source::Digest { officer, day }, &message, &[recipient], &site, &outlets)?;
        // Stored at the real time: `now` only chooses the day and the windows.
        app.store()
            .record_fan_out(None, &plan.deliveries, &plan.inbox, OffsetDateTime::now_utc())
            .await?;
        told += 1;
    }
    app.store().mark_digest_done(day, OffsetDateTime::now_utc()).await?;
    Ok(told)
}
