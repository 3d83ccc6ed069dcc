//! Typed identifiers. Every id that crosses a layer is one of these, so that passing a unit's
//! id where an agency's is expected does not compile. They are database row ids (`BIGINT`);
//! the serde form is the bare number.

use serde::{Deserialize, Serialize};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The row id, for storage and URLs.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

id!(
    /// An account (citizen or officer).
    UserId
);
id!(
    /// An agency (cơ quan): a department, a commune, the province.
    AgencyId
);
id!(
    /// A unit (phòng, bộ phận) inside an agency.
    UnitId
);
id!(
    /// A procedure of the catalogue.
    ProcedureId
);
id!(
    /// A dossier (hồ sơ).
    DossierId
);
id!(
    /// A file attached to a draft or a dossier.
    AttachmentId
);
id!(
    /// A document kept in a citizen's document store (kho dữ liệu).
    StoredDocumentId
);
id!(
    /// A citizen's feedback report (phản ánh, kiến nghị).
    ReportId
);
id!(
    /// A photo or file of a feedback report.
    MediaId
);
id!(
    /// A line of a report's history (an action, or an Open311 client's comment): the
    /// stable `update_id` of Open311 `servicerequestupdates`.
    FeedbackLineId
);
id!(
    /// An Open311 client's API key (a row of `open311_keys`).
    Open311KeyId
);
id!(
    /// An electronic result (kết quả) of a dossier.
    ResultId
);
id!(
    /// A payment attempt (an order at the gateway, or a payment recorded at the counter).
    PaymentId
);
id!(
    /// A photo kept for its reporter when the feedback details page came back with an error.
    KeptPhotoId
);

id!(
    /// One delivery of a notification: an outbox event (or a digest) to one recipient through
    /// one channel (e-mail, SMS, Zalo).
    DeliveryId
);
id!(
    /// A message in an account's in-portal inbox.
    NotificationId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialise_as_bare_numbers_and_parse_back() {
        assert_eq!(serde_json::to_string(&AgencyId(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<DossierId>("42").unwrap(), DossierId(42));
        assert_eq!("12".parse::<UserId>().unwrap(), UserId(12));
        assert!("x".parse::<UnitId>().is_err());
    }
}
