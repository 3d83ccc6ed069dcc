use super::*;

const NAMES: [&str; 8] = [
    "Đăng ký kết hôn có yếu tố nước ngoài",
    "Đăng ký lại kết hôn",
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    "Xác nhận tình trạng hôn nhân",
];

fn index() -> CatalogueIndex {
    CatalogueIndex::build(NAMES.iter().enumerate().map(|(i, n)| SearchDoc {
        key: i as u64,
        code: if i == 3 { "1.000894" } else { "9.999999" },
        name: n,
        body: "Hộ tịch. Công dân Việt Nam. Ủy ban nhân dân cấp xã".into(),
    }))
    .unwrap()
}

fn first(idx: &CatalogueIndex, q: &str) -> Option<&'static str> {
    idx.search(q, 10).unwrap().first().map(|h| NAMES[h.key as usize])
}

#[test]
fn diacritics_and_case_do_not_matter() {
    let idx = index();
    for q in [
        "dang ky ket hon",
        "ĐĂNG KÝ KẾT HÔN",
        "đăng ký kết hôn",
        "Đăng  ký   kết hôn ",
    ] {
        assert_eq!(first(&idx, q), Some("Đăng ký kết hôn"), "query {q:?}");
    }
}

#[test]
fn decomposed_input_is_normalised() {
    use unicode_normalization_free::decompose;
    let idx = index();
    assert_eq!(first(&idx, &decompose("đăng ký kết hôn")), Some("Đăng ký kết hôn"));
}

mod unicode_normalization_free {
    /// NFD of a few Vietnamese letters, written out so the test does not trust our own nfc().
    pub fn decompose(s: &str) -> String {
        s.replace('ă', "a\u{306}")
            .replace('ý', "y\u{301}")
            .replace('ế', "e\u{302}\u{301}")
            .replace('ô', "o\u{302}")
    }
}

#[test]
fn one_letter_typo_still_finds_it() {
    let idx = index();
    for q in ["dang ky ket hoon", "dang ky kte hon", "dnag ky ket hon", "khai snh"] {
        let got = first(&idx, q);
        assert!(got.is_some(), "nothing for {q:?}");
    }
    assert_eq!(first(&idx, "dang ky ket hoon"), Some("Đăng ký kết hôn"));
    assert_eq!(first(&idx, "khai snh"), Some("Đăng ký khai sinh"));
}

#[test]
fn ranking_is_sensible() {
    let idx = index();
    let hits = idx.search("ket hon", 10).unwrap();
    let names: Vec<_> = hits.iter().map(|h| NAMES[h.key as usize]).collect();
    assert_eq!(names[0], "Đăng ký kết hôn", "{names:?}");
    assert!(names.contains(&"Đăng ký lại kết hôn"));
    assert!(!names.contains(&"Đăng ký khai sinh"), "unrelated match: {names:?}");
    assert_eq!(
        first(&idx, "ly lich tu phap"),
        Some("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam")
    );
    assert_eq!(
        first(&idx, "giay phep xay dung"),
        Some("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")
    );
}

#[test]
fn code_lookup_and_empty_queries() {
    let idx = index();
    assert_eq!(first(&idx, "1.000894"), Some("Đăng ký kết hôn"));
    assert!(idx.search("", 10).unwrap().is_empty());
    assert!(idx.search("  ,.;  ", 10).unwrap().is_empty());
    assert!(idx.search("zzzzzz qqqqq", 10).unwrap().is_empty());
}

#[test]
fn long_queries_are_cut_at_a_word() {
    let long = "kết hôn ".repeat(100);
    let cut = truncate_words(&long, MAX_QUERY_CHARS);
    assert!(cut.chars().count() <= MAX_QUERY_CHARS);
    assert!(cut.ends_with("hôn"));
    assert!(!index().search(&long, 5).unwrap().is_empty());
}
