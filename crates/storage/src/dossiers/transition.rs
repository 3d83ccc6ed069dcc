//! Storing a transition: the state change (with its version check), the history line, the
//! form-05 row, the outbox event and the audit record, as ONE statement per backend (the hot
//! path). PostgreSQL runs data-modifying CTEs hanging off the UPDATE (no row updated →
//! nothing inserted); SQLite runs a statement batch in which every INSERT is guarded by
//! `changes() = 1` of the statement before it.
//!
//! The statements name their parameters (`:status`); `NAMES` fixes their numbers and
//! `TransitionWrite::param` their values, so the 31 values are bound in one place.

use std::sync::LazyLock;

use serde_json::json;
use sqlx::{AnyConnection, Row};

use motcua_domain::dossier::{ActionKind, HistoryAction, HistoryDetail, LiaisonState};
use motcua_domain::ids::UserId;

use super::{DossierRecord, Transition, stored};
use crate::commit::{Done, Job};
use crate::db::Backend;
use crate::{Result, StorageError, Store, from_ms, now_ms, to_ms};

/// A form-05 row to write with a transition.
struct HandOverWrite {
    step: String,
    agency_id: i64,
    started_at: i64,
    finished_at: i64,
    due_at: Option<i64>,
    timeliness: &'static str,
}

/// A transition, ready to write (owned: it travels to a committer lane).
pub(crate) struct TransitionWrite {
    id: i64,
    version: i64,
    status: &'static str,
    step: i64,
    agency_id: i64,
    received_at: Option<i64>,
    due_at: Option<i64>,
    step_started_at: Option<i64>,
    step_due_at: Option<i64>,
    supplements_requested: i64,
    extensions: i64,
    finished_at: Option<i64>,
    now: i64,
    actor_id: Option<i64>,
    action: &'static str,
    from_status: &'static str,
    from_step: i64,
    detail: String,
    payload: String,
    code: String,
    topic: String,
    audit_at: i64,
    audit_detail: String,
    hand_over: Option<HandOverWrite>,
    liaison: Option<LiaisonState>,
}

/// A bound value.
enum Param<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
}

/// The statements' parameters, in the order of their numbers (`$1` is `status`).
const NAMES: [&str; 31] = [
    "status",
    "step",
    "agency_id",
    "received_at",
    "due_at",
    "step_started_at",
    "step_due_at",
    "supplements_requested",
    "extensions",
    "finished_at",
    "now",
    "id",
    "version",
    "actor_id",
    "action",
    "from_status",
    "from_step",
    "detail",
    "topic",
    "code",
    "payload",
    "audit_at",
    "audit_detail",
    "ho_step",
    "ho_agency_id",
    "ho_started_at",
    "ho_finished_at",
    "ho_due_at",
    "ho_timeliness",
    "liaison_origin",
    "liaison_sub_step",
];

impl TransitionWrite {
    /// The value of the parameter `name`; `None` for a name that is not one of `NAMES`.
    fn param(&self, name: &str) -> Option<Param<'_>> {
        use Param::{Int, Text};
        let h = self.hand_over.as_ref();
        Some(match name {
            "status" => Text(Some(self.status)),
            "step" => Int(Some(self.step)),
            "agency_id" => Int(Some(self.agency_id)),
            "received_at" => Int(self.received_at),
            "due_at" => Int(self.due_at),
            "step_started_at" => Int(self.step_started_at),
            "step_due_at" => Int(self.step_due_at),
            "supplements_requested" => Int(Some(self.supplements_requested)),
            "extensions" => Int(Some(self.extensions)),
            "finished_at" => Int(self.finished_at),
            "now" => Int(Some(self.now)),
            "id" => Int(Some(self.id)),
            "version" => Int(Some(self.version)),
            "actor_id" => Int(self.actor_id),
            "action" => Text(Some(self.action)),
            "from_status" => Text(Some(self.from_status)),
            "from_step" => Int(Some(self.from_step)),
            "detail" => Text(Some(&self.detail)),
            "topic" => Text(Some(&self.topic)),
            "code" => Text(Some(&self.code)),
            "payload" => Text(Some(&self.payload)),
            "audit_at" => Int(Some(self.audit_at)),
            "audit_detail" => Text(Some(&self.audit_detail)),
            "ho_step" => Text(h.map(|h| h.step.as_str())),
            "ho_agency_id" => Int(h.map(|h| h.agency_id)),
            "ho_started_at" => Int(h.map(|h| h.started_at)),
            "ho_finished_at" => Int(h.map(|h| h.finished_at)),
            "ho_due_at" => Int(h.and_then(|h| h.due_at)),
            "ho_timeliness" => Text(h.map(|h| h.timeliness)),
            "liaison_origin" => Int(self.liaison.map(|l| l.origin_agency_id.get())),
            "liaison_sub_step" => Int(self.liaison.and_then(|l| i64::try_from(l.sub_step).ok())),
            _ => return None,
        })
    }
}

