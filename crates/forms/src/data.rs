//! What each form shows. Texts are already formatted (dates in Vietnamese style).

use serde::Serialize;

/// Header of every form: parent body, the one-stop unit, number, place and date.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub parent_body: String,
    pub unit: String,
    pub number: String,
    pub place: String,
    /// "ngày 22 tháng 11 năm 2026"
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Representative {
    pub full_name: String,
    pub id_number: String,
    pub authorisation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub full_name: String,
    pub organisation: String,
    pub id_number: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub representative: Option<Representative>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComponentRow {
    pub name: String,
    pub originals: u32,
    pub copies: u32,
}

/// Form 01.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub header: Header,
    pub code: String,
    pub secret: String,
    pub applicant: Person,
    pub procedure: String,
    pub components: Vec<ComponentRow>,
    pub time_limit: String,
    pub received_at: String,
    pub appointment: String,
    pub result_place: String,
    pub book_volume: String,
    pub book_entry: String,
    /// SVG of the look-up QR code.
    pub qr_svg: String,
    /// Where to look the dossier up by hand (`dichvucong.tinh.gov.vn/tra-cuu`).
    pub lookup_at: String,
    pub officer: String,
}

/// The acknowledgement of an online filing (what the national portal shows at once; the
/// receipt, form 01, follows at reception).
#[derive(Debug, Clone, Serialize)]
pub struct Acknowledgement {
    pub header: Header,
    pub code: String,
    pub secret: String,
    pub applicant: Person,
    pub procedure: String,
    /// The documents filed: (component, file names).
    pub documents: Vec<FiledDocument>,
    pub submitted_at: String,
    pub time_limit: String,
    pub qr_svg: String,
    /// Where to look the dossier up by hand.
    pub lookup_at: String,
}

/// A component filed online and its files.
#[derive(Debug, Clone, Serialize)]
pub struct FiledDocument {
    pub name: String,
    pub files: Vec<String>,
}

/// Form 02.
#[derive(Debug, Clone, Serialize)]
pub struct Supplement {
    pub header: Header,
    pub code: String,
    pub applicant: Person,
    pub procedure: String,
    pub items: Vec<String>,
    pub reason: String,
    pub officer: String,
    pub officer_phone: String,
}

/// Form 03.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub header: Header,
    pub code: String,
    pub applicant: Person,
    pub procedure: String,
    pub reasons: String,
    pub officer: String,
}

/// Form 04.
#[derive(Debug, Clone, Serialize)]
pub struct Apology {
    pub header: Header,
    pub code: String,
    pub applicant: Person,
    pub procedure: String,
    pub received_at: String,
    pub original_appointment: String,
    pub reason: String,
    pub new_appointment: String,
    pub signer: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlRow {
    pub step: String,
    pub given: String,
    pub done: String,
    pub result: String,
    pub note: String,
}

/// Form 05.
#[derive(Debug, Clone, Serialize)]
pub struct ControlSlip {
    pub header: Header,
    pub code: String,
    pub lead_agency: String,
    pub coordinating: String,
    pub received_at: String,
    pub appointment: String,
    pub rows: Vec<ControlRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BookRow {
    pub code: String,
    pub procedure: String,
    pub applicant: String,
    pub contact: String,
    pub lead_agency: String,
    pub received: String,
    pub appointment: String,
    pub returned: String,
    pub method: String,
}

/// Form 06.
#[derive(Debug, Clone, Serialize)]
pub struct TrackingBook {
    pub header: Header,
    /// "Từ ngày 01/11/2026 đến ngày 30/11/2026"
    pub period: String,
    pub rows: Vec<BookRow>,
}

/// The receipt of a fee paid (biên lai thu phí, lệ phí).
#[derive(Debug, Clone, Serialize)]
pub struct FeeReceipt {
    pub header: Header,
    /// The receipt's number.
    pub number: String,
    pub payer: String,
    pub payer_address: String,
    pub dossier_code: String,
    pub procedure: String,
    pub lines: Vec<FeeLine>,
    /// `200.000`
    pub total: String,
    /// "Hai trăm nghìn đồng"
    pub total_words: String,
    /// "Tiền mặt", "Chuyển khoản", "Thanh toán trực tuyến qua VNPay"
    pub method: String,
    /// The gateway's transaction number (empty at the counter).
    pub transaction: String,
    pub paid_at: String,
    /// The officer who took the money (empty for an online payment).
    pub collector: String,
}

/// One line of a fee receipt; amounts formatted (`8.000`).
#[derive(Debug, Clone, Serialize)]
pub struct FeeLine {
    pub description: String,
    pub quantity: u32,
    pub unit_amount: String,
    pub total: String,
    pub waived: bool,
}

/// An electronic result generated from a dossier.
#[derive(Debug, Clone, Serialize)]
pub struct ResultDocument {
    /// The issuing agency; `number` is the result's number.
    pub header: Header,
    /// "Giấy chứng nhận kết hôn"
    pub title: String,
    pub dossier_code: String,
    pub submitted_at: String,
    pub procedure: String,
    pub applicant: String,
    /// The form's answers, as people read them.
    pub rows: Vec<LabelValue>,
    /// The public verification page's QR code (SVG) and address.
    pub qr_svg: String,
    pub verify_at: String,
    /// "KT. CHỦ TỊCH" and the leader's name.
    pub signer_title: String,
    pub signer_name: String,
    /// Marked as a demonstration (demo certificates).
    pub demo: bool,
}

/// A labelled value.
#[derive(Debug, Clone, Serialize)]
pub struct LabelValue {
    pub label: String,
    pub value: String,
}
