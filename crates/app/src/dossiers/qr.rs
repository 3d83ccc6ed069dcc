//! QR codes for the public look-up (printed on receipts, shown on the confirmation page).

use qrcode::QrCode;
use qrcode::render::svg;

/// The look-up address of a dossier, as the QR code carries it.
pub fn lookup_path(code: &str, secret: &str) -> String {
    format!("/tra-cuu?ma={code}&bi-mat={secret}")
}

/// An inline SVG QR code of `text`, or an empty string if the text cannot be encoded.
pub fn svg_of(text: &str) -> String {
    match QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let doc = code
                .render::<svg::Color>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build();
            // Inline in HTML: drop the XML declaration.
            doc.find("<svg").map_or(doc.clone(), |i| doc[i..].to_owned())
        }
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_lookup_address() {
        let svg = svg_of(&lookup_path("H15.50-261122-0001", "abc123"));
        assert!(svg.starts_with("<svg") && svg.contains("<path"), "{svg}");
    }
}
