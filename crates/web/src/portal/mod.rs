//! The public portal: server-rendered HTML that works without JavaScript, Vietnamese first.
//! GOV.UK patterns: one thing per page, an error summary linking to each field, messages
//! next to the field, everything typed kept on a failed submit.

mod account;
mod admin;
mod assets;
mod calendar;
mod catalogue;
mod citizen;
mod dossier;
mod feedback;
mod filing;
mod forms;
mod notifications;
mod payment;
mod process;
mod result;
mod view;

pub(crate) use dossier::disposition;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

/// Largest multipart body accepted on upload routes; the per-file limit (a setting, 10 MiB
/// by default) is checked in the handler with a clear message.
const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(catalogue::home))
        .route("/thu-tuc", get(catalogue::list))
        .route("/thu-tuc/{code}", get(catalogue::show))
        .route("/thu-tuc/{code}/nop-truc-tuyen", get(catalogue::apply_start))
        .route("/dang-nhap", get(account::login_form).post(account::login))
        .route("/dang-ky", get(account::register_form).post(account::register))
        .route("/dang-xuat", post(account::logout))
        .route("/ngon-ngu/{lang}", get(account::set_language))
        .route("/quan-tri/thu-tuc/moi", get(admin::new_form).post(admin::create))
        .route(
            "/quan-tri/thu-tuc/{code}/sua",
            get(admin::edit_form).post(admin::update),
        )
        .route("/nop-ho-so/{code}", get(filing::start))
        .route(
            "/nop-ho-so/{code}/co-quan",
            get(filing::agency_form).post(filing::agency_save),
        )
        .route(
            "/nop-ho-so/{code}/nguoi-nop",
            get(filing::applicant_form).post(filing::applicant_save),
        )
        .route(
            "/nop-ho-so/{code}/to-khai",
            get(filing::data_form).post(filing::data_save),
        )
        .route(
            "/nop-ho-so/{code}/giay-to",
            get(filing::documents_form)
                .post(filing::documents_upload)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/nop-ho-so/{code}/giay-to/xoa", post(filing::documents_delete))
        .route("/nop-ho-so/{code}/giay-to/tiep-tuc", post(filing::documents_continue))
        .route("/nop-ho-so/{code}/giay-to/dung-lai", post(filing::documents_reuse))
        .route("/nop-ho-so/{code}/kiem-tra", get(filing::check).post(filing::submit))
        // The same pages at the counter: an officer files for a walk-in applicant.
        .route("/tiep-nhan/{code}", get(filing::start))
        .route(
            "/tiep-nhan/{code}/co-quan",
            get(filing::agency_form).post(filing::agency_save),
        )
        .route(
            "/tiep-nhan/{code}/nguoi-nop",
            get(filing::applicant_form).post(filing::applicant_save),
        )
        .route(
            "/tiep-nhan/{code}/to-khai",
            get(filing::data_form).post(filing::data_save),
        )
        .route(
            "/tiep-nhan/{code}/giay-to",
            get(filing::documents_form)
                .post(filing::documents_upload)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/tiep-nhan/{code}/giay-to/xoa", post(filing::documents_delete))
        .route("/tiep-nhan/{code}/giay-to/tiep-tuc", post(filing::documents_continue))
        .route("/tiep-nhan/{code}/kiem-tra", get(filing::check).post(filing::submit))
        .route("/ho-so/{code}/da-nop", get(filing::done))
        .route("/ho-so/{code}", get(dossier::show))
        .route("/ho-so/{code}/thao-tac", post(dossier::act))
        .route("/ho-so/{code}/thanh-toan", post(payment::pay))
        .route("/ho-so/{code}/thu-phi", post(payment::record))
        .route("/ho-so/{code}/bien-lai/{id}", get(payment::receipt))
        .route(
            "/ho-so/{code}/ket-qua/tai-len",
            post(result::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/ho-so/{code}/ket-qua/tao", post(result::generate))
        .route("/ho-so/{code}/ket-qua/thu-hoi", post(result::revoke))
        .route(
            "/ho-so/{code}/ket-qua/dinh-chinh",
            post(result::reissue).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/ho-so/{code}/ket-qua/{id}", get(result::download))
        .route("/xac-thuc/chung-thu-goc.pem", get(result::roots))
        .route(
            "/xac-thuc/{id}",
            get(result::page)
                .post(result::compare)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/thanh-toan/vnpay/ipn", get(payment::ipn))
        .route("/thanh-toan/vnpay/ket-qua", get(payment::returned))
        .route("/ho-so/{code}/tep/{id}", get(dossier::download))
        .route("/ho-so/{code}/mau/{number}", get(forms::dossier_form))
        .route("/can-bo/so-theo-doi", get(forms::tracking_book))
        .route("/ho-so-cua-toi", get(dossier::mine))
        .route("/can-bo", get(dossier::workspace))
        .route("/tra-cuu", get(dossier::lookup).post(dossier::lookup_post))
        .route("/tra-cuu/{code}", get(dossier::lookup_code))
        .route(
            "/quan-tri/thu-tuc/{code}/quy-trinh",
            get(process::show).post(process::save),
        )
        .route("/quan-tri/lich", get(calendar::show).post(calendar::add))
        .route("/quan-tri/lich/xoa", post(calendar::remove))
        .route("/static/{file}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        // Citizen feedback (phản ánh, kiến nghị).
        .merge(feedback::routes())
        // The inbox, channel choices and administrators' failed deliveries.
        .merge(notifications::routes())
        // The document store, ratings, return by post.
        .merge(citizen::routes())
        .fallback(view::not_found)
        .layer(axum::middleware::from_fn(view::render_failures))
}
