//! Catalogue pages: home, search and filters, a procedure's page, the "before you start" page.

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};

use motcua_domain::agency::Level;
use motcua_domain::procedure::{Channel, OnlineLevel, ProcedureInput};

use super::view::{Ctx, Page, PageError, SelectOption};
use crate::api::procedures::ListQuery;
use crate::i18n::Tr;
use crate::state::AppState;
use motcua_app::{CatalogueSnapshot, ProcedureEntry};

/// `1234567` → `1.234.567 đ` (Vietnamese thousands separator).
pub fn vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("{}{out} đ", if amount < 0 { "-" } else { "" })
}

pub fn time_limit(t: Tr, p: &ProcedureInput) -> String {
    t.count(
        i64::from(p.time_limit.value),
        &format!("unit.{}", p.time_limit.unit.as_str()),
    )
}

fn levels(t: Tr, p: &ProcedureInput) -> String {
    p.levels
        .iter()
        .map(|l| t.t(&format!("level.{}", l.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn fee_summary(t: Tr, p: &ProcedureInput) -> String {
    if p.fees.is_empty() {
        return t.t("proc.no_fee").to_owned();
    }
    let total = p.fixed_fee_total();
    if p.fees.iter().any(|f| f.amount_vnd.is_none()) {
        if total > 0 {
            format!("{} + {}", vnd(total), t.t("proc.fee_varies"))
        } else {
            t.t("proc.fee_varies").to_owned()
        }
    } else if total == 0 {
        t.t("proc.no_fee").to_owned()
    } else {
        vnd(total)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    t: Tr,
    page: Page,
    total: usize,
    fields: Vec<(String, usize)>,
    levels: Vec<(&'static str, &'static str, usize)>,
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> HomePage {
    let t = ctx.t;
    let cat = state.catalogue();
    let fields = cat
        .fields
        .iter()
        .map(|f| {
            (
                f.clone(),
                cat.procedures.iter().filter(|p| &p.procedure.field == f).count(),
            )
        })
        .collect();
    let levels = Level::ALL
        .into_iter()
        .filter(|l| !l.is_historical())
        .map(|l| {
            let n = cat
                .procedures
                .iter()
                .filter(|p| p.procedure.levels.contains(&l))
                .count();
            (l.as_str(), t.t(&format!("level.{}", l.as_str())), n)
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    HomePage {
        t,
        page: ctx.page(),
        total: cat.len(),
        fields,
        levels,
    }
}

pub struct ListItem {
    code: String,
    name: String,
    field: String,
    levels: String,
    time_limit: String,
    online: &'static str,
    online_code: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "procedures.html")]
pub struct ListPage {
    t: Tr,
    page: Page,
    q: String,
    agencies: Vec<SelectOption>,
    levels: Vec<SelectOption>,
    fields: Vec<SelectOption>,
    onlines: Vec<SelectOption>,
    items: Vec<ListItem>,
    total: usize,
    page_no: usize,
    pages: usize,
    prev_link: Option<String>,
    next_link: Option<String>,
}

fn opt(value: &str, label: &str, current: Option<&str>) -> SelectOption {
    SelectOption {
        value: value.to_owned(),
        label: label.to_owned(),
        selected: current == Some(value),
    }
}

fn page_link(q: &ListQuery, page: usize) -> String {
    let mut pairs = vec![("q", q.q.clone())];
    for (k, v) in [
        ("agency", &q.agency),
        ("level", &q.level),
        ("field", &q.field),
        ("online", &q.online),
    ] {
        if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
            pairs.push((k, v.clone()));
        }
    }
    pairs.push(("page", page.to_string()));
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect();
    format!("/thu-tuc?{}", query.join("&"))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<ListPage, PageError> {
    let t = ctx.t;
    let Query(q) = query?;
    let (filter, page_no, per_page) = q.to_filter()?;
    let cat = state.catalogue();
    let found = cat.find(&filter)?;
    let total = found.len();
    let pages = total.div_ceil(per_page).max(1);
    let items = found
        .iter()
        .skip((page_no - 1) * per_page)
        .take(per_page)
        .map(|e| list_item(t, e))
        .collect();
    let agencies = cat
        .agencies
        .iter()
        .filter(|a| !a.level.is_historical())
        .map(|a| opt(&a.code, &a.name, filter.agency.as_deref()))
        .collect();
    let levels = Level::ALL
        .into_iter()
        .map(|l| {
            opt(
                l.as_str(),
                t.t(&format!("level.{}", l.as_str())),
                filter.level.map(Level::as_str),
            )
        })
        .collect();
    let fields = cat.fields.iter().map(|f| opt(f, f, filter.field.as_deref())).collect();
    let onlines = OnlineLevel::ALL
        .into_iter()
        .map(|o| {
            opt(
                o.as_str(),
                t.t(&format!("online.{}", o.as_str())),
                filter.online.map(OnlineLevel::as_str),
            )
        })
        .collect();
    Ok(ListPage {
        t,
        page: ctx.page(),
        q: q.q.clone(),
        agencies,
        levels,
        fields,
        onlines,
        items,
        total,
        page_no,
        pages,
        prev_link: (page_no > 1).then(|| page_link(&q, page_no - 1)),
        next_link: (page_no < pages).then(|| page_link(&q, page_no + 1)),
    })
}

fn list_item(t: Tr, e: &ProcedureEntry) -> ListItem {
    let p = &e.procedure;
    ListItem {
        code: p.code.clone(),
        name: p.name.clone(),
        field: p.field.clone(),
        levels: levels(t, p),
        time_limit: time_limit(t, p),
        online: t.t(&format!("online.{}", p.online_level.as_str())),
        online_code: p.online_level.as_str(),
    }
}

#[derive(Template)]
#[template(path = "procedure.html")]
pub struct ProcedurePage<'a> {
    t: Tr,
    page: Page,
    p: &'a ProcedureInput,
    version: i64,
    time_limit: String,
    fee_summary: String,
    online: &'static str,
    levels: String,
    channels: Vec<&'static str>,
    agencies: Vec<String>,
    fees: Vec<(String, String)>,
    /// What is paid through the system: each item as (description, how much), when it is
    /// due, and who is exempt.
    schedule: Option<ScheduleView>,
    online_channel: bool,
}

pub struct ScheduleView {
    items: Vec<(String, String)>,
    due: String,
    exemptions: Vec<String>,
}

fn schedule_view(t: Tr, p: &ProcedureInput) -> Option<ScheduleView> {
    use motcua_domain::payment::{FeeItem, format_vnd};
    let s = p.fee_schedule.as_ref()?;
    let label = |key: &str| {
        p.form
            .iter()
            .find(|f| f.key == key)
            .map_or_else(|| key.to_owned(), |f| f.label.clone())
    };
    let items = s
        .items
        .iter()
        .map(|i| {
            let how = match i {
                FeeItem::Fixed { amount_vnd, .. } => format_vnd(amount_vnd.dong()),
                FeeItem::PerUnit {
                    unit_amount_vnd,
                    free_units,
                    field,
                    ..
                } => {
                    let each = t
                        .t("proc.fee_per_unit")
                        .replace("{amount}", &format_vnd(unit_amount_vnd.dong()))
                        .replace("{field}", &label(field));
                    if *free_units > 0 {
                        format!(
                            "{each} {}",
                            t.t("proc.fee_free_units").replace("{n}", &free_units.to_string())
                        )
                    } else {
                        each
                    }
                }
                FeeItem::ByChoice { amounts, .. } => amounts
                    .iter()
                    .map(|a| format!("{}: {}", a.option, format_vnd(a.amount_vnd.dong())))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            (i.description().to_owned(), how)
        })
        .collect();
    let exemptions = s
        .exemptions
        .iter()
        .map(|e| format!("{}: {}", label(&e.field), e.values.join(", ")))
        .collect();
    Some(ScheduleView {
        items,
        due: t.t(&format!("pay.due.{}", s.due.as_str())).to_owned(),
        exemptions,
    })
}

fn render_procedure(t: Tr, page: Page, cat: &CatalogueSnapshot, e: &ProcedureEntry) -> Result<Bytes, PageError> {
    let p = &e.procedure;
    let agencies = p
        .agencies
        .iter()
        .map(|c| cat.agency(c.as_str()).map_or_else(|| c.to_string(), |a| a.name.clone()))
        .collect();
    let fees = p
        .fees
        .iter()
        .map(|f| {
            (
                f.description.clone(),
                f.amount_vnd.map_or_else(|| t.t("proc.fee_varies").to_owned(), vnd),
            )
        })
        .collect();
    let view = ProcedurePage {
        t,
        page,
        version: e.version,
        time_limit: time_limit(t, p),
        fee_summary: fee_summary(t, p),
        online: t.t(&format!("online.{}", p.online_level.as_str())),
        levels: levels(t, p),
        channels: p
            .channels
            .iter()
            .map(|c| t.t(&format!("channel.{}", c.as_str())))
            .collect(),
        agencies,
        fees,
        schedule: schedule_view(t, p),
        online_channel: p.channels.contains(&Channel::Online) && p.online_level != OnlineLevel::None,
        p,
    };
    view.render()
        .map(Bytes::from)
        .map_err(|e| PageError::from(crate::ApiError::Internal(e.to_string())))
}

/// A procedure's public page. Anonymous readers (no session at all) share one rendering.
pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> Result<Response, PageError> {
    let t = ctx.t;
    let cat = state.catalogue();
    let e = cat
        .get(&code)
        .ok_or_else(|| PageError::from(crate::ApiError::NotFound))?;
    let body = if !ctx.session.has_cookie_session() && ctx.principal().is_none() {
        let mut failed = None;
        let bytes = e.memo_page(t.0 as usize, || {
            render_procedure(t, Page::default(), &cat, e).unwrap_or_else(|err| {
                failed = Some(err);
                Bytes::new()
            })
        });
        if let Some(err) = failed {
            return Err(err);
        }
        bytes
    } else {
        render_procedure(t, ctx.page(), &cat, e)?
    };
    Ok(Html(body).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "apply_start.html")]
pub struct ApplyStart {
    t: Tr,
    page: Page,
    p: ProcedureInput,
    fee_summary: String,
    time_limit: String,
}

pub async fn apply_start(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<ApplyStart, PageError> {
    let t = ctx.t;
    let cat = state.catalogue();
    let e = cat
        .get(&code)
        .ok_or_else(|| PageError::from(crate::ApiError::NotFound))?;
    let p = e.procedure.clone();
    if !p.channels.contains(&Channel::Online) || p.online_level == OnlineLevel::None {
        return Err(PageError::from(crate::ApiError::NotFound));
    }
    Ok(ApplyStart {
        t,
        page: ctx.page(),
        fee_summary: fee_summary(t, &p),
        time_limit: time_limit(t, &p),
        p,
    })
}

#[cfg(test)]
mod tests {
    use super::vnd;

    #[test]
    fn money_uses_vietnamese_separators() {
        assert_eq!(vnd(0), "0 đ");
        assert_eq!(vnd(100_000), "100.000 đ");
        assert_eq!(vnd(1_234_567), "1.234.567 đ");
    }
}
