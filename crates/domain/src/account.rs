//! Accounts, roles and the authorisation rules that do not depend on a dossier.

use serde::{Deserialize, Serialize};

use crate::ids::{AgencyId, UnitId, UserId};
use crate::validation::Validation;

/// Who an account belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Citizen,
    Officer,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Citizen => "citizen",
            AccountKind::Officer => "officer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "citizen" => Some(Self::Citizen),
            "officer" => Some(Self::Officer),
            _ => None,
        }
    }
}

/// Officer roles. Each grant is scoped to an agency and, optionally, a unit inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Receives dossiers and returns results at the one-stop unit (cán bộ một cửa).
    OneStopOfficer,
    /// Processes dossiers in a specialised department (chuyên viên).
    Specialist,
    /// Approves and signs (lãnh đạo).
    Leader,
    /// Administers one agency: its units, officers and procedures.
    AgencyAdmin,
    /// Administers the whole installation.
    SystemAdmin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::OneStopOfficer,
        Role::Specialist,
        Role::Leader,
        Role::AgencyAdmin,
        Role::SystemAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::OneStopOfficer => "one_stop_officer",
            Role::Specialist => "specialist",
            Role::Leader => "leader",
            Role::AgencyAdmin => "agency_admin",
            Role::SystemAdmin => "system_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One role held by an officer, in one agency (and perhaps one unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    pub agency_id: AgencyId,
    pub unit_id: Option<UnitId>,
}

impl RoleGrant {
    /// The grant reaches `agency` and, when a unit is named, that unit (a grant without a
    /// unit reaches every unit of its agency).
    pub fn covers(&self, agency: AgencyId, unit: Option<UnitId>) -> bool {
        self.agency_id == agency && (unit.is_none() || self.unit_id.is_none() || self.unit_id == unit)
    }
}

/// The signed-in user as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: UserId,
    pub kind: AccountKind,
    pub display_name: String,
    pub grants: Vec<RoleGrant>,
}

impl Principal {
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    pub fn is_system_admin(&self) -> bool {
        self.has_role(Role::SystemAdmin)
    }

    pub fn is_officer(&self) -> bool {
        self.kind == AccountKind::Officer
    }

    /// May edit some procedure (the editor's pages and links): a system administrator or an
    /// agency administrator.
    pub fn edits_procedures(&self) -> bool {
        self.is_system_admin() || self.has_role(Role::AgencyAdmin)
    }

    /// May create, edit and import procedures: system administrators everywhere, agency
    /// administrators for procedures handled only by agencies they administer — an
    /// administrator of EVERY agency named (naming one's own agency does not open another's).
    /// A procedure that names no agency is the system administrators'.
    pub fn can_edit_procedure(&self, handling_agency_ids: &[AgencyId]) -> bool {
        self.is_system_admin()
            || (!handling_agency_ids.is_empty()
                && handling_agency_ids.iter().all(|a| {
                    self.grants
                        .iter()
                        .any(|g| g.role == Role::AgencyAdmin && g.agency_id == *a)
                }))
    }

    /// Holds any role in `agency`, and in `unit` when one is named: a grant without a unit
    /// covers the whole agency. The one rule for "works at" (queues, reading, acting).
    pub fn works_at(&self, agency: AgencyId, unit: Option<UnitId>) -> bool {
        self.grants.iter().any(|g| g.covers(agency, unit))
    }

    /// Holds `role` in `agency` (and in `unit` when one is named, as `works_at`).
    pub fn holds(&self, role: Role, agency: AgencyId, unit: Option<UnitId>) -> bool {
        self.grants.iter().any(|g| g.role == role && g.covers(agency, unit))
    }

    /// The agencies where the user holds a role, each once, in grant order.
    pub fn agencies(&self) -> Vec<AgencyId> {
        let mut out: Vec<AgencyId> = Vec::new();
        for g in &self.grants {
            if !out.contains(&g.agency_id) {
                out.push(g.agency_id);
            }
        }
        out
    }

    /// May create agencies and units and grant roles across the installation.
    pub fn can_manage_organisation(&self) -> bool {
        self.is_system_admin()
    }
}

/// A login identifier: an e-mail address or a Vietnamese mobile number, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginId {
    Email(String),
    Phone(String),
}

impl LoginId {
    /// Reads what a person typed in the "e-mail or phone" box.
    pub fn parse(raw: &str) -> Option<LoginId> {
        let s = raw.trim();
        if s.contains('@') {
            return normalise_email(s).map(LoginId::Email);
        }
        normalise_phone(s).map(LoginId::Phone)
    }

    pub fn as_str(&self) -> &str {
        match self {
            LoginId::Email(s) | LoginId::Phone(s) => s,
        }
    }
}

/// Lower-cases and checks the shape `local@domain.tld` (delivery is the real check).
pub fn normalise_email(s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    let (local, domain) = s.split_once('@')?;
    let ok = !local.is_empty()
        && s.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@');
    ok.then_some(s)
}

/// Normalises a Vietnamese mobile number to the 10-digit national form `0xxxxxxxxx`.
/// Accepts spaces, dots and dashes, and the `+84`/`84` prefixes.
pub fn normalise_phone(s: &str) -> Option<String> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if digits.len() == 11 && digits.starts_with("84") {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    let b = national.as_bytes();
    let ok = b.len() == 10
        && b[0] == b'0'
        && matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9')
        && b.iter().all(u8::is_ascii_digit);
    ok.then_some(national)
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;
pub const FULL_NAME_MAX: usize = 150;

/// A citizen's registration as typed. Missing fields read as empty (and fail as `required`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Registration {
    pub full_name: String,
    pub login: String,
    pub password: String,
    pub password_confirm: String,
}

