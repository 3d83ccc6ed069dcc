//! The portal the messages speak for: its public address (every link is built from it) and
//! its name in each language.

use serde::Deserialize;
use url::Url;

use super::Lang;
use crate::SendError;

/// The site's settings, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SiteConfig {
    /// The portal's public base URL, e.g. `https://dichvucong.daklak.gov.vn` (a path prefix
    /// such as `https://example.vn/motcua/` is kept).
    pub public_base_url: String,
    /// The portal's name in Vietnamese, e.g. `Cổng Dịch vụ công tỉnh Đắk Lắk`.
    pub portal_name: String,
    /// The portal's name in English (the Vietnamese name if absent).
    #[serde(default)]
    pub portal_name_en: Option<String>,
}

/// The checked site settings that templates build links from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteContext {
    base: Url,
    name_vi: String,
    name_en: String,
}

impl SiteContext {
    /// Checks the configuration: the base URL must be absolute `http` or `https` without a
    /// query or fragment (permanent `config_invalid` otherwise).
    pub fn new(config: &SiteConfig) -> Result<Self, SendError> {
        let mut base = Url::parse(config.public_base_url.trim())
            .map_err(|e| SendError::config(format!("public_base_url: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(SendError::config("public_base_url must be an http(s) URL"));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(SendError::config("public_base_url must not have a query or fragment"));
        }
        let path = base.path().trim_end_matches('/').to_owned();
        base.set_path(&path);
        Ok(SiteContext {
            base,
            name_vi: config.portal_name.trim().to_owned(),
            name_en: config
                .portal_name_en
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or(config.portal_name.trim())
                .to_owned(),
        })
    }

    /// The portal's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.name_vi,
            Lang::En => &self.name_en,
        }
    }

    /// The portal's home page.
    pub fn home(&self) -> String {
        self.base.to_string()
    }

    /// The absolute URL of `segments` under the base, each segment percent-encoded, with an
    /// optional query.
    pub fn link(&self, segments: &[&str], query: &[(&str, &str)]) -> String {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url.to_string()
    }

    /// A dossier's page (`/ho-so/{code}`).
    pub fn dossier(&self, code: &str) -> String {
        self.link(&["ho-so", code], &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base: &str) -> Result<SiteContext, SendError> {
        SiteContext::new(&SiteConfig {
            public_base_url: base.into(),
            portal_name: "Cổng DVC".into(),
            portal_name_en: None,
        })
    }

    #[test]
    fn links_are_built_under_the_base_and_encoded() {
        let s = site("https://dichvucong.daklak.gov.vn/").unwrap();
        assert_eq!(
            s.dossier("H15.50-260105-0001"),
            "https://dichvucong.daklak.gov.vn/ho-so/H15.50-260105-0001"
        );
        assert_eq!(
            s.dossier("a/b c?"),
            "https://dichvucong.daklak.gov.vn/ho-so/a%2Fb%20c%3F"
        );
        assert_eq!(s.home(), "https://dichvucong.daklak.gov.vn/");
        let prefixed = site("https://example.vn/motcua").unwrap();
        assert_eq!(
            prefixed.link(&["can-bo"], &[("hang-doi", "qua-han")]),
            "https://example.vn/motcua/can-bo?hang-doi=qua-han"
        );
        assert_eq!(prefixed.name(Lang::En), "Cổng DVC");
    }

    #[test]
    fn refuses_bases_that_cannot_make_links() {
        for bad in [
            "",
            "dichvucong.vn",
            "ftp://x.vn",
            "mailto:a@b.vn",
            "https://x.vn/?a=1",
            "https://x.vn/#top",
        ] {
            assert_eq!(site(bad).unwrap_err().code(), "config_invalid", "{bad}");
        }
    }
}
