//! The feedback setup an administrator maintains: categories, the areas reports fall in,
//! and the rules that send a report to the responsible agency and unit.

use serde::{Deserialize, Serialize};

use super::category::{Category, Classification};
use super::geo::{BBox, Point};
use crate::Validation;

/// An area (usually a commune) reports can be located in: picked from a list by people who
/// do not use the map, or found from a point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Agency code of the area's authority (a commune's people's committee: `H15.50`).
    pub code: String,
    pub name: String,
    /// The area's extent, for points; areas without one are matched by code only.
    #[serde(default)]
    pub bbox: Option<BBox>,
}

/// One routing rule. Absent criteria match everything; the most specific matching rule wins
/// (category 4, area 3, classification 2), the first one listed on a tie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub classification: Option<Classification>,
    #[serde(default)]
    pub area: Option<String>,
    /// Agency code of the responsible agency.
    pub agency: String,
    /// Code of the responsible unit inside it, if any.
    #[serde(default)]
    pub unit: Option<String>,
}

/// Categories, areas and routes: the whole feedback setup, stored and versioned as one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setup {
    pub categories: Vec<Category>,
    #[serde(default)]
    pub areas: Vec<Area>,
    pub routes: Vec<Route>,
}

impl Route {
    fn score(&self, category: &Category, area: Option<&str>) -> Option<u8> {
        let mut score = 0;
        if let Some(c) = &self.category {
            if *c != category.code {
                return None;
            }
            score += 4;
        }
        if let Some(a) = &self.area {
            if Some(a.as_str()) != area {
                return None;
            }
            score += 3;
        }
        if let Some(k) = self.classification {
            if k != category.classification {
                return None;
            }
            score += 2;
        }
        Some(score)
    }
}

impl Setup {
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }

    pub fn area(&self, code: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.code == code)
    }

    /// The smallest area whose extent holds the point.
    pub fn area_of(&self, p: Point) -> Option<&Area> {
        self.areas
            .iter()
            .filter(|a| a.bbox.is_some_and(|b| b.contains(p)))
            .min_by(|a, b| {
                let size = |x: &Area| x.bbox.map_or(f64::MAX, |b| (b.north - b.south) * (b.east - b.west));
                size(a).total_cmp(&size(b))
            })
    }

    /// The rule that decides who handles a report of this category in this area.
    pub fn route(&self, category: &Category, area: Option<&str>) -> Option<&Route> {
        let mut best: Option<(u8, &Route)> = None;
        for r in &self.routes {
            if let Some(s) = r.score(category, area)
                && best.is_none_or(|(b, _)| s > b)
            {
                best = Some((s, r));
            }
        }
        best.map(|(_, r)| r)
    }

    /// Checks the setup as a whole; `agency_exists` answers for agency codes.
    pub fn validate(&self, agency_exists: &dyn Fn(&str) -> bool) -> Validation {
        let mut v = Validation::new();
        if self.categories.is_empty() {
            v.push("categories", "required", None);
        }
        for (i, c) in self.categories.iter().enumerate() {
            v.nest(&format!("categories/{i}"), c.validate());
            if self.categories[..i].iter().any(|o| o.code == c.code) {
                v.push(format!("categories/{i}/code"), "duplicate", None);
            }
        }
        for (i, a) in self.areas.iter().enumerate() {
            if !agency_exists(&a.code) {
                v.push(format!("areas/{i}/code"), "unknown_agency", None);
            }
        }
        for (i, r) in self.routes.iter().enumerate() {
            if !agency_exists(&r.agency) {
                v.push(format!("routes/{i}/agency"), "unknown_agency", None);
            }
            if let Some(c) = &r.category
                && self.category(c).is_none()
            {
                v.push(format!("routes/{i}/category"), "unknown_category", None);
            }
            if let Some(a) = &r.area
                && self.area(a).is_none()
            {
                v.push(format!("routes/{i}/area"), "unknown_area", None);
            }
        }
        if !self
            .routes
            .iter()
            .any(|r| r.category.is_none() && r.area.is_none() && r.classification.is_none())
        {
            v.push("routes", "no_default_route", None);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(code: &str, classification: Classification) -> Category {
        Category {
            code: code.into(),
            name: code.into(),
            name_en: String::new(),
            description: String::new(),
            group: "g".into(),
            classification,
            keywords: vec![],
            questions: vec![],
        }
    }

    fn route(category: Option<&str>, area: Option<&str>, agency: &str) -> Route {
        Route {
            category: category.map(Into::into),
            classification: None,
            area: area.map(Into::into),
            agency: agency.into(),
            unit: None,
        }
    }

    fn setup() -> Setup {
        Setup {
            categories: vec![
                cat("den-duong", Classification::Service),
                cat("thai-do", Classification::Conduct),
            ],
            areas: vec![
                Area {
                    code: "H15.50".into(),
                    name: "Phường Buôn Ma Thuột".into(),
                    bbox: Some(BBox::parse("12.60,107.95,12.75,108.10").unwrap()),
                },
                Area {
                    code: "H15.51".into(),
                    name: "Phường Tân An".into(),
                    bbox: Some(BBox::parse("12.70,108.00,12.74,108.06").unwrap()),
                },
            ],
            routes: vec![
                route(None, None, "H15.20"),
                route(Some("den-duong"), None, "H15.05"),
                route(Some("den-duong"), Some("H15.50"), "H15.50"),
                Route {
                    classification: Some(Classification::Conduct),
                    ..route(None, None, "H15.07")
                },
            ],
        }
    }

    #[test]
    fn the_most_specific_rule_wins() {
        let s = setup();
        let lamp = s.category("den-duong").unwrap();
        assert_eq!(s.route(lamp, Some("H15.50")).unwrap().agency, "H15.50");
        assert_eq!(s.route(lamp, Some("H15.51")).unwrap().agency, "H15.05");
        assert_eq!(s.route(lamp, None).unwrap().agency, "H15.05");
        let conduct = s.category("thai-do").unwrap();
        assert_eq!(s.route(conduct, Some("H15.50")).unwrap().agency, "H15.07");
        let other = cat("khac", Classification::Regulation);
        assert_eq!(s.route(&other, None).unwrap().agency, "H15.20");
    }

    #[test]
    fn a_point_falls_in_the_smallest_area_holding_it() {
        let s = setup();
        let inner = Point::new(12.72, 108.03).unwrap();
        assert_eq!(s.area_of(inner).unwrap().code, "H15.51");
        let outer = Point::new(12.62, 108.0).unwrap();
        assert_eq!(s.area_of(outer).unwrap().code, "H15.50");
        assert!(s.area_of(Point::new(21.0, 105.8).unwrap()).is_none());
    }

    #[test]
    fn a_setup_needs_a_default_route_and_known_references() {
        let mut s = setup();
        assert!(s.validate(&|_| true).is_empty());
        s.routes.remove(0);
        s.routes.push(route(Some("nope"), Some("H99.99"), "H15.05"));
        let codes: Vec<_> = s.validate(&|c| c != "H15.05").into_errors();
        let codes: Vec<_> = codes.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert!(codes.contains(&("routes/0/agency", "unknown_agency")));
        assert!(codes.contains(&("routes/3/category", "unknown_category")));
        assert!(codes.contains(&("routes/3/area", "unknown_area")));
        assert!(codes.contains(&("routes", "no_default_route")));
    }
}
