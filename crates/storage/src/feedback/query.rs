//! Reads: one report, its photos and history, filtered listings (public list, Open311,
//! officers' queues, "my feedback"), bounding boxes and nearby reports.

use sqlx::Row;
use time::OffsetDateTime;

use motcua_domain::feedback::{BBox, Point, Status};
use motcua_domain::ids::{AgencyId, FeedbackLineId, MediaId, ReportId, UserId};

use super::{COLUMNS, FeedbackHistory, FeedbackRecord, Media, from_row, ms, stored};
use crate::dossiers::stored::parse_timeliness;
use crate::from_ms;
use crate::{Result, Store};

/// Order of a listing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FeedbackOrder {
    /// Newest report first.
    #[default]
    Newest,
    /// Most recently changed first (incremental sync).
    Updated,
    /// Earliest deadline first (officers' queues).
    Due,
}

/// Filters of a listing; empty lists and `None` do not filter.
#[derive(Debug, Clone, Default)]
pub struct FeedbackFilter {
    pub public_only: bool,
    pub ids: Vec<ReportId>,
    pub categories: Vec<String>,
    pub statuses: Vec<Status>,
    pub requested_from: Option<OffsetDateTime>,
    pub requested_to: Option<OffsetDateTime>,
    pub updated_from: Option<OffsetDateTime>,
    pub updated_to: Option<OffsetDateTime>,
    pub bbox: Option<BBox>,
    pub agency_ids: Vec<AgencyId>,
    pub area: Option<String>,
    pub reporter_id: Option<UserId>,
    /// Only reports past their current deadline at this instant.
    pub overdue_at: Option<OffsetDateTime>,
    pub order: FeedbackOrder,
    pub limit: i64,
    pub offset: i64,
}

enum Arg {
    Int(i64),
    Real(f64),
    Text(String),
}

#[derive(Default)]
struct Where {
    parts: Vec<String>,
    args: Vec<Arg>,
}

impl Where {
    fn arg(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    fn cond(&mut self, template: &str, a: Arg) {
        let p = self.arg(a);
        self.parts.push(template.replace('?', &p));
    }

    fn any(&mut self, column: &str, values: Vec<Arg>) {
        if values.is_empty() {
            return;
        }
        let ps: Vec<String> = values.into_iter().map(|v| self.arg(v)).collect();
        self.parts.push(format!("{column} IN ({})", ps.join(", ")));
    }

    fn sql(&self) -> String {
        if self.parts.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.parts.join(" AND "))
        }
    }
}

fn build(f: &FeedbackFilter) -> Where {
    let mut w = Where::default();
    if f.public_only {
        w.parts.push("public = 1".into());
    }
    w.any("id", f.ids.iter().map(|i| Arg::Int(i.get())).collect());
    w.any(
        "category_code",
        f.categories.iter().map(|c| Arg::Text(c.clone())).collect(),
    );
    w.any(
        "status",
        f.statuses
            .iter()
            .map(|s| Arg::Text(stored::status(*s).into()))
            .collect(),
    );
    w.any("agency_id", f.agency_ids.iter().map(|i| Arg::Int(i.get())).collect());
    let instants = [
        ("requested_at >= ?", f.requested_from),
        ("requested_at <= ?", f.requested_to),
        ("updated_at >= ?", f.updated_from),
        ("updated_at <= ?", f.updated_to),
        ("due_at < ?", f.overdue_at),
    ];
    for (template, at) in instants {
        if let Some(t) = at {
            w.cond(template, Arg::Int(ms(t)));
        }
    }
    if let Some(b) = f.bbox {
        w.cond("lat >= ?", Arg::Real(b.south));
        w.cond("lat <= ?", Arg::Real(b.north));
        w.cond("lon >= ?", Arg::Real(b.west));
        w.cond("lon <= ?", Arg::Real(b.east));
    }
    if let Some(a) = &f.area {
        w.cond("area_code = ?", Arg::Text(a.clone()));
    }
    if let Some(r) = f.reporter_id {
        w.cond("reporter_id = ?", Arg::Int(r.get()));
    }
    w
}

fn media_of(r: &sqlx::any::AnyRow) -> Result<Media> {
    Ok(Media {
        id: MediaId(r.try_get("id")?),
        sha256: r.try_get("sha256")?,
        content_type: r.try_get("content_type")?,
        size_bytes: r.try_get("size_bytes")?,
        url: r.try_get("url")?,
    })
}

