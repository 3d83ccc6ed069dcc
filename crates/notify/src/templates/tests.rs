//! Every message exists in every language, both languages say the same things, and every
//! `{name}` a text uses is defined by the message's data.

use std::collections::BTreeSet;

use super::examples::example_data;
use super::*;
use crate::render::{SiteConfig, SiteContext, placeholders_of};
use crate::sms_text::{SmsEncoding, SmsText};

fn site() -> SiteContext {
    SiteContext::new(&SiteConfig {
        public_base_url: "https://dichvucong.daklak.gov.vn".into(),
        portal_name: "Cổng Dịch vụ công tỉnh Đắk Lắk".into(),
        portal_name_en: Some("Đắk Lắk Public Service Portal".into()),
    })
    .unwrap()
}

/// (kind, language) pairs without a text in `table`.
fn missing(table: &[(TemplateKind, Lang, &Text)]) -> Vec<(TemplateKind, Lang)> {
    let mut out = Vec::new();
    for kind in TemplateKind::ALL {
        for lang in Lang::ALL {
            let n = table.iter().filter(|(k, l, _)| *k == kind && *l == lang).count();
            if n != 1 {
                out.push((kind, lang));
            }
        }
    }
    out
}

/// What a text refers to: its `{names}`, its lists, whether it has a link.
fn signature(t: &Text) -> (BTreeSet<&'static str>, BTreeSet<&'static str>, usize) {
    let mut names = placeholders_of(t.subject);
    names.extend(placeholders_of(t.sms));
    let mut lists = BTreeSet::new();
    let mut links = 0;
    for b in t.body {
        match b {
            Block::Para(p) => names.extend(placeholders_of(p)),
            Block::Facts(facts) => {
                for (label, value) in *facts {
                    names.extend(placeholders_of(label));
                    names.extend(placeholders_of(value));
                }
            }
            Block::List { key, heading, empty } => {
                lists.insert(*key);
                names.extend(placeholders_of(heading));
                names.extend(placeholders_of(empty));
            }
            Block::Link(label) => {
                links += 1;
                names.extend(placeholders_of(label));
            }
        }
    }
    (names, lists, links)
}

#[test]
fn every_message_has_a_text_in_every_language() {
    assert_eq!(
        missing(TEXTS),
        vec![],
        "a message lacks a language (or has two texts for one)"
    );
}

#[test]
fn the_completeness_check_notices_a_missing_language() {
    let without_english: Vec<_> = TEXTS
        .iter()
        .copied()
        .filter(|(k, l, _)| !(*k == TemplateKind::ResultReady && *l == Lang::En))
        .collect();
    assert_eq!(missing(&without_english), vec![(TemplateKind::ResultReady, Lang::En)]);
}

#[test]
fn both_languages_of_a_message_use_the_same_values() {
    for kind in TemplateKind::ALL {
        let vi = signature(text(kind, Lang::Vi).unwrap());
        let en = signature(text(kind, Lang::En).unwrap());
        assert_eq!(vi, en, "{kind:?}: Vietnamese and English refer to different values");
    }
    assert_eq!(placeholders_of(footer(Lang::Vi)), placeholders_of(footer(Lang::En)));
}

#[test]
fn every_name_a_text_uses_is_defined_by_its_data() {
    let site = site();
    for kind in TemplateKind::ALL {
        let data = example_data(kind);
        for lang in Lang::ALL {
            let values = data.values(lang, &site);
            let (names, lists, links) = signature(text(kind, lang).unwrap());
            for name in names.iter().chain(placeholders_of(footer(lang)).iter()) {
                assert!(
                    values.get(name).is_some(),
                    "{kind:?}/{lang:?}: {{{name}}} is not defined"
                );
            }
            for list in lists {
                assert!(
                    values.items(list).is_some(),
                    "{kind:?}/{lang:?}: list {list} is not defined"
                );
            }
            assert_eq!(
                links > 0,
                values.link().is_some(),
                "{kind:?}/{lang:?}: link label without link or the reverse"
            );
            for (param, key) in data.zns_params() {
                assert!(
                    !values.joined(key).is_empty(),
                    "{kind:?}: ZNS parameter {param} ({key}) is empty"
                );
            }
        }
    }
}

