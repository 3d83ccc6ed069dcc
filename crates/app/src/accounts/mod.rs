//! Accounts: passwords (argon2id), sign-in under a rate limit, registration, server-side
//! sessions and API tokens. The web layer only carries the cookie and the header.

pub mod password;
pub mod ratelimit;
mod register;
mod sessions;
mod sign_in;
pub mod tokens;
mod users;

pub use register::register;
pub use sessions::{Session, end_session, ensure_session, resolve_bearer, resolve_session, start_session};
pub use sign_in::{SignInFailure, authenticate, issue_api_token};
pub use users::{create_officer, ensure_account, grant_for, principal, principal_by_login};