impl Store {
    pub async fn feedback(&self, id: ReportId) -> Result<Option<FeedbackRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM feedback WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.get())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn feedback_by_token(&self, token: &str) -> Result<Option<FeedbackRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM feedback WHERE token = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn feedback_by_external_ref(&self, external_ref: &str) -> Result<Option<FeedbackRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM feedback WHERE external_ref = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(external_ref)
            .fetch_optional(&self.write)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Reports matching the filter, in the filter's order.
    pub async fn list_feedback(&self, f: &FeedbackFilter) -> Result<Vec<FeedbackRecord>> {
        let mut w = build(f);
        let order = match f.order {
            FeedbackOrder::Newest => "requested_at DESC, id DESC",
            FeedbackOrder::Updated => "updated_at DESC, id DESC",
            FeedbackOrder::Due => "due_at IS NULL, due_at, id",
        };
        let limit = w.arg(Arg::Int(f.limit.clamp(0, 10_000)));
        let offset = w.arg(Arg::Int(f.offset.max(0)));
        let sql = format!(
            "SELECT {COLUMNS} FROM feedback{} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
            w.sql()
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in w.args {
            q = match a {
                Arg::Int(i) => q.bind(i),
                Arg::Real(r) => q.bind(r),
                Arg::Text(t) => q.bind(t),
            };
        }
        let rows = q.fetch_all(&self.read).await?;
        rows.iter().map(from_row).collect()
    }

    /// Public, not refused reports of a category within `radius_m` of a point, nearest
    /// first, with their distance in metres: "has this already been reported?".
    pub async fn nearby_feedback(
        &self,
        category: &str,
        at: Point,
        radius_m: f64,
        limit: usize,
    ) -> Result<Vec<(FeedbackRecord, f64)>> {
        let b = at.box_around(radius_m);
        let sql = format!(
            "SELECT {COLUMNS} FROM feedback WHERE category_code = $1 AND lat >= $2 AND lat <= $3 AND lon >= $4 \
             AND lon <= $5 AND public = 1 LIMIT 500"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(category)
            .bind(b.south)
            .bind(b.north)
            .bind(b.west)
            .bind(b.east)
            .fetch_all(&self.read)
            .await?;
        let mut found = Vec::new();
        for r in &rows {
            let rec = from_row(r)?;
            if let Some(p) = rec.point {
                let d = at.distance_m(p);
                if d <= radius_m {
                    found.push((rec, d));
                }
            }
        }
        found.sort_by(|a, b| a.1.total_cmp(&b.1));
        found.truncate(limit);
        Ok(found)
    }

    pub async fn feedback_media(&self, feedback_id: ReportId) -> Result<Vec<Media>> {
        let rows = sqlx::query(
            "SELECT id, sha256, content_type, size_bytes, url FROM feedback_media WHERE feedback_id = $1 ORDER BY id",
        )
        .bind(feedback_id.get())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(media_of).collect()
    }

    /// The first photo or link of each of these reports (one query for a whole listing).
    pub async fn first_media_of(
        &self,
        feedback_ids: &[ReportId],
    ) -> Result<std::collections::HashMap<ReportId, Media>> {
        let mut first = std::collections::HashMap::new();
        if feedback_ids.is_empty() {
            return Ok(first);
        }
        // Integers only: safe to write into the statement.
        let ids = feedback_ids
            .iter()
            .map(|i| i.get().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT feedback_id, id, sha256, content_type, size_bytes, url FROM feedback_media \
             WHERE feedback_id IN ({ids}) ORDER BY id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.read).await?;
        for r in &rows {
            let m = media_of(r)?;
            first.entry(ReportId(r.try_get::<i64, _>("feedback_id")?)).or_insert(m);
        }
        Ok(first)
    }

    /// A report's history, oldest line first.
    pub async fn feedback_history(&self, feedback_id: ReportId) -> Result<Vec<FeedbackHistory>> {
        let sql = format!("SELECT {HISTORY_COLUMNS} FROM feedback_history WHERE feedback_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(feedback_id.get())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(history_of).collect()
    }
}

/// The columns `history_of` reads.
pub(super) const HISTORY_COLUMNS: &str =
    "id, at, actor_id, action, from_status, to_status, agency_id, deadline, timeliness, detail";

pub(super) fn history_of(r: &sqlx::any::AnyRow) -> Result<FeedbackHistory> {
    let from_status: Option<String> = r.try_get("from_status")?;
    let timeliness: Option<String> = r.try_get("timeliness")?;
    Ok(FeedbackHistory {
        id: FeedbackLineId(r.try_get("id")?),
        at: from_ms(r.try_get("at")?),
        actor_id: r.try_get::<Option<i64>, _>("actor_id")?.map(UserId),
        action: stored::parse_event(&r.try_get::<String, _>("action")?)?,
        from_status: from_status.as_deref().map(stored::parse_status).transpose()?,
        to_status: stored::parse_status(&r.try_get::<String, _>("to_status")?)?,
        agency_id: AgencyId(r.try_get("agency_id")?),
        deadline: r.try_get::<Option<i64>, _>("deadline")?.map(from_ms),
        timeliness: timeliness
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(parse_timeliness)
            .transpose()?,
        detail: stored::parse_detail(&r.try_get::<String, _>("detail")?)?,
    })
}
