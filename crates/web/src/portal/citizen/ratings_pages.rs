//! Ratings pages: an officer's own (`/can-bo/danh-gia`) and a leader's unit's or agency's
//! (`/can-bo/danh-gia/co-quan?co-quan=H15.50&don-vi=VP`), each with the counts, the
//! satisfied share, the criteria and the latest ratings, for a period.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use motcua_app::catalogue;
use motcua_app::ratings::{self, Period, Ratings};
use motcua_domain::FieldError;
use motcua_domain::calendar::VIETNAM;
use motcua_domain::rating::{Criterion, Tally, leader_scopes, share};

use super::parse_day;
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::portal::dossier::local;
use crate::portal::view::{Ctx, FormErrors, Page, PageError, SelectOption};
use crate::state::AppState;

/// Counts as the page shows them.
pub struct TallyView {
    pub count: u64,
    pub satisfied: u64,
    /// `87,5 %`, or a dash without ratings.
    pub share: String,
    /// (criterion, satisfied, not satisfied, satisfied share)
    pub criteria: Vec<(String, u64, u64, String)>,
}

/// One rating in the list.
pub struct RatingRow {
    pub at: String,
    pub code: String,
    pub satisfied: bool,
    pub criteria: String,
    pub comment: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "ratings.html")]
pub struct RatingsPage {
    t: Tr,
    page: Page,
    heading: String,
    tally: TallyView,
    /// (unit, counts)
    units: Vec<(String, TallyView)>,
    rows: Vec<RatingRow>,
    /// The scope chooser (leaders): agencies and units.
    agencies: Vec<SelectOption>,
    unit_options: Vec<SelectOption>,
    action: String,
    /// Link to the leader's page (on the officer's own page).
    leader_link: bool,
    from: String,
    until: String,
    errors: FormErrors,
}

fn share_text(part: u64, whole: u64) -> String {
    share(part, whole).map_or_else(|| "—".to_owned(), |tenths| format!("{},{} %", tenths / 10, tenths % 10))
}

fn tally_view(t: Tr, x: &Tally) -> TallyView {
    TallyView {
        count: x.count,
        satisfied: x.satisfied,
        share: share_text(x.satisfied, x.count),
        criteria: Criterion::ALL
            .into_iter()
            .zip(x.criteria)
            .map(|(c, (yes, no))| {
                (
                    t.t(&format!("rate.criterion.{}", c.as_str())).to_owned(),
                    yes,
                    no,
                    share_text(yes, yes.saturating_add(no)),
                )
            })
            .collect(),
    }
}

fn rows(t: Tr, r: &Ratings) -> Vec<RatingRow> {
    r.latest
        .iter()
        .map(|x| RatingRow {
            at: local(x.rated_at),
            code: x.dossier_code.clone(),
            satisfied: x.rating.satisfied,
            criteria: Criterion::ALL
                .into_iter()
                .filter_map(|c| {
                    let b = x.rating.criterion(c)?;
                    let answer = t.t(if b { "rate.yes" } else { "rate.no" });
                    Some(format!("{}: {answer}", t.t(&format!("rate.criterion.{}", c.as_str()))))
                })
                .collect::<Vec<_>>()
                .join("; "),
            comment: x.rating.comment.clone(),
        })
        .collect()
}

/// The period filter as typed (`tu`, `den`: `YYYY-MM-DD`, Vietnam days; `den` included).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PeriodQuery {
    tu: String,
    den: String,
    #[serde(rename = "co-quan")]
    agency: String,
    #[serde(rename = "don-vi")]
    unit: String,
}

fn period_of(q: &PeriodQuery, errors: &mut Vec<FieldError>) -> Period {
    let start = |d: time::Date| d.midnight().assume_offset(VIETNAM);
    let from = parse_day("tu", &q.tu, errors).map(start);
    let until = parse_day("den", &q.den, errors).and_then(|d| d.next_day()).map(start);
    Period { from, until }
}