#[test]
fn rendered_examples_are_complete_in_every_channel() {
    let site = site();
    for kind in TemplateKind::ALL {
        for lang in Lang::ALL {
            let r = example(kind, lang, &site).unwrap();
            for (what, s) in [
                ("subject", &r.subject),
                ("text", &r.text),
                ("html", &r.html),
                ("sms", &r.sms),
            ] {
                assert!(!s.contains('{'), "{kind:?}/{lang:?}: {what} has an unfilled name: {s}");
            }
            assert!(r.html.starts_with("<!DOCTYPE html>"));
            assert!(r.html.contains(&format!("<html lang=\"{}\">", lang.code())));
            assert!(
                r.text.contains("https://dichvucong.daklak.gov.vn/"),
                "{kind:?}: footer link"
            );
            if let Some(link) = &r.link {
                assert!(
                    r.text.contains(link.as_str()) && r.sms.contains(link.as_str()),
                    "{kind:?}: link missing"
                );
                assert!(r.html.contains(&format!("href=\"{link}\"")));
            }
            // Short form: one GSM-7 SMS once folded, as Vietnamese gateways need.
            let sms = SmsText::new(&r.sms, true);
            assert_eq!(sms.encoding, SmsEncoding::Gsm7, "{kind:?}/{lang:?}");
            assert!(
                sms.units <= 160,
                "{kind:?}/{lang:?}: SMS of {} septets: {}",
                sms.units,
                sms.text
            );
        }
    }
}

#[test]
fn the_receipt_message_reads_as_written() {
    let r = example(TemplateKind::DossierReceived, Lang::Vi, &site()).unwrap();
    assert_eq!(r.subject, "Hồ sơ H15.50-260105-0001 đã được tiếp nhận");
    assert_eq!(
        r.text,
        "Kính gửi Ông/Bà Nguyễn Văn An,\n\n\
         UBND phường Buôn Ma Thuột đã tiếp nhận hồ sơ của Ông/Bà.\n\n\
         Mã hồ sơ: H15.50-260105-0001\n\
         Thủ tục: Đăng ký khai sinh\n\
         Thời gian tiếp nhận: 08:15 05/01/2026\n\
         Hẹn trả kết quả: 16:30 07/01/2026\n\n\
         Theo dõi hồ sơ: https://dichvucong.daklak.gov.vn/ho-so/H15.50-260105-0001\n\n\
         --\n\
         Cổng Dịch vụ công tỉnh Đắk Lắk - https://dichvucong.daklak.gov.vn/\n\
         Thư này được gửi tự động; vui lòng không trả lời thư này.\n"
    );
    assert_eq!(
        SmsText::new(&r.sms, true).text,
        "Ho so H15.50-260105-0001 da duoc tiep nhan, hen tra ket qua 16:30 07/01/2026. \
         Tra cuu: https://dichvucong.daklak.gov.vn/ho-so/H15.50-260105-0001"
    );
    let zns: Vec<_> = r.zns_params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        zns,
        vec![
            ("ma_ho_so", "H15.50-260105-0001"),
            ("ngay_hen", "16:30 07/01/2026"),
            ("ten_thu_tuc", "Đăng ký khai sinh"),
        ]
    );
}

