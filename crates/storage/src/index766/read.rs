//! Reading the index: counters of a set of agencies, open dossiers already past their
//! deadline, and the facts of the dossiers a period holds (drill-down).

use sqlx::Row;
use time::OffsetDateTime;

use motcua_domain::ids::{AgencyId, DossierId};
use motcua_domain::index766::{DossierFacts, MonthCounters, MonthCounts, YearMonth};

use super::id_list;
use crate::{Result, StorageError, Store, to_ms};

/// A dossier of a period with its facts.
#[derive(Debug, Clone)]
pub struct IndexedDossier {
    pub dossier_id: DossierId,
    pub code: String,
    pub facts: DossierFacts,
}

fn agency_list(agencies: &[AgencyId]) -> String {
    let ids: Vec<i64> = agencies.iter().map(|a| a.get()).collect();
    id_list(&ids)
}

impl Store {
    /// The counters of `agencies` summed, month by month.
    pub async fn index_counters(&self, agencies: &[AgencyId]) -> Result<MonthCounters> {
        let mut out = MonthCounters::default();
        if agencies.is_empty() {
            return Ok(out);
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT month, CAST(SUM(received) AS BIGINT) AS received, CAST(SUM(ended_within) AS BIGINT) AS ended_within, \
             CAST(SUM(ended_late) AS BIGINT) AS ended_late, CAST(SUM(within_change) AS BIGINT) AS within_change \
             FROM index_counters WHERE agency_id IN ({}) GROUP BY month",
            agency_list(agencies)
        )))
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let ordinal: i64 = r.try_get("month")?;
            let month = YearMonth::from_ordinal(ordinal)
                .ok_or_else(|| StorageError::Corrupt(format!("index month {ordinal}")))?;
            out.add_row(
                month,
                MonthCounts {
                    received: r.try_get("received")?,
                    ended_within: r.try_get("ended_within")?,
                    ended_late: r.try_get("ended_late")?,
                    within_change: r.try_get("within_change")?,
                },
            );
        }
        Ok(out)
    }

    /// Dossiers of `agencies` not ended and already past their deadline at `now`.
    pub async fn index_overdue_open(&self, agencies: &[AgencyId], now: OffsetDateTime) -> Result<u64> {
        if agencies.is_empty() {
            return Ok(0);
        }
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM index_dossiers WHERE agency_id IN ({}) AND end_at IS NULL \
             AND within_until IS NOT NULL AND within_until < $1",
            agency_list(agencies)
        )))
        .bind(to_ms(now))
        .fetch_one(&self.read)
        .await?;
        Ok(u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0))
    }

    /// The dossiers of `agencies` received before `received_before` and not ended before
    /// `open_at`, by code: a superset of the denominator of a period, for the drill-down.
    pub async fn indexed_dossiers(
        &self,
        agencies: &[AgencyId],
        received_before: OffsetDateTime,
        open_at: OffsetDateTime,
    ) -> Result<Vec<IndexedDossier>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT i.dossier_id, d.code, i.facts FROM index_dossiers i JOIN dossiers d ON d.id = i.dossier_id \
             WHERE i.agency_id IN ({}) AND i.received_at < $1 AND (i.end_at IS NULL OR i.end_at >= $2) ORDER BY d.code",
            agency_list(agencies)
        )))
        .bind(to_ms(received_before))
        .bind(to_ms(open_at))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let facts: String = r.try_get("facts")?;
                Ok(IndexedDossier {
                    dossier_id: DossierId(r.try_get("dossier_id")?),
                    code: r.try_get("code")?,
                    facts: serde_json::from_str(&facts)?,
                })
            })
            .collect()
    }
}