const TRANSITION_SQLITE: &str = "\
UPDATE dossiers SET status = :status, step = :step, agency_id = :agency_id, received_at = :received_at, \
 due_at = :due_at, step_started_at = :step_started_at, step_due_at = :step_due_at, \
 supplements_requested = :supplements_requested, extensions = :extensions, \
 finished_at = COALESCE(finished_at, :finished_at), liaison_origin_agency_id = :liaison_origin, \
 liaison_sub_step = :liaison_sub_step, version = version + 1, updated_at = :now \
 WHERE id = :id AND version = :version; \
INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
 SELECT :id, :now, :actor_id, :action, :from_status, :status, :from_step, :step, :agency_id, :detail WHERE changes() = 1; \
INSERT INTO outbox (created_at, topic, aggregate_id, payload) SELECT :now, :topic, :code, :payload WHERE changes() = 1; \
INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) \
 SELECT :audit_at, :actor_id, :topic, 'dossier', :code, :audit_detail WHERE changes() = 1; \
INSERT INTO dossier_handovers (dossier_id, step, agency_id, started_at, finished_at, due_at, timeliness) \
 SELECT :id, :ho_step, :ho_agency_id, :ho_started_at, :ho_finished_at, :ho_due_at, :ho_timeliness \
 WHERE changes() = 1 AND :ho_step IS NOT NULL";

const TRANSITION_POSTGRES: &str = "\
WITH u AS (UPDATE dossiers SET status = :status, step = :step, agency_id = :agency_id, received_at = :received_at, \
 due_at = :due_at, step_started_at = :step_started_at, step_due_at = :step_due_at, \
 supplements_requested = :supplements_requested, extensions = :extensions, \
 finished_at = COALESCE(finished_at, :finished_at), liaison_origin_agency_id = :liaison_origin, \
 liaison_sub_step = :liaison_sub_step, version = version + 1, updated_at = :now \
 WHERE id = :id AND version = :version RETURNING id), \
h AS (INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
 SELECT id, :now, :actor_id, :action, :from_status, :status, :from_step, :step, :agency_id, :detail FROM u), \
o AS (INSERT INTO outbox (created_at, topic, aggregate_id, payload) SELECT :now, :topic, :code, :payload FROM u), \
a AS (INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) \
 SELECT :audit_at, :actor_id, :topic, 'dossier', :code, :audit_detail FROM u), \
f AS (INSERT INTO dossier_handovers (dossier_id, step, agency_id, started_at, finished_at, due_at, timeliness) \
 SELECT id, :ho_step, :ho_agency_id, :ho_started_at, :ho_finished_at, :ho_due_at, :ho_timeliness FROM u \
 WHERE :ho_step IS NOT NULL) \
SELECT COUNT(*) AS n FROM u";

/// `:name` → `$n` by the position of `name` in `NAMES` (longest names first, so that
/// `:step_due_at` is not read as `:step`).
fn numbered(template: &str) -> String {
    let mut order: Vec<(usize, &str)> = NAMES.iter().copied().enumerate().collect();
    order.sort_by_key(|(_, n)| std::cmp::Reverse(n.len()));
    let mut sql = template.to_owned();
    for (i, name) in order {
        sql = sql.replace(&format!(":{name}"), &format!("${}", i + 1));
    }
    sql
}

static SQLITE: LazyLock<String> = LazyLock::new(|| numbered(TRANSITION_SQLITE));
static POSTGRES: LazyLock<String> = LazyLock::new(|| numbered(TRANSITION_POSTGRES));

/// Writes a transition on `conn` (inside the caller's transaction). `false`: the version
/// was stale and nothing was written.
pub(crate) async fn write_transition(conn: &mut AnyConnection, backend: Backend, w: &TransitionWrite) -> Result<bool> {
    let sql: &str = match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    };
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for name in NAMES {
        q = match w.param(name) {
            Some(Param::Int(v)) => q.bind(v),
            Some(Param::Text(v)) => q.bind(v),
            None => {
                return Err(StorageError::Corrupt(format!(
                    "transition parameter {name} has no value"
                )));
            }
        };
    }
    let applied = match backend {
        Backend::Sqlite => q.execute(&mut *conn).await?.rows_affected() > 0,
        Backend::Postgres => q.fetch_one(&mut *conn).await?.try_get::<i64, _>("n")? == 1,
    };
    Ok(applied)
}