fn shell(t: Tr, page: Page, heading: String, r: &Ratings, q: &PeriodQuery, errors: &[FieldError]) -> RatingsPage {
    RatingsPage {
        t,
        page,
        heading,
        tally: tally_view(t, &r.tally),
        units: Vec::new(),
        rows: rows(t, r),
        agencies: Vec::new(),
        unit_options: Vec::new(),
        action: String::new(),
        leader_link: false,
        from: q.tu.clone(),
        until: q.den.clone(),
        errors: FormErrors::from_fields(t, errors).labelled([
            ("tu", t.t("rate.from"), "tu".to_owned()),
            ("den", t.t("rate.until"), "den".to_owned()),
        ]),
    }
}

/// `GET /can-bo/danh-gia`: the ratings of dossiers the officer acted on.
pub async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let Some(who) = ctx.principal().cloned() else {
        return Err(PageError::sign_in("/can-bo/danh-gia".into()));
    };
    let mut errors = Vec::new();
    let period = period_of(&q, &mut errors);
    let r = ratings::mine(&state, &who, period).await?;
    let mut body = shell(
        ctx.t,
        ctx.page(),
        ctx.t.t("rate.mine_title").to_owned(),
        &r,
        &q,
        &errors,
    );
    body.action = "/can-bo/danh-gia".into();
    body.leader_link = !leader_scopes(&who).is_empty();
    Ok(body.into_response())
}

/// `GET /can-bo/danh-gia/co-quan`: a leader's agency's (or unit's) ratings.
pub async fn scope(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let Some(who) = ctx.principal().cloned() else {
        return Err(PageError::sign_in("/can-bo/danh-gia/co-quan".into()));
    };
    let t = ctx.t;
    let cat = state.catalogue();
    let scopes = leader_scopes(&who);
    let agency = if q.agency.is_empty() {
        scopes.first().and_then(|(a, _)| cat.agency_by_id(*a))
    } else {
        cat.agency(&q.agency)
    }
    .ok_or(ApiError::Forbidden)?;
    let units = catalogue::units_of(&state, agency.id).await?;
    let unit = if q.unit.is_empty() {
        // A leader of one unit sees that unit.
        scopes
            .iter()
            .find(|(a, u)| *a == agency.id && u.is_some())
            .filter(|_| !scopes.iter().any(|(a, u)| *a == agency.id && u.is_none()))
            .and_then(|(_, u)| *u)
    } else {
        Some(units.iter().find(|u| u.code == q.unit).ok_or(ApiError::NotFound)?.id)
    };
    let mut errors = Vec::new();
    let period = period_of(&q, &mut errors);
    let r = ratings::for_scope(&state, &who, agency.id, unit, period).await?;
    let unit_name = unit
        .and_then(|id| units.iter().find(|u| u.id == id))
        .map(|u| u.name.clone());
    let heading = match &unit_name {
        Some(u) => format!("{} — {u}", agency.name),
        None => agency.name.clone(),
    };
    let mut body = shell(t, ctx.page(), heading, &r, &q, &errors);
    body.action = "/can-bo/danh-gia/co-quan".into();
    body.units = r
        .by_unit
        .iter()
        .map(|u| {
            let name = u
                .unit_id
                .and_then(|id| units.iter().find(|x| x.id == id))
                .map_or_else(|| t.t("rate.no_unit").to_owned(), |x| x.name.clone());
            (name, tally_view(t, &u.tally))
        })
        .collect();
    let mut agencies: Vec<SelectOption> = Vec::new();
    for (a, _) in &scopes {
        if let Some(x) = cat.agency_by_id(*a)
            && !agencies.iter().any(|o| o.value == x.code)
        {
            agencies.push(SelectOption {
                value: x.code.clone(),
                label: x.name.clone(),
                selected: x.id == agency.id,
            });
        }
    }
    body.agencies = agencies;
    body.unit_options = std::iter::once(SelectOption {
        value: String::new(),
        label: t.t("rate.whole_agency").to_owned(),
        selected: unit.is_none(),
    })
    .chain(units.iter().map(|u| SelectOption {
        value: u.code.clone(),
        label: u.name.clone(),
        selected: Some(u.id) == unit,
    }))
    .collect();
    Ok(body.into_response())
}
