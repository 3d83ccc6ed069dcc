//! Reading a dossier row.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use motcua_domain::dossier::{DossierState, FeeOwed, LiaisonState};
use motcua_domain::ids::{AgencyId, DossierId, ProcedureId, UserId};
use motcua_domain::payment::Money;
use motcua_domain::procedure::Channel;

use super::{DossierRecord, stored};
use crate::{Result, StorageError, from_ms};

pub(crate) const COLUMNS: &str = "id, code, secret, procedure_id, form_version, receiving_agency_id, agency_id, applicant_id, filed_by, \
    channel, status, step, applicant, data, submitted_at, received_at, due_at, step_started_at, step_due_at, \
    supplements_requested, extensions, finished_at, version, liaison_origin_agency_id, liaison_sub_step, \
    fee_amount, fee_due, fee_quote, fee_paid_at";

pub(crate) fn opt_time(r: &AnyRow, col: &str) -> Result<Option<OffsetDateTime>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(from_ms))
}

fn opt_user(r: &AnyRow, col: &str) -> Result<Option<UserId>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(UserId))
}

fn index(r: &AnyRow, col: &str) -> Result<usize> {
    let n: i64 = r.try_get(col)?;
    usize::try_from(n).map_err(|_| StorageError::Corrupt(format!("dossiers.{col} {n}")))
}

pub(crate) fn from_row(r: &AnyRow) -> Result<DossierRecord> {
    let channel: String = r.try_get("channel")?;
    let applicant: String = r.try_get("applicant")?;
    let data: String = r.try_get("data")?;
    let count = |c: &str| -> Result<u32> { Ok(u32::try_from(r.try_get::<i64, _>(c)?).unwrap_or(0)) };
    let liaison = match (
        r.try_get::<Option<i64>, _>("liaison_origin_agency_id")?,
        r.try_get::<Option<i64>, _>("liaison_sub_step")?,
    ) {
        (Some(origin), Some(_)) => Some(LiaisonState {
            origin_agency_id: AgencyId(origin),
            sub_step: index(r, "liaison_sub_step")?,
        }),
        _ => None,
    };
    let fee = match (
        r.try_get::<Option<i64>, _>("fee_amount")?,
        r.try_get::<Option<String>, _>("fee_due")?,
    ) {
        (Some(amount), Some(due)) => Some(FeeOwed {
            amount: Money::from_dong(amount),
            due: stored::parse_fee_due(&due)?,
            paid: r.try_get::<Option<i64>, _>("fee_paid_at")?.is_some(),
        }),
        _ => None,
    };
    let fee_quote = r
        .try_get::<Option<String>, _>("fee_quote")?
        .map(|q| serde_json::from_str(&q))
        .transpose()?;
    Ok(DossierRecord {
        id: DossierId(r.try_get("id")?),
        code: r.try_get("code")?,
        secret: r.try_get("secret")?,
        procedure_id: ProcedureId(r.try_get("procedure_id")?),
        form_version: r.try_get("form_version")?,
        receiving_agency_id: AgencyId(r.try_get("receiving_agency_id")?),
        filed_by: opt_user(r, "filed_by")?,
        channel: Channel::parse(&channel).ok_or_else(|| StorageError::Corrupt(format!("channel {channel}")))?,
        applicant: serde_json::from_str(&applicant)?,
        data: serde_json::from_str(&data)?,
        submitted_at: from_ms(r.try_get("submitted_at")?),
        finished_at: opt_time(r, "finished_at")?,
        state: DossierState {
            status: stored::parse_status(&r.try_get::<String, _>("status")?)?,
            step: index(r, "step")?,
            agency_id: AgencyId(r.try_get("agency_id")?),
            applicant_id: opt_user(r, "applicant_id")?,
            received_at: opt_time(r, "received_at")?,
            due_at: opt_time(r, "due_at")?,
            step_started_at: opt_time(r, "step_started_at")?,
            step_due_at: opt_time(r, "step_due_at")?,
            supplements_requested: count("supplements_requested")?,
            extensions: count("extensions")?,
            liaison,
            fee,
        },
        fee_quote,
        version: r.try_get("version")?,
    })
}

pub(crate) async fn by_id_in(conn: &mut AnyConnection, id: DossierId) -> Result<Option<DossierRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM dossiers WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.get())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}
