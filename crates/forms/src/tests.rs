use super::*;

fn header() -> Header {
    Header {
        parent_body: "Ủy ban nhân dân tỉnh Đắk Lắk".into(),
        unit: "Trung tâm Phục vụ hành chính công phường Buôn Ma Thuột".into(),
        number: "0001/TN".into(),
        place: "Buôn Ma Thuột".into(),
        date: "ngày 22 tháng 11 năm 2026".into(),
    }
}

fn person() -> Person {
    Person {
        full_name: "Nguyễn Thị Hằng".into(),
        organisation: String::new(),
        id_number: "066190001234".into(),
        address: "12 Lê Duẩn, phường Buôn Ma Thuột, tỉnh Đắk Lắk".into(),
        phone: "0912345678".into(),
        email: "hang@example.vn".into(),
        representative: None,
    }
}

/// The text layer of a PDF, through pdftotext when the machine has it.
fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-") && bytes.len() > 2_000
}

#[test]
fn every_form_typesets() {
    let receipt = Receipt {
        header: header(),
        code: "H15.50-261122-0001".into(),
        secret: "abc123".into(),
        applicant: person(),
        procedure: "Đăng ký kết hôn".into(),
        components: vec![ComponentRow { name: "Tờ khai đăng ký kết hôn".into(), originals: 1, copies: 0 }],
        time_limit: "01 ngày làm việc".into(),
        received_at: "09 giờ 17 phút, ngày 22/11/2026".into(),
        appointment: "08 giờ 00 phút, ngày 24/11/2026".into(),
        result_place: "Trung tâm Phục vụ hành chính công phường Buôn Ma Thuột".into(),
        book_volume: "2026".into(),
        book_entry: "1".into(),
        qr_svg: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>".into(),
        lookup_at: "dichvucong.daklak.gov.vn/tra-cuu".into(),
        officer: "Trần Thị Bình".into(),
    };
    assert!(is_pdf(&render(Form::Receipt, &receipt).unwrap()));
    let supplement = Supplement {
        header: header(),
        code: receipt.code.clone(),
        applicant: person(),
        procedure: "Đăng ký kết hôn".into(),
        items: vec!["Giấy xác nhận tình trạng hôn nhân".into()],
        reason: "Thiếu giấy tờ".into(),
        officer: "Trần Thị Bình".into(),
        officer_phone: "0262 3852 123".into(),
    };
    assert!(is_pdf(&render(Form::Supplement, &supplement).unwrap()));
    let refusal = Refusal {
        header: header(),
        code: receipt.code.clone(),
        applicant: person(),
        procedure: "Đăng ký kết hôn".into(),
        reasons: "Không đủ điều kiện".into(),
        officer: "Trần Thị Bình".into(),
    };
    assert!(is_pdf(&render(Form::Refusal, &refusal).unwrap()));
    let apology = Apology {
        header: header(),
        code: receipt.code.clone(),
        applicant: person(),
        procedure: "Đăng ký kết hôn".into(),
        received_at: "22/11/2026".into(),
        original_appointment: "24/11/2026".into(),
        reason: "Cần xác minh thêm".into(),
        new_appointment: "27/11/2026".into(),
        signer: "Phạm Thị Dung".into(),
    };
    assert!(is_pdf(&render(Form::Apology, &apology).unwrap()));
    let slip = ControlSlip {
        header: header(),
        code: receipt.code.clone(),
        lead_agency: "UBND phường Buôn Ma Thuột".into(),
        coordinating: String::new(),
        received_at: receipt.received_at.clone(),
        appointment: receipt.appointment.clone(),
        rows: vec![ControlRow {
            step: "Tiếp nhận hồ sơ".into(),
            given: "09:17 22/11/2026".into(),
            done: "09:30 22/11/2026".into(),
            result: "Trước hạn".into(),
            note: String::new(),
        }],
    };
    assert!(is_pdf(&render(Form::ControlSlip, &slip).unwrap()));
    let book = TrackingBook {
        header: header(),
        period: "Từ ngày 01/11/2026 đến ngày 30/11/2026".into(),
        rows: vec![BookRow {
            code: receipt.code.clone(),
            procedure: "Đăng ký kết hôn".into(),
            applicant: "Nguyễn Thị Hằng".into(),
            contact: "0912345678".into(),
            lead_agency: "UBND phường Buôn Ma Thuột".into(),
            received: "22/11/2026".into(),
            appointment: "24/11/2026".into(),
            returned: String::new(),
            method: String::new(),
        }],
    };
    assert!(is_pdf(&render(Form::TrackingBook, &book).unwrap()));
}

/// A receipt as a normal dossier has it: a representative, long names, five documents.
fn normal_receipt() -> Receipt {
    let mut applicant = person();
    applicant.representative = Some(Representative {
        full_name: "Lê Thị Phương Thảo".into(),
        id_number: "066190009876".into(),
        authorisation: "Giấy ủy quyền số 12/UQ ngày 15/11/2026".into(),
    });
    Receipt {
        header: header(),
        code: "H15.50-261122-0001".into(),
        secret: "K7Q2M-9XD4T".into(),
        applicant,
        procedure: "Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi".into(),
        components: [
            "Tờ khai đăng ký khai sinh theo mẫu",
            "Giấy chứng sinh do cơ sở y tế cấp",
            "Tờ khai thay đổi thông tin cư trú",
            "Tờ khai tham gia bảo hiểm y tế",
            "Văn bản ủy quyền có chứng thực",
        ]
        .iter()
        .map(|n| ComponentRow {
            name: (*n).into(),
            originals: 1,
            copies: 0,
        })
        .collect(),
        time_limit: "1 ngày làm việc".into(),
        received_at: "09 giờ 17 phút, ngày 22/11/2026".into(),
        appointment: "08 giờ 00 phút, ngày 24/11/2026".into(),
        result_place: "Trung tâm Phục vụ hành chính công phường Buôn Ma Thuột".into(),
        book_volume: "2026".into(),
        book_entry: "0001".into(),
        qr_svg: crate::tests::QR.into(),
        lookup_at: "dichvucong.daklak.gov.vn/tra-cuu".into(),
        officer: "Trần Thị Bình".into(),
    }
}

const QR: &str =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>";

#[test]
fn a_normal_receipt_fits_on_one_page() {
    let (pdf, pages) = render_counted(Form::Receipt, &normal_receipt()).unwrap();
    assert!(is_pdf(&pdf));
    assert_eq!(pages, 1, "the officer's name must not spill onto a second page");
}

#[test]
fn the_online_acknowledgement_typesets_on_one_page() {
    let r = normal_receipt();
    let ack = Acknowledgement {
        header: r.header,
        code: r.code,
        secret: r.secret,
        applicant: r.applicant,
        procedure: r.procedure,
        documents: vec![FiledDocument {
            name: "Tờ khai đăng ký khai sinh theo mẫu".into(),
            files: vec!["to-khai.pdf".into()],
        }],
        submitted_at: "09 giờ 17 phút, ngày 22/11/2026".into(),
        time_limit: "1 ngày làm việc".into(),
        qr_svg: QR.into(),
        lookup_at: r.lookup_at,
    };
    let (pdf, pages) = render_counted(Form::Acknowledgement, &ack).unwrap();
    assert!(is_pdf(&pdf));
    assert_eq!(pages, 1);
}
