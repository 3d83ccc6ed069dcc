//! The crate's one error type: a send either may succeed later ([`SendError::Transient`],
//! the worker retries with back-off) or never will ([`SendError::Permanent`], the worker gives
//! up and shows it to administrators). Both carry a stable code for logs, metrics and pages.

/// Why a message was not delivered (or could not be built).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later: the peer is down, slow, busy or answered 4xx (SMTP) / 5xx (HTTP).
    #[error("transient failure {code}: {detail}")]
    Transient {
        /// Stable code, e.g. `smtp_transient`, `gateway_unavailable`.
        code: &'static str,
        /// What the peer or the library said; never personal data beyond what the peer echoes.
        detail: String,
    },
    /// Retrying will not help: the peer refused the message for good, or the configuration
    /// or the recipient is wrong. Administrators must look.
    #[error("permanent failure {code}: {detail}")]
    Permanent {
        /// Stable code, e.g. `smtp_rejected`, `gateway_rejected`, `config_invalid`.
        code: &'static str,
        /// What the peer or the library said.
        detail: String,
    },
}

impl SendError {
    /// A transient failure with its stable code.
    pub fn transient(code: &'static str, detail: impl Into<String>) -> Self {
        SendError::Transient {
            code,
            detail: detail.into(),
        }
    }

    /// A permanent failure with its stable code.
    pub fn permanent(code: &'static str, detail: impl Into<String>) -> Self {
        SendError::Permanent {
            code,
            detail: detail.into(),
        }
    }

    /// A configuration that cannot work (permanent, code `config_invalid`).
    pub fn config(detail: impl Into<String>) -> Self {
        SendError::permanent("config_invalid", detail)
    }

    /// Whether the worker should try again later.
    pub fn is_transient(&self) -> bool {
        matches!(self, SendError::Transient { .. })
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            SendError::Transient { code, .. } | SendError::Permanent { code, .. } => code,
        }
    }

    /// The peer's or library's explanation.
    pub fn detail(&self) -> &str {
        match self {
            SendError::Transient { detail, .. } | SendError::Permanent { detail, .. } => detail,
        }
    }
}
