//! The index of an agency for a period, from the counters.

use time::OffsetDateTime;

use motcua_domain::index766::{IndexInputs, IndexResult, Judging, Period, Weights, compute_index, score_2_1};

use super::{agency_of, period_of, scope_of};
use crate::{App, AppError, Result};

/// The index as the API shows it.
#[derive(Debug, Clone)]
pub struct IndexView {
    pub agency_code: String,
    pub period: Period,
    pub result: IndexResult,
}

/// The index of the agency `agency_code` for the period `period_text` (`2026-09`, `2026-Q3`,
/// `2026-H1`, `2026-9M`, `2026`), as known at `now`: a period not over yet judges the open
/// dossiers at `now`. Public. Only 2.1 has data today; every other indicator is N/A (null,
/// 0 points), never a made-up number.
pub async fn index(app: &App, agency_code: &str, period_text: &str, now: OffsetDateTime) -> Result<IndexView> {
    let agency = agency_of(app, agency_code)?;
    let period = period_of(period_text)?;
    bring_up_to_date(app).await?;
    let agencies = scope_of(app, &agency);
    let counters = app.store().index_counters(&agencies).await?;
    let judging = if now < period.to() {
        Judging::Live {
            now,
            overdue_open: app.store().index_overdue_open(&agencies, now).await?,
        }
    } else {
        Judging::AtPeriodEnd
    };
    let inputs = IndexInputs {
        on_time: Some(score_2_1(&counters, &period, judging)),
        ..IndexInputs::default()
    };
    let weights = Weights::embedded().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(IndexView {
        agency_code: agency.code.clone(),
        period,
        result: compute_index(&weights, agency.id, &period, &inputs),
    })
}

/// Batches a reading refreshes at most (5,000 dossiers).
const READING_BATCHES: usize = 10;

/// Refreshes the counters when some dossier changed since (written by any process).
pub(crate) async fn bring_up_to_date(app: &App) -> Result<()> {
    if app.store().index_pending().await? {
        super::refresh::refresh_up_to(app, READING_BATCHES).await?;
    }
    Ok(())
}
