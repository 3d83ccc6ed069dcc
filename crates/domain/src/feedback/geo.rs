//! Points, bounding boxes and distances on the WGS84 sphere (good to a few metres at the
//! scale of "is this the same pothole?").

use serde::{Deserialize, Serialize};

const EARTH_RADIUS_M: f64 = 6_371_008.8;
const METRES_PER_DEGREE_LAT: f64 = 111_320.0;

/// A WGS84 position.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

/// Why a coordinate was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    #[error("latitude must be within -90..90")]
    Latitude,
    #[error("longitude must be within -180..180")]
    Longitude,
    #[error("not a number")]
    NotANumber,
    #[error("a bounding box is south,west,north,east with south ≤ north and west ≤ east")]
    BBox,
}

impl GeoError {
    pub fn code(self) -> &'static str {
        match self {
            GeoError::Latitude => "latitude_out_of_range",
            GeoError::Longitude => "longitude_out_of_range",
            GeoError::NotANumber => "not_a_number",
            GeoError::BBox => "invalid_bbox",
        }
    }
}

impl Point {
    pub fn new(lat: f64, lon: f64) -> Result<Point, GeoError> {
        if !lat.is_finite() || !lon.is_finite() {
            return Err(GeoError::NotANumber);
        }
        if !(-90.0..=90.0).contains(&lat) {
            return Err(GeoError::Latitude);
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(GeoError::Longitude);
        }
        Ok(Point { lat, lon })
    }

    /// Parses decimal degrees as typed by a person or sent by a client.
    pub fn parse(lat: &str, lon: &str) -> Result<Point, GeoError> {
        let lat = lat.trim().parse::<f64>().map_err(|_| GeoError::NotANumber)?;
        let lon = lon.trim().parse::<f64>().map_err(|_| GeoError::NotANumber)?;
        Point::new(lat, lon)
    }

    /// Great-circle distance in metres (haversine).
    pub fn distance_m(self, other: Point) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }

    /// The smallest box that holds every point within `radius_m` of this one.
    pub fn box_around(self, radius_m: f64) -> BBox {
        let dlat = radius_m / METRES_PER_DEGREE_LAT;
        let cos = self.lat.to_radians().cos().max(1e-6);
        let dlon = (radius_m / (METRES_PER_DEGREE_LAT * cos)).min(180.0);
        BBox {
            south: (self.lat - dlat).max(-90.0),
            west: (self.lon - dlon).max(-180.0),
            north: (self.lat + dlat).min(90.0),
            east: (self.lon + dlon).min(180.0),
        }
    }
}

/// A latitude/longitude rectangle (no crossing of the antimeridian: Vietnam does not need it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl BBox {
    /// Parses `south,west,north,east` (the order Leaflet's `toBBoxString` does not use, but
    /// the one Open311 servers such as FixMyStreet accept as `bbox=`); `west,south,east,north`
    /// is not guessed at.
    pub fn parse(s: &str) -> Result<BBox, GeoError> {
        let parts: Vec<&str> = s.split(',').collect();
        let [s, w, n, e] = parts.as_slice() else {
            return Err(GeoError::BBox);
        };
        let sw = Point::parse(s, w)?;
        let ne = Point::parse(n, e)?;
        if sw.lat > ne.lat || sw.lon > ne.lon {
            return Err(GeoError::BBox);
        }
        Ok(BBox {
            south: sw.lat,
            west: sw.lon,
            north: ne.lat,
            east: ne.lon,
        })
    }

    pub fn contains(&self, p: Point) -> bool {
        (self.south..=self.north).contains(&p.lat) && (self.west..=self.east).contains(&p.lon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_and_garbage_coordinates_are_refused() {
        assert_eq!(Point::parse("91", "108").unwrap_err(), GeoError::Latitude);
        assert_eq!(Point::parse("12.6", "-181").unwrap_err(), GeoError::Longitude);
        assert_eq!(Point::parse("abc", "108").unwrap_err(), GeoError::NotANumber);
        assert_eq!(Point::parse("NaN", "108").unwrap_err(), GeoError::NotANumber);
        assert!(Point::parse(" 12.6667 ", "108.05").is_ok());
    }

    #[test]
    fn distances_match_known_values() {
        // Buôn Ma Thuột to Hà Nội is about 1,000 km as the crow flies.
        let bmt = Point::new(12.6667, 108.05).unwrap();
        let hn = Point::new(21.0285, 105.8542).unwrap();
        let d = bmt.distance_m(hn);
        assert!((950_000.0..1_000_000.0).contains(&d), "{d}");
        // One thousandth of a degree of latitude is about 111 m.
        let near = Point::new(12.6677, 108.05).unwrap();
        assert!((bmt.distance_m(near) - 111.2).abs() < 1.0);
    }

    #[test]
    fn the_box_around_a_point_holds_every_point_within_the_radius() {
        let p = Point::new(12.6667, 108.05).unwrap();
        let b = p.box_around(200.0);
        for bearing in 0..36 {
            let a = f64::from(bearing * 10).to_radians();
            let q = Point::new(
                p.lat + 199.0 * a.cos() / METRES_PER_DEGREE_LAT,
                p.lon + 199.0 * a.sin() / (METRES_PER_DEGREE_LAT * p.lat.to_radians().cos()),
            )
            .unwrap();
            assert!(p.distance_m(q) <= 200.5);
            assert!(b.contains(q));
        }
    }

    #[test]
    fn bounding_boxes_parse_in_south_west_north_east_order() {
        let b = BBox::parse("12.6,108.0,12.7,108.1").unwrap();
        assert!(b.contains(Point::new(12.65, 108.05).unwrap()));
        assert_eq!(BBox::parse("12.7,108.0,12.6,108.1").unwrap_err(), GeoError::BBox);
        assert_eq!(BBox::parse("1,2,3").unwrap_err(), GeoError::BBox);
        assert_eq!(BBox::parse("95,0,96,1").unwrap_err(), GeoError::Latitude);
    }
}