#[test]
fn lists_are_numbered_and_an_empty_list_says_so() {
    let site = site();
    let r = example(TemplateKind::SupplementRequested, Lang::Vi, &site).unwrap();
    assert!(
        r.text
            .contains("\n1. Bản sao Giấy chứng nhận kết hôn của cha, mẹ\n2. Giấy chứng sinh (bản chính)\n")
    );
    assert!(r.html.contains(
        "<ol>\n<li>Bản sao Giấy chứng nhận kết hôn của cha, mẹ</li>\n<li>Giấy chứng sinh (bản chính)</li>\n</ol>"
    ));
    assert_eq!(
        r.zns_params["noi_dung"],
        "Bản sao Giấy chứng nhận kết hôn của cha, mẹ; Giấy chứng sinh (bản chính)"
    );

    let digest = OfficerDigest {
        officer: "Lê Văn Cường".into(),
        agency: "UBND phường Buôn Ma Thuột".into(),
        day: time::macros::date!(2026 - 01 - 12),
        overdue: vec![],
        due_soon: vec![DigestItem {
            code: "H15.50-260105-0001".into(),
            procedure: "Đăng ký khai sinh".into(),
            due_at: time::macros::datetime!(2026-01-13 09:30 UTC),
        }],
    };
    let r = crate::render::render(&digest, Lang::Vi, &site).unwrap();
    assert_eq!(
        r.subject,
        "Hồ sơ quá hạn, sắp đến hạn ngày 12/01/2026: 0 quá hạn, 1 sắp đến hạn"
    );
    assert!(r.text.contains("Hồ sơ quá hạn (0):\nKhông có hồ sơ quá hạn."));
    assert!(r.text.contains(
        "Hồ sơ sắp đến hạn (1):\n1. H15.50-260105-0001 - Đăng ký khai sinh - hạn 16:30 13/01/2026\n   https://dichvucong.daklak.gov.vn/ho-so/H15.50-260105-0001"
    ));
    assert!(
        r.html
            .contains("<li><a href=\"https://dichvucong.daklak.gov.vn/ho-so/H15.50-260105-0001\">")
    );
}

#[test]
fn html_escapes_every_value() {
    let mut dossier = example_dossier();
    dossier.applicant = "<script>alert(\"x\")</script> & Co".into();
    dossier.code = "A\"><img src=x onerror=alert(1)>".into();
    let r = crate::render::render(
        &DossierRefused {
            dossier,
            reasons: vec!["<b>bold</b>".into()],
            refused_at: time::macros::datetime!(2026-01-05 10:00 +7),
        },
        Lang::En,
        &site(),
    )
    .unwrap();
    assert!(
        !r.html.contains("<script>") && !r.html.contains("<img") && !r.html.contains("<b>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co")
    );
    assert!(r.html.contains("<li>&lt;b&gt;bold&lt;/b&gt;</li>"));
    // The link's code is percent-encoded, and the plain text keeps the values as written.
    assert!(
        r.html
            .contains("href=\"https://dichvucong.daklak.gov.vn/ho-so/A%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E\""),
        "{}",
        r.html
    );
    assert!(r.text.contains("Dear <script>alert(\"x\")</script> & Co,"));
}

#[test]
fn english_messages_use_the_english_portal_name_and_labels() {
    let r = example(TemplateKind::ResultReturned, Lang::En, &site()).unwrap();
    assert_eq!(r.subject, "The result of dossier H15.50-260105-0001 has been returned");
    assert!(r.text.contains("Returned: in person at the one-stop counter"));
    assert!(
        r.text
            .contains("Đắk Lắk Public Service Portal - https://dichvucong.daklak.gov.vn/")
    );
    let vi = example(TemplateKind::PaymentReceived, Lang::Vi, &site()).unwrap();
    assert!(
        vi.text
            .contains("Số tiền: 1.000.000 đ\nThời gian: 08:20 05/01/2026\nMã giao dịch: 14226112")
    );
}

#[test]
fn outbox_topics_map_to_their_messages() {
    assert_eq!(
        TemplateKind::for_topic("dossier.receive"),
        Some(TemplateKind::DossierReceived)
    );
    assert_eq!(
        TemplateKind::for_topic("dossier.request_supplement"),
        Some(TemplateKind::SupplementRequested)
    );
    assert_eq!(
        TemplateKind::for_topic("dossier.refuse"),
        Some(TemplateKind::DossierRefused)
    );
    assert_eq!(
        TemplateKind::for_topic("dossier.apologise_extend"),
        Some(TemplateKind::ApologyExtension)
    );
    assert_eq!(
        TemplateKind::for_topic("dossier.mark_processed"),
        Some(TemplateKind::ResultReady)
    );
    assert_eq!(
        TemplateKind::for_topic("dossier.return_result"),
        Some(TemplateKind::ResultReturned)
    );
    assert_eq!(
        TemplateKind::for_topic("feedback.answer"),
        Some(TemplateKind::FeedbackAnswered)
    );
    for silent in [
        "dossier.submitted",
        "dossier.forward",
        "dossier.overdue",
        "feedback.submit",
        "feedback.publish",
        "",
    ] {
        assert_eq!(TemplateKind::for_topic(silent), None, "{silent}");
    }
}
