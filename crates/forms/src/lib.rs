//! The standard one-stop forms (Decree 118/2025, Circular 03/2025) as PDF, typeset with
//! typst from templates embedded in the binary, in Libertinus Serif (which places
//! Vietnamese tone marks correctly). No network, no system fonts.

use std::sync::OnceLock;

use serde::Serialize;
use typst::foundations::{Dict, IntoValue, Str};
use typst_as_lib::{TypstEngine, TypstTemplateCollection};
use typst_layout::PagedDocument;

pub mod data;

pub use data::*;

/// Which form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Giấy xác nhận nộp hồ sơ trực tuyến (the acknowledgement of an online filing).
    Acknowledgement,
    /// 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
    Receipt,
    /// 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    Supplement,
    /// 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    Refusal,
    /// 04 Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết.
    Apology,
    /// 05 Phiếu kiểm soát quá trình giải quyết hồ sơ.
    ControlSlip,
    /// 06 Sổ theo dõi hồ sơ.
    TrackingBook,
    /// Biên lai thu phí, lệ phí (the receipt of a fee paid).
    FeeReceipt,
    /// An electronic result generated from the dossier (a certificate or an extract).
    ResultDocument,
}

impl Form {
    fn file(self) -> &'static str {
        match self {
            Form::Acknowledgement => "form00.typ",
            Form::Receipt => "form01.typ",
            Form::Supplement => "form02.typ",
            Form::Refusal => "form03.typ",
            Form::Apology => "form04.typ",
            Form::ControlSlip => "form05.typ",
            Form::TrackingBook => "form06.typ",
            Form::FeeReceipt => "formBL.typ",
            Form::ResultDocument => "result.typ",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("form data: {0}")]
    Data(#[from] serde_json::Error),
    #[error("typesetting: {0}")]
    Typeset(String),
}

const SOURCES: [(&str, &str); 10] = [
    ("common.typ", include_str!("../templates/common.typ")),
    ("form00.typ", include_str!("../templates/form00.typ")),
    ("form01.typ", include_str!("../templates/form01.typ")),
    ("form02.typ", include_str!("../templates/form02.typ")),
    ("form03.typ", include_str!("../templates/form03.typ")),
    ("form04.typ", include_str!("../templates/form04.typ")),
    ("form05.typ", include_str!("../templates/form05.typ")),
    ("form06.typ", include_str!("../templates/form06.typ")),
    ("formBL.typ", include_str!("../templates/formBL.typ")),
    ("result.typ", include_str!("../templates/result.typ")),
];

fn engine() -> &'static TypstEngine<TypstTemplateCollection> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateCollection>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .with_static_source_file_resolver(SOURCES)
            .fonts(typst_assets::fonts())
            .build()
    })
}

/// Typesets `form` with `data` (one of the structs of [`data`]) into a PDF.
pub fn render(form: Form, data: &impl Serialize) -> Result<Vec<u8>, FormError> {
    render_counted(form, data).map(|(pdf, _)| pdf)
}

/// Typesets `form` into a PDF and says how many pages it has.
pub fn render_counted(form: Form, data: &impl Serialize) -> Result<(Vec<u8>, usize), FormError> {
    let json = serde_json::to_string(data)?;
    let mut inputs = Dict::new();
    inputs.insert(Str::from("data"), Str::from(json.as_str()).into_value());
    let doc: PagedDocument = engine()
        .compile_with_input(form.file(), inputs)
        .output
        .map_err(|e| FormError::Typeset(format!("{e:?}")))?;
    let pages = doc.pages().len();
    let pdf =
        typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| FormError::Typeset(format!("{e:?}")))?;
    Ok((pdf, pages))
}

#[cfg(test)]
mod tests;