impl Registration {
    /// Checks every field; on success returns the normalised login identifier.
    pub fn validate(&self) -> Result<LoginId, Vec<crate::FieldError>> {
        let mut v = Validation::new();
        v.text("full_name", &self.full_name, FULL_NAME_MAX);
        let login = LoginId::parse(&self.login);
        if self.login.trim().is_empty() {
            v.push("login", "required", None);
        } else if login.is_none() {
            v.push("login", "invalid_login", None);
        }
        check_password(&mut v, "password", &self.password);
        if self.password != self.password_confirm {
            v.push("password_confirm", "password_mismatch", None);
        }
        v.finish()?;
        login.ok_or_else(Vec::new)
    }
}

/// Length rules of NIST SP 800-63B: long enough, not capped too low, any character allowed.
pub fn check_password(v: &mut Validation, field: &str, password: &str) {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        v.push(field, "too_short", Some(PASSWORD_MIN.to_string()));
    } else if n > PASSWORD_MAX {
        v.push(field, "too_long", Some(PASSWORD_MAX.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_normalise_to_national_form() {
        assert_eq!(normalise_phone("+84 912 345 678").as_deref(), Some("0912345678"));
        assert_eq!(normalise_phone("84912345678").as_deref(), Some("0912345678"));
        assert_eq!(normalise_phone("0912.345.678").as_deref(), Some("0912345678"));
        assert_eq!(normalise_phone("0212345678"), None, "landline prefix 02 is not mobile");
        assert_eq!(normalise_phone("091234567"), None);
    }

    #[test]
    fn emails_are_lower_cased() {
        assert_eq!(
            LoginId::parse(" An.Nguyen@Example.VN "),
            Some(LoginId::Email("an.nguyen@example.vn".into()))
        );
        assert_eq!(LoginId::parse("a@b"), None);
        assert_eq!(LoginId::parse("a b@c.vn"), None);
    }

    #[test]
    fn registration_reports_every_problem() {
        let r = Registration {
            full_name: " ".into(),
            login: "not-a-login".into(),
            password: "short".into(),
            password_confirm: "other".into(),
        };
        let errs = r.validate().unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("full_name", "required"),
                ("login", "invalid_login"),
                ("password", "too_short"),
                ("password_confirm", "password_mismatch")
            ]
        );
    }

    #[test]
    fn agency_admin_edits_only_own_procedures() {
        let p = Principal {
            user_id: UserId(1),
            kind: AccountKind::Officer,
            display_name: "x".into(),
            grants: vec![RoleGrant {
                role: Role::AgencyAdmin,
                agency_id: AgencyId(7),
                unit_id: None,
            }],
        };
        assert!(p.can_edit_procedure(&[AgencyId(7)]));
        assert!(!p.can_edit_procedure(&[AgencyId(8)]));
        assert!(
            !p.can_edit_procedure(&[AgencyId(7), AgencyId(8)]),
            "naming its own agency does not open another's"
        );
        assert!(
            !p.can_edit_procedure(&[]),
            "an unowned procedure is the system administrators'"
        );
        assert!(p.edits_procedures());
        let both = Principal {
            grants: vec![
                p.grants[0].clone(),
                RoleGrant {
                    role: Role::AgencyAdmin,
                    agency_id: AgencyId(8),
                    unit_id: None,
                },
            ],
            ..p.clone()
        };
        assert!(both.can_edit_procedure(&[AgencyId(7), AgencyId(8)]));
        let specialist_there = Principal {
            grants: vec![
                p.grants[0].clone(),
                RoleGrant {
                    role: Role::Specialist,
                    agency_id: AgencyId(8),
                    unit_id: None,
                },
            ],
            ..p.clone()
        };
        assert!(!specialist_there.can_edit_procedure(&[AgencyId(7), AgencyId(8)]));
        assert!(!p.can_manage_organisation());
        let citizen = Principal {
            kind: AccountKind::Citizen,
            grants: vec![],
            ..p
        };
        assert!(!citizen.can_edit_procedure(&[AgencyId(7)]));
    }

    #[test]
    fn works_at_reads_agency_and_unit() {
        let grant = |unit: Option<i64>| RoleGrant {
            role: Role::Specialist,
            agency_id: AgencyId(3),
            unit_id: unit.map(UnitId),
        };
        let p = |grants| Principal {
            user_id: UserId(1),
            kind: AccountKind::Officer,
            display_name: "x".into(),
            grants,
        };
        let in_unit = p(vec![grant(Some(5))]);
        assert!(in_unit.works_at(AgencyId(3), None), "any unit of the agency");
        assert!(in_unit.works_at(AgencyId(3), Some(UnitId(5))));
        assert!(!in_unit.works_at(AgencyId(3), Some(UnitId(6))), "another unit");
        assert!(!in_unit.works_at(AgencyId(4), None), "another agency");
        let whole = p(vec![grant(None)]);
        assert!(
            whole.works_at(AgencyId(3), Some(UnitId(6))),
            "a grant without unit covers all"
        );
        assert!(whole.holds(Role::Specialist, AgencyId(3), None));
        assert!(!whole.holds(Role::Leader, AgencyId(3), None));
        assert_eq!(p(vec![grant(None), grant(Some(5))]).agencies(), vec![AgencyId(3)]);
    }
}
