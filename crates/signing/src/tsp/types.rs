//! RFC 3161 structures, declared with `der`'s derive macros. RustCrypto's `x509-tsp` has them,
//! but its only release (0.1) is built on der 0.7 / cms 0.2, not on the der 0.8 / cms 0.3
//! family this crate uses; declaring the five types here avoids a second copy of the stack.

use der::Sequence;
use der::asn1::{Any, BitString, Int, ObjectIdentifier, OctetString};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::Extensions;
use x509_cert::ext::pkix::name::GeneralName;

/// ```text
/// MessageImprint ::= SEQUENCE {
///      hashAlgorithm AlgorithmIdentifier,
///      hashedMessage OCTET STRING }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct MessageImprint {
    pub hash_algorithm: AlgorithmIdentifierOwned,
    pub hashed_message: OctetString,
}

/// ```text
/// TimeStampReq ::= SEQUENCE {
///      version        INTEGER { v1(1) },
///      messageImprint MessageImprint,
///      reqPolicy      TSAPolicyId OPTIONAL,
///      nonce          INTEGER OPTIONAL,
///      certReq        BOOLEAN DEFAULT FALSE,
///      extensions     [0] IMPLICIT Extensions OPTIONAL }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct TimeStampReq {
    pub version: u8,
    pub message_imprint: MessageImprint,
    pub req_policy: Option<ObjectIdentifier>,
    pub nonce: Option<Int>,
    #[asn1(default = "Default::default")]
    pub cert_req: bool,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}

/// ```text
/// PKIStatusInfo ::= SEQUENCE {
///      status       PKIStatus,            -- INTEGER
///      statusString PKIFreeText OPTIONAL, -- SEQUENCE OF UTF8String
///      failInfo     PKIFailureInfo OPTIONAL }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct PkiStatusInfo {
    pub status: u8,
    pub status_string: Option<Vec<String>>,
    pub fail_info: Option<BitString>,
}

/// ```text
/// TimeStampResp ::= SEQUENCE {
///      status         PKIStatusInfo,
///      timeStampToken TimeStampToken OPTIONAL }  -- a ContentInfo
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct TimeStampResp {
    pub status: PkiStatusInfo,
    pub time_stamp_token: Option<cms::content_info::ContentInfo>,
}

/// ```text
/// Accuracy ::= SEQUENCE {
///      seconds INTEGER OPTIONAL,
///      millis  [0] INTEGER (1..999) OPTIONAL,
///      micros  [1] INTEGER (1..999) OPTIONAL }
/// ```
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct Accuracy {
    pub seconds: Option<u64>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub millis: Option<u16>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub micros: Option<u16>,
}

/// ```text
/// TSTInfo ::= SEQUENCE {
///      version        INTEGER { v1(1) },
///      policy         TSAPolicyId,
///      messageImprint MessageImprint,
///      serialNumber   INTEGER,
///      genTime        GeneralizedTime,
///      accuracy       Accuracy OPTIONAL,
///      ordering       BOOLEAN DEFAULT FALSE,
///      nonce          INTEGER OPTIONAL,
///      tsa            [0] GeneralName OPTIONAL,
///      extensions     [1] IMPLICIT Extensions OPTIONAL }
/// ```
/// `genTime` is kept as `Any`: TSAs commonly add fractional seconds, which der's
/// `GeneralizedTime` (RFC 5280 profile) refuses.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct TstInfo {
    pub version: u8,
    pub policy: ObjectIdentifier,
    pub message_imprint: MessageImprint,
    pub serial_number: Int,
    pub gen_time: Any,
    pub accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    pub ordering: bool,
    pub nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}
