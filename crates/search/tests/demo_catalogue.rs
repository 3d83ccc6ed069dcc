//! Search quality on the real demo catalogue (41 procedures with long, overlapping names).

use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::text::fold;
use motcua_search::{CatalogueIndex, SearchDoc};

#[allow(clippy::unwrap_used)]
fn names_for(q: &str) -> Vec<String> {
    let doc: CatalogueDoc = serde_json::from_str(include_str!("../../../demo/catalogue.json")).unwrap();
    let idx = CatalogueIndex::build(
        doc.procedures
            .iter()
            .enumerate()
            .map(|(i, p)| SearchDoc::for_procedure(i as u64, p)),
    )
    .unwrap();
    idx.search(q, 100)
        .unwrap()
        .iter()
        .map(|h| doc.procedures[h.key as usize].name.clone())
        .collect()
}

#[test]
fn every_word_must_be_there() {
    let names = names_for("dang ky ket hon");
    assert_eq!(names[0], "Đăng ký kết hôn");
    for n in &names {
        let f = fold(n);
        assert!(
            f.contains("ket hon") || f.contains("hon nhan"),
            "unrelated result {n:?} in {names:#?}"
        );
    }
}

#[test]
fn typos_in_real_names() {
    assert_eq!(
        names_for("dang ky kte hon")[0..3]
            .iter()
            .filter(|n| n.contains("kết hôn"))
            .count(),
        3
    );
    assert!(
        names_for("giay phep xay dugn")
            .iter()
            .take(4)
            .all(|n| n.contains("giấy phép xây dựng"))
    );
}
