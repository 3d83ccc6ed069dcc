//! Photos sent with feedback: the type read from the content (JPEG, PNG, WebP), the GPS
//! position read from EXIF when present, and every metadata block that can identify a
//! person or place (EXIF, XMP, IPTC, comments, text chunks) removed before anything is
//! stored or published.

use bytes::Bytes;
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;

use motcua_domain::feedback::Point;

/// A photo ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanPhoto {
    pub bytes: Bytes,
    pub content_type: &'static str,
    /// Where the camera said it was, if it said so and the position is valid.
    pub position: Option<Point>,
}

/// Why a photo was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("the image is damaged")]
    Damaged,
}

impl PhotoError {
    pub fn code(self) -> &'static str {
        match self {
            PhotoError::NotAnImage => "not_an_image",
            PhotoError::Damaged => "damaged_image",
        }
    }
}

/// Reads the position and strips metadata. The type comes from the bytes, never a name.
pub fn clean_photo(bytes: Bytes) -> Result<CleanPhoto, PhotoError> {
    match infer::get(&bytes).map(|k| k.mime_type()) {
        Some("image/jpeg") => {
            let mut jpeg = Jpeg::from_bytes(bytes).map_err(|_| PhotoError::Damaged)?;
            let position = jpeg.exif().as_deref().and_then(gps_of);
            // APP1 holds EXIF and XMP, APP13 IPTC; comments can hold anything.
            for m in [markers::APP1, markers::APP13, markers::COM] {
                jpeg.remove_segments_by_marker(m);
            }
            Ok(CleanPhoto {
                bytes: jpeg.encoder().bytes(),
                content_type: "image/jpeg",
                position,
            })
        }
        Some("image/png") => {
            let mut png = Png::from_bytes(bytes).map_err(|_| PhotoError::Damaged)?;
            let position = png.exif().as_deref().and_then(gps_of);
            png.set_exif(None);
            for kind in [*b"tEXt", *b"iTXt", *b"zTXt", *b"tIME"] {
                png.remove_chunks_by_type(kind);
            }
            Ok(CleanPhoto {
                bytes: png.encoder().bytes(),
                content_type: "image/png",
                position,
            })
        }
        Some("image/webp") => {
            let mut webp = WebP::from_bytes(bytes).map_err(|_| PhotoError::Damaged)?;
            let position = webp.exif().as_deref().and_then(gps_of);
            webp.set_exif(None);
            webp.remove_chunks_by_id(*b"XMP ");
            Ok(CleanPhoto {
                bytes: webp.encoder().bytes(),
                content_type: "image/webp",
                position,
            })
        }
        _ => Err(PhotoError::NotAnImage),
    }
}

/// Decimal degrees from the EXIF GPS block (TIFF data without the `Exif\0\0` prefix).
fn gps_of(tiff: &[u8]) -> Option<Point> {
    use exif::{In, Tag, Value};
    let data = tiff.strip_prefix(b"Exif\0\0").unwrap_or(tiff).to_vec();
    let exif = exif::Reader::new().read_raw(data).ok()?;
    let degrees = |tag: Tag| -> Option<f64> {
        match &exif.get_field(tag, In::PRIMARY)?.value {
            Value::Rational(r) if r.len() == 3 => Some(r[0].to_f64() + r[1].to_f64() / 60.0 + r[2].to_f64() / 3600.0),
            _ => None,
        }
    };
    let sign = |tag: Tag, negative: u8| -> f64 {
        match exif.get_field(tag, In::PRIMARY).map(|f| &f.value) {
            Some(Value::Ascii(v)) if v.first().and_then(|s| s.first()) == Some(&negative) => -1.0,
            _ => 1.0,
        }
    };
    let lat = degrees(Tag::GPSLatitude)? * sign(Tag::GPSLatitudeRef, b'S');
    let lon = degrees(Tag::GPSLongitude)? * sign(Tag::GPSLongitudeRef, b'W');
    Point::new(lat, lon).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PLAIN: &[u8] = crate::testing::PLAIN_PHOTO;

    fn geotagged() -> Bytes {
        crate::testing::geotagged_photo()
    }

    #[test]
    fn the_position_is_read_and_every_metadata_block_removed() {
        let tagged = geotagged();
        assert!(tagged.windows(9).any(|w| w == b"Camera Co"));
        let clean = clean_photo(tagged).unwrap();
        assert_eq!(clean.content_type, "image/jpeg");
        let p = clean.position.unwrap();
        assert!(
            (p.lat - 12.666_666).abs() < 1e-5 && (p.lon - 108.05).abs() < 1e-9,
            "{p:?}"
        );
        assert!(!clean.bytes.windows(9).any(|w| w == b"Camera Co"));
        assert!(!clean.bytes.windows(4).any(|w| w == b"Exif"));
        // What remains is still the same picture.
        assert_eq!(clean.bytes.as_ref(), PLAIN);
    }

    #[test]
    fn photos_without_gps_and_non_images_are_told_apart() {
        let plain = clean_photo(Bytes::from_static(PLAIN)).unwrap();
        assert_eq!(plain.position, None);
        assert_eq!(
            clean_photo(Bytes::from_static(b"%PDF-1.7\n")).unwrap_err(),
            PhotoError::NotAnImage
        );
        assert_eq!(
            clean_photo(Bytes::from_static(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00])).unwrap_err(),
            PhotoError::Damaged
        );
    }
}