impl Store {
    /// Stores the outcome of an action if the dossier is still at `expected_version`;
    /// otherwise nothing is written and `Conflict("version")` is returned. The state
    /// change, history line, form-05 row, outbox event and audit record are one write,
    /// committed together (through the group committer).
    pub async fn apply_transition(&self, t: &Transition<'_>) -> Result<DossierRecord> {
        let s = &t.outcome.state;
        let before = t.before;
        let finished = s.status.is_final().then(|| to_ms(t.now));
        let step = |i: usize| i64::try_from(i).unwrap_or(i64::MAX);
        let hand_over = t.outcome.hand_over.as_ref().map(|h| HandOverWrite {
            step: h.step.clone(),
            agency_id: before.state.agency_id.get(),
            started_at: to_ms(h.started_at),
            finished_at: to_ms(h.finished_at),
            due_at: h.due_at.map(to_ms),
            timeliness: stored::timeliness(h.timeliness),
        });
        let action = HistoryAction::Act(t.action);
        let name = stored::action(action);
        let w = TransitionWrite {
            id: before.id.get(),
            version: before.version,
            status: stored::status(s.status),
            step: step(s.step),
            agency_id: s.agency_id.get(),
            received_at: s.received_at.map(to_ms),
            due_at: s.due_at.map(to_ms),
            step_started_at: s.step_started_at.map(to_ms),
            step_due_at: s.step_due_at.map(to_ms),
            supplements_requested: i64::from(s.supplements_requested),
            extensions: i64::from(s.extensions),
            finished_at: finished,
            now: to_ms(t.now),
            actor_id: t.actor_id.map(UserId::get),
            action: name,
            from_status: stored::status(before.state.status),
            from_step: step(before.state.step),
            detail: stored::detail(action, &with_appointment(t.action, &t.detail, s.due_at)),
            payload: json!({"code": before.code, "action": name, "status": stored::status(s.status)}).to_string(),
            code: before.code.clone(),
            topic: format!("dossier.{name}"),
            audit_at: now_ms(),
            audit_detail: json!({"to": stored::status(s.status)}).to_string(),
            hand_over,
            liaison: s.liaison,
        };
        match self.commit.run(Job::Transition(Box::new(w))).await? {
            Done::Applied => {}
            // Someone else changed it since the caller loaded it (or it is gone).
            _ => return Err(StorageError::Conflict("version")),
        }
        let mut after = before.clone();
        after.state = s.clone();
        after.version = before.version + 1;
        if after.finished_at.is_none() {
            after.finished_at = finished.map(from_ms);
        }
        Ok(after)
    }
}

/// A receipt and a completed supplement set the appointment: their line records it (the
/// Decision-766 index judges against the appointment in force at each instant).
fn with_appointment(kind: ActionKind, detail: &HistoryDetail, due: Option<time::OffsetDateTime>) -> HistoryDetail {
    let mut d = detail.clone();
    if matches!(kind, ActionKind::Receive | ActionKind::CompleteSupplement) && d.due_at.is_none() {
        d.due_at = due;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_is_named_bound_and_used() {
        let w = TransitionWrite {
            id: 1,
            version: 1,
            status: "received",
            step: 0,
            agency_id: 1,
            received_at: None,
            due_at: None,
            step_started_at: None,
            step_due_at: None,
            supplements_requested: 0,
            extensions: 0,
            finished_at: None,
            now: 0,
            actor_id: None,
            action: "receive",
            from_status: "submitted",
            from_step: 0,
            detail: String::new(),
            payload: String::new(),
            code: String::new(),
            topic: String::new(),
            audit_at: 0,
            audit_detail: String::new(),
            hand_over: Some(HandOverWrite {
                step: "x".into(),
                agency_id: 1,
                started_at: 0,
                finished_at: 0,
                due_at: Some(0),
                timeliness: "on_time",
            }),
            liaison: Some(LiaisonState {
                origin_agency_id: motcua_domain::ids::AgencyId(1),
                sub_step: 0,
            }),
        };
        assert!(w.param("nonsense").is_none());
        for name in NAMES {
            assert!(w.param(name).is_some(), "{name} has a value");
            for sql in [TRANSITION_SQLITE, TRANSITION_POSTGRES] {
                assert!(sql.contains(&format!(":{name}")), "{name} is used");
            }
        }
        for sql in [SQLITE.as_str(), POSTGRES.as_str()] {
            assert!(!sql.contains(':'), "every parameter numbered: {sql}");
            assert!(sql.contains("$31"));
        }
        assert!(
            SQLITE.contains("step_due_at = $7"),
            "longer names are not read as shorter ones"
        );
    }
}
