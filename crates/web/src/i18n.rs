//! Interface strings: Vietnamese first, English second. Strings live in `locales/*.json`
//! (one flat key → text map per language, embedded in the binary), never as literals in
//! templates; a test checks both languages have the same keys.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

type Catalog = HashMap<String, String>;

/// One catalog per language, merged from several files (one per area of the interface).
fn parse(texts: &[&str]) -> Catalog {
    let mut all = Catalog::new();
    for text in texts {
        all.extend(serde_json::from_str::<Catalog>(text).unwrap_or_default());
    }
    all
}

pub(crate) fn catalog(lang: Lang) -> &'static Catalog {
    static VI: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Lang::Vi => VI.get_or_init(|| {
            parse(&[
                include_str!("../locales/vi.json"),
                include_str!("../locales/feedback.vi.json"),
                include_str!("../locales/feedback-pages.vi.json"),
                include_str!("../locales/open311.vi.json"),
                include_str!("../locales/notifications.vi.json"),
                include_str!("../locales/citizen.vi.json"),
            ])
        }),
        Lang::En => EN.get_or_init(|| {
            parse(&[
                include_str!("../locales/en.json"),
                include_str!("../locales/feedback.en.json"),
                include_str!("../locales/feedback-pages.en.json"),
                include_str!("../locales/open311.en.json"),
                include_str!("../locales/notifications.en.json"),
                include_str!("../locales/citizen.en.json"),
            ])
        }),
    }
}

/// The text for `key`, falling back to Vietnamese, then to the key itself.
pub fn text(lang: Lang, key: &str) -> &str {
    catalog(lang)
        .get(key)
        .or_else(|| catalog(Lang::Vi).get(key))
        .map_or(key, String::as_str)
}

/// Translator handed to templates.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text for `key`; a missing key shows as "?" (the test-suite checks none is missing).
    pub fn t(&self, key: &str) -> &'static str {
        catalog(self.0)
            .get(key)
            .or_else(|| catalog(Lang::Vi).get(key))
            .map_or("?", String::as_str)
    }

    /// The text for `key`, if there is one (for optional texts such as hints).
    pub fn maybe(&self, key: &str) -> Option<&'static str> {
        catalog(self.0)
            .get(key)
            .or_else(|| catalog(Lang::Vi).get(key))
            .map(String::as_str)
    }

    pub fn lang(&self) -> &'static str {
        self.0.code()
    }

    /// The text for `key` with `{n}` filled in, in the right number: `key.one` when `n` is 1
    /// (English "1 working day"; Vietnamese has one form and gives the same text).
    pub fn n(&self, key: &str, n: i64) -> String {
        plural(self.0, key, n).replace("{n}", &n.to_string())
    }

    /// `n` and the unit `key` names, in the right number (`3 working days`, `1 working day`).
    pub fn count(&self, n: i64, key: &str) -> String {
        format!("{n} {}", plural(self.0, key, n))
    }

    /// ` lang="vi"` for text that has no translation (catalogue content, names) on a page in
    /// another language, so that screen readers and translators read it as Vietnamese.
    pub fn vi(&self) -> &'static str {
        if self.0 == Lang::Vi { "" } else { " lang=\"vi\"" }
    }

    /// The message for a validation error code.
    pub fn field(&self, code: &str, detail: &Option<String>) -> String {
        field_message(self.0, code, detail.as_deref()).into_owned()
    }
}

/// The text for `key`, or for `key.one` when `n` is 1 and there is one.
pub fn plural(lang: Lang, key: &str, n: i64) -> &'static str {
    let one = (n == 1)
        .then(|| {
            let k = format!("{key}.one");
            catalog(lang).get(&k).or_else(|| catalog(Lang::Vi).get(&k))
        })
        .flatten();
    one.or_else(|| catalog(lang).get(key))
        .or_else(|| catalog(Lang::Vi).get(key))
        .map_or("?", String::as_str)
}

