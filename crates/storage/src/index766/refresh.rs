//! Claiming pending dossiers and moving their contribution in the counters.

use std::collections::{BTreeMap, HashMap};

use sqlx::{AnyConnection, Row};

use motcua_domain::dossier::ActionKind;
use motcua_domain::ids::{AgencyId, DossierId, ProcedureId};
use motcua_domain::index766::{
    Contribution, DossierEvent, DossierFacts, MonthCounts, YearMonth, changes, contribution,
};
use motcua_domain::procedure::Channel;

use super::{IndexSource, id_list, opt_ms};
use crate::dossiers::stored;
use crate::{Result, StorageError, Store, from_ms, to_ms};

/// Rows per multi-row statement.
const ROWS_PER_STATEMENT: usize = 200;

impl Store {
    /// Whether some dossier changed since the counters were last brought up to date.
    pub async fn index_pending(&self) -> Result<bool> {
        let row = sqlx::query("SELECT dossier_id FROM index_pending LIMIT 1")
            .fetch_optional(&self.read)
            .await?;
        Ok(row.is_some())
    }

    /// Brings up to `limit` pending dossiers into the counters, in one transaction: claims them,
    /// reads their history, derives their facts with `facts_of`, replaces their stored facts
    /// and contribution (a dossier never received leaves the index), and adds the difference
    /// of the contributions to the counters. Returns how many dossiers were claimed (0:
    /// nothing was pending). When `facts_of` cannot derive a dossier's facts (None: the
    /// caller's reference data, such as its catalogue, is older than the dossier), nothing is
    /// written and `Conflict("index_reference")` is returned: the dossiers stay pending.
    pub async fn refresh_index(
        &self,
        limit: i64,
        facts_of: impl Fn(&IndexSource) -> Option<DossierFacts>,
    ) -> Result<usize> {
        let mut tx = self.write.begin().await?;
        // The claim, one statement that writes first (on SQLite it takes the write lock at
        // once, waiting for another writer rather than failing): pending rows deleted here are
        // this transaction's; PostgreSQL skips rows another refresher is deleting.
        let claimed = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM index_pending WHERE dossier_id IN \
             (SELECT dossier_id FROM index_pending ORDER BY dossier_id LIMIT $1{}) RETURNING dossier_id",
            crate::deliveries::skip_locked(self.backend())
        )))
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let mut ids: Vec<i64> = claimed
            .iter()
            .map(|r| r.try_get("dossier_id"))
            .collect::<Result<_, _>>()?;
        ids.sort_unstable();
        if ids.is_empty() {
            tx.commit().await?;
            return Ok(0);
        }
        let sources = sources_in(&mut tx, &ids).await?;
        let old = contributions_in(&mut tx, &ids).await?;
        let mut totals: BTreeMap<(AgencyId, YearMonth), MonthCounts> = BTreeMap::new();
        let mut keep: Vec<(i64, DossierFacts, Contribution)> = Vec::new();
        let mut drop: Vec<i64> = Vec::new();
        for id in &ids {
            let facts = match sources.get(id) {
                Some(source) => match facts_of(source) {
                    Some(f) => Some(f).filter(|f| f.received_at().is_some()),
                    None => {
                        tx.rollback().await?;
                        return Err(StorageError::Conflict("index_reference"));
                    }
                },
                None => None,
            };
            let new = facts.as_ref().map(contribution).unwrap_or_default();
            let before = old.get(id).cloned().unwrap_or_default();
            for (agency, month, counts) in changes(&before, &new) {
                *totals.entry((agency, month)).or_default() += counts;
            }
            match facts {
                Some(f) => keep.push((*id, f, new)),
                None => drop.push(*id),
            }
        }
        if !drop.is_empty() {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM index_dossiers WHERE dossier_id IN ({})",
                id_list(&drop)
            )))
            .execute(&mut *tx)
            .await?;
        }
        for chunk in keep.chunks(ROWS_PER_STATEMENT) {
            upsert_dossiers(&mut tx, chunk).await?;
        }
        let totals: Vec<_> = totals.into_iter().filter(|(_, c)| !c.is_zero()).collect();
        for chunk in totals.chunks(ROWS_PER_STATEMENT) {
            add_counters(&mut tx, chunk).await?;
        }
        tx.commit().await?;
        Ok(ids.len())
    }
}

fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let cells: Vec<String> = (1..=columns).map(|c| format!("${}", r * columns + c)).collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn upsert_dossiers(conn: &mut AnyConnection, rows: &[(i64, DossierFacts, Contribution)]) -> Result<()> {
    let sql = format!(
        "INSERT INTO index_dossiers (dossier_id, agency_id, received_at, end_at, within_until, facts, contribution) \
         VALUES {} ON CONFLICT (dossier_id) DO UPDATE SET agency_id = excluded.agency_id, \
         received_at = excluded.received_at, end_at = excluded.end_at, within_until = excluded.within_until, \
         facts = excluded.facts, contribution = excluded.contribution",
        placeholders(rows.len(), 7)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (id, facts, c) in rows {
        let received = facts
            .received_at()
            .ok_or_else(|| StorageError::Corrupt("indexed dossier without a receipt".into()))?;
        q = q
            .bind(*id)
            .bind(facts.agency_id().get())
            .bind(to_ms(received))
            .bind(opt_ms(facts.end().map(|e| e.at)))
            .bind(opt_ms(facts.within_until()))
            .bind(serde_json::to_string(facts)?)
            .bind(serde_json::to_string(c)?);
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

async fn add_counters(conn: &mut AnyConnection, rows: &[((AgencyId, YearMonth), MonthCounts)]) -> Result<()> {
    let sql = format!(
        "INSERT INTO index_counters (agency_id, month, received, ended_within, ended_late, within_change) \
         VALUES {} ON CONFLICT (agency_id, month) DO UPDATE SET \
         received = index_counters.received + excluded.received, \
         ended_within = index_counters.ended_within + excluded.ended_within, \
         ended_late = index_counters.ended_late + excluded.ended_late, \
         within_change = index_counters.within_change + excluded.within_change",
        placeholders(rows.len(), 6)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for ((agency, month), c) in rows {
        q = q
            .bind(agency.get())
            .bind(month.ordinal())
            .bind(c.received)
            .bind(c.ended_within)
            .bind(c.ended_late)
            .bind(c.within_change);
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

async fn contributions_in(conn: &mut AnyConnection, ids: &[i64]) -> Result<HashMap<i64, Contribution>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT dossier_id, contribution FROM index_dossiers WHERE dossier_id IN ({})",
        id_list(ids)
    )))
    .fetch_all(&mut *conn)
    .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for r in &rows {
        let text: String = r.try_get("contribution")?;
        out.insert(r.try_get("dossier_id")?, serde_json::from_str(&text)?);
    }
    Ok(out)
}

/// The dossiers `ids` with their history as events.
async fn sources_in(conn: &mut AnyConnection, ids: &[i64]) -> Result<HashMap<i64, IndexSource>> {
    let list = id_list(ids);
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, procedure_id, receiving_agency_id, channel, due_at FROM dossiers WHERE id IN ({list})"
    )))
    .fetch_all(&mut *conn)
    .await?;
    let mut out = HashMap::with_capacity(rows.len());
    let mut due = HashMap::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let channel: String = r.try_get("channel")?;
        due.insert(id, r.try_get::<Option<i64>, _>("due_at")?);
        out.insert(
            id,
            IndexSource {
                dossier_id: DossierId(id),
                procedure_id: ProcedureId(r.try_get("procedure_id")?),
                agency_id: AgencyId(r.try_get("receiving_agency_id")?),
                channel: Channel::parse(&channel)
                    .ok_or_else(|| StorageError::Corrupt(format!("dossier channel {channel}")))?,
                events: Vec::new(),
            },
        );
    }
    let lines = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT dossier_id, at, action, detail FROM dossier_history WHERE dossier_id IN ({list}) ORDER BY dossier_id, id"
    )))
    .fetch_all(&mut *conn)
    .await?;
    for r in &lines {
        let id: i64 = r.try_get("dossier_id")?;
        let Some(kind) = stored::parse_action(&r.try_get::<String, _>("action")?)?.kind() else {
            continue;
        };
        let detail = stored::parse_detail(&r.try_get::<String, _>("detail")?)?;
        let appointment = match kind {
            ActionKind::ApologiseExtend => detail.new_due,
            ActionKind::Receive | ActionKind::CompleteSupplement => detail.due_at,
            _ => None,
        };
        if let Some(s) = out.get_mut(&id) {
            s.events.push(DossierEvent {
                at: from_ms(r.try_get("at")?),
                kind,
                appointment,
            });
        }
    }
    for (id, s) in &mut out {
        fill_last_appointment(&mut s.events, due.get(id).copied().flatten().map(from_ms));
    }
    Ok(out)
}

/// Lines written before appointments were recorded with the receipt and the completed
/// supplement: the last such line, when nothing set an appointment after it, gets the
/// dossier's appointment in force.
fn fill_last_appointment(events: &mut [DossierEvent], due: Option<time::OffsetDateTime>) {
    let Some(due) = due else {
        return;
    };
    let last = events.iter_mut().rev().find(|e| {
        matches!(
            e.kind,
            ActionKind::Receive | ActionKind::CompleteSupplement | ActionKind::ApologiseExtend
        )
    });
    if let Some(e) = last
        && e.kind != ActionKind::ApologiseExtend
        && e.appointment.is_none()
    {
        e.appointment = Some(due);
    }
}
