//! What every dossier message says about the dossier.

use crate::render::{Lang, SiteContext, Values};

/// The dossier a message is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierFacts {
    /// The dossier code, e.g. `H15.50-260105-0001`.
    pub code: String,
    /// The procedure's name.
    pub procedure: String,
    /// The agency handling it.
    pub agency: String,
    /// The applicant's name (person or organisation), for the greeting.
    pub applicant: String,
}

impl DossierFacts {
    /// `{code}`, `{procedure}`, `{agency}`, `{applicant}`, `{portal}`, `{home}`, and the
    /// dossier's page as the link.
    pub(crate) fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        site_values(lang, site)
            .with("code", self.code.as_str())
            .with("procedure", self.procedure.as_str())
            .with("agency", self.agency.as_str())
            .with("applicant", self.applicant.as_str())
            .link_to(site.dossier(&self.code))
    }
}

/// `{portal}` and `{home}`, which every footer uses.
pub(crate) fn site_values(lang: Lang, site: &SiteContext) -> Values {
    Values::default()
        .with("portal", site.name(lang))
        .with("home", site.home())
}