/// Human message for a validation error code, with its detail (a limit) filled in; a limit
/// of 1 takes the singular text where there is one (`error.too_many_files.one`).
pub fn field_message(lang: Lang, code: &str, detail: Option<&str>) -> Cow<'static, str> {
    let mut key = format!("error.{code}");
    if detail == Some("1") && catalog(lang).contains_key(&format!("{key}.one")) {
        key.push_str(".one");
    }
    let template = catalog(lang).get(&key).or_else(|| catalog(Lang::Vi).get(&key));
    match template {
        Some(t) if t.contains("{detail}") => Cow::Owned(t.replace("{detail}", detail.unwrap_or(""))),
        Some(t) => Cow::Borrowed(t.as_str()),
        None => Cow::Borrowed(text(lang, "error.invalid")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let vi: std::collections::BTreeSet<_> = catalog(Lang::Vi).keys().collect();
        let en: std::collections::BTreeSet<_> = catalog(Lang::En).keys().collect();
        assert!(vi.len() > 50, "Vietnamese catalog did not load");
        assert_eq!(vi, en);
    }

    #[test]
    fn every_domain_error_code_has_a_message() {
        for code in [
            "required",
            "too_long",
            "too_short",
            "invalid_format",
            "duplicate",
            "out_of_range",
            "invalid_agency_code",
            "invalid_procedure_code",
            "unknown_agency",
            "unsupported_file_type",
            "invalid_login",
            "password_mismatch",
            "parent_below_child",
            "required_for_historical_level",
            "invalid_date",
            "needs_online_channel",
            "not_full_process_eligible",
            "code_mismatch",
            "already_registered",
            "malformed_multipart",
            "invalid_credentials",
            // Fee schedules, quotes and payments.
            "amount_too_large",
            "duplicate_item",
            "duplicate_option",
            "empty_schedule",
            "field_not_required",
            "negative_amount",
            "option_not_priced",
            "unknown_field",
            "unknown_item",
            "unknown_option",
            "wrong_field_kind",
            "quantity_missing",
            "quantity_invalid",
            "quantity_out_of_range",
            "choice_missing",
            "choice_unknown",
            "amount_overflow",
            "nothing_to_pay",
            "already_paid",
            "payment_due",
            "amount_out_of_range",
            "invalid_txn_ref",
            "unavailable_payments",
            // The document store, ratings, return by post.
            "unknown_document_type",
            "not_reusable",
            "type_mismatch",
            "not_finished",
            "already_rated",
            "not_the_applicant",
            "dossier_ended",
            "already_handed",
            "post_not_chosen",
            "result_not_ready",
            "postal_wrong_step",
            "role_required",
            "address_required",
            "commune_required",
            "unknown_commune",
            "invalid_phone",
            "invalid_tracking_number",
            "date_before_handed",
            "date_in_future",
            "not_a_date",
        ] {
            assert!(
                catalog(Lang::Vi).contains_key(&format!("error.{code}")),
                "no message for {code}"
            );
        }
        assert_eq!(
            field_message(Lang::Vi, "too_long", Some("500")),
            "Quá dài: tối đa 500 ký tự."
        );
    }

    #[test]
    fn every_key_used_in_templates_exists() {
        let templates = [
            include_str!("../templates/base.html"),
            include_str!("../templates/home.html"),
            include_str!("../templates/procedures.html"),
            include_str!("../templates/procedure.html"),
            include_str!("../templates/login.html"),
            include_str!("../templates/register.html"),
            include_str!("../templates/procedure_edit.html"),
            include_str!("../templates/error.html"),
            include_str!("../templates/apply_start.html"),
            include_str!("../templates/error_summary.html"),
            include_str!("../templates/calendar.html"),
            include_str!("../templates/filing_page.html"),
            include_str!("../templates/filing_check.html"),
            include_str!("../templates/filing_done.html"),
            include_str!("../templates/dossier.html"),
            include_str!("../templates/payment_returned.html"),
            include_str!("../templates/verify.html"),
            include_str!("../templates/dossier_list.html"),
            include_str!("../templates/lookup.html"),
            include_str!("../templates/filing_documents.html"),
            include_str!("../templates/process.html"),
            include_str!("../templates/notifications_inbox.html"),
            include_str!("../templates/notifications_preferences.html"),
            include_str!("../templates/notifications_admin.html"),
            include_str!("../templates/documents.html"),
            include_str!("../templates/ratings.html"),
            include_str!("../templates/dossier_citizen.html"),
            include_str!("../templates/dossier_citizen_errors.html"),
            include_str!("../templates/postal_fields.html"),
        ];
        for t in templates {
            for part in t.split("t.t(\"").skip(1) {
                let key = &part[..part.find('"').unwrap()];
                assert!(catalog(Lang::Vi).contains_key(key), "missing key {key}");
            }
        }
    }
}
