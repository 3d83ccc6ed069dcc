//! Drawing the procedure edit page.

use askama::Template;
use askama_web::WebTemplate;

use motcua_domain::agency::Level;
use motcua_domain::procedure::{Channel, OnlineLevel, TimeUnit};

use super::form::EditForm;
use crate::i18n::Tr;
use crate::portal::view::{FormErrors, Page, SelectOption};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "procedure_edit.html")]
pub(super) struct EditPage {
    pub(super) t: Tr,
    pub(super) page: Page,
    errors: FormErrors,
    pub(super) editing: bool,
    stale: bool,
    action: String,
    f: EditView,
    channels: Vec<SelectOption>,
    agencies: Vec<SelectOption>,
    levels: Vec<SelectOption>,
    units: Vec<SelectOption>,
    onlines: Vec<SelectOption>,
}

/// What the template reads (checkbox states already resolved).
struct EditView {
    version: String,
    code: String,
    name: String,
    field: String,
    steps: String,
    components: String,
    time_value: String,
    time_note: String,
    applicants: String,
    handling_agency: String,
    fees: String,
    legal_basis: String,
    result_document: String,
    conditions: String,
    full_process_eligible: bool,
    any_location: bool,
    form: String,
    fee_schedule: String,
}

fn view(f: &EditForm) -> EditView {
    EditView {
        version: f.version.clone(),
        code: f.code.clone(),
        name: f.name.clone(),
        field: f.field.clone(),
        steps: f.steps.clone(),
        components: f.components.clone(),
        time_value: f.time_value.clone(),
        time_note: f.time_note.clone(),
        applicants: f.applicants.clone(),
        handling_agency: f.handling_agency.clone(),
        fees: f.fees.clone(),
        legal_basis: f.legal_basis.clone(),
        result_document: f.result_document.clone(),
        conditions: f.conditions.clone(),
        full_process_eligible: f.full_process_eligible.is_some(),
        any_location: f.any_location.is_some(),
        form: f.form.clone(),
        fee_schedule: f.fee_schedule.clone(),
    }
}

fn checks(all: impl Iterator<Item = (String, String)>, chosen: &[String]) -> Vec<SelectOption> {
    all.map(|(value, label)| SelectOption {
        selected: chosen.contains(&value),
        value,
        label,
    })
    .collect()
}

pub(super) struct Render<'a> {
    pub(super) state: &'a AppState,
    pub(super) t: Tr,
    pub(super) page: Page,
    pub(super) editing: bool,
}

impl Render<'_> {
    pub(super) fn page(self, f: &EditForm, errors: FormErrors, stale: bool) -> EditPage {
        let t = self.t;
        let cat = self.state.catalogue();
        let action = if self.editing {
            format!("/quan-tri/thu-tuc/{}/sua", f.code)
        } else {
            "/quan-tri/thu-tuc/moi".to_owned()
        };
        let one = |v: &str| vec![v.to_owned()];
        EditPage {
            t,
            errors,
            editing: self.editing,
            stale,
            action,
            channels: checks(
                [Channel::InPerson, Channel::Online, Channel::Post].iter().map(|c| {
                    (
                        c.as_str().to_owned(),
                        t.t(&format!("channel.{}", c.as_str())).to_owned(),
                    )
                }),
                &f.channels,
            ),
            agencies: checks(
                cat.agencies
                    .iter()
                    .filter(|a| !a.level.is_historical())
                    .map(|a| (a.code.clone(), format!("{} ({})", a.name, a.code))),
                &f.agencies,
            ),
            levels: checks(
                Level::ALL
                    .iter()
                    .map(|l| (l.as_str().to_owned(), t.t(&format!("level.{}", l.as_str())).to_owned())),
                &f.levels,
            ),
            units: checks(
                TimeUnit::ALL
                    .iter()
                    .map(|u| (u.as_str().to_owned(), t.t(&format!("unit.{}", u.as_str())).to_owned())),
                &one(&f.time_unit),
            ),
            onlines: checks(
                OnlineLevel::ALL
                    .iter()
                    .map(|o| (o.as_str().to_owned(), t.t(&format!("online.{}", o.as_str())).to_owned())),
                &one(&f.online_level),
            ),
            f: view(f),
            page: self.page,
        }
    }
}
