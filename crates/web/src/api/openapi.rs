//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

use super::{
    calendar, catalogue, dossier_types, dossiers, feedback, feedback_types, me, notifications, organisation, payments,
    procedures, process,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "motcua API",
        description = "Dịch vụ công trực tuyến — JSON API. Errors are RFC 9457 problem+json with a stable `code`."
    ),
    paths(
        me::issue_token,
        me::me,
        procedures::list,
        procedures::show,
        procedures::create,
        procedures::update,
        organisation::list_agencies,
        organisation::create_agency,
        organisation::list_units,
        organisation::create_unit,
        catalogue::export,
        catalogue::import,
        calendar::holidays,
        calendar::due,
        calendar::list_overrides,
        calendar::put_override,
        calendar::delete_override,
        calendar::office_hours,
        calendar::put_office_hours,
        dossiers::create,
        dossiers::show,
        dossiers::action,
        dossiers::queue,
        dossiers::mine,
        dossiers::lookup,
        dossiers::lookup_post,
        payments::start,
        payments::list,
        process::show,
        process::update,
        feedback::setup,
        feedback::put_setup,
        feedback::show,
        feedback::action,
        notifications::list,
        notifications::mark_read,
    ),
    components(schemas(
        feedback::FeedbackOut,
        feedback_types::ReportOut,
        feedback_types::FeedbackActionName,
        feedback_types::FeedbackActionRequest,
        catalogue::ImportOut,
        me::TokenRequest,
        me::TokenResponse,
        me::MeResponse,
        me::RoleOut,
        procedures::ProcedureSummary,
        procedures::ProcedurePage,
        procedures::ProcedureOut,
        organisation::AgencyList,
        organisation::AgencyOut,
        organisation::UnitList,
        organisation::UnitOut,
        calendar::HolidayOut,
        calendar::DueOut,
        calendar::OverrideBody,
        calendar::OverrideOut,
        calendar::OfficeHoursBody,
        dossiers::DossierOut,
        dossiers::TimelineOut,
        dossiers::HandOverOut,
        dossier_types::ActionName,
        dossier_types::ActionRequest,
        dossier_types::MethodIn,
        dossier_types::FilingRequest,
        dossier_types::ChannelIn,
        dossiers::QueueItem,
        dossiers::LookupOut,
        dossiers::FeeOut,
        dossiers::LookupQuery,
        notifications::NotificationOut,
        notifications::NotificationPage,
        payments::StartPayment,
        payments::StartedOut,
        payments::PaymentOut,
    ))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
