//! The shipped demo catalogue must be a valid catalogue document, so `motcua demo` never
//! starts on broken data.

use motcua_domain::catalogue::CatalogueDoc;

#[test]
fn demo_catalogue_is_valid_and_big_enough() {
    let text = include_str!("../../../demo/catalogue.json");
    let doc: CatalogueDoc = serde_json::from_str(text).expect("demo catalogue parses");
    let errors = doc.validate(&|_| None);
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(doc.procedures.len() >= 30, "only {} procedures", doc.procedures.len());
    let departments = doc
        .agencies
        .iter()
        .filter(|a| a.level == motcua_domain::agency::Level::Province && a.parent.is_some())
        .count();
    assert!(departments >= 5, "only {departments} provincial departments");
    let communes = doc
        .agencies
        .iter()
        .filter(|a| a.level == motcua_domain::agency::Level::Commune)
        .count();
    assert!(communes >= 3, "only {communes} communes");
    assert!(doc.procedures.iter().any(|p| p.name == "Đăng ký kết hôn"));
}
