//! QR codes for the public look-up (printed on receipts, shown on the confirmation page).

use qrcode::QrCode;
use qrcode::render::svg;

/// The look-up address of a dossier, as the QR code carries it: the code in the path and the
/// secret in the fragment, which browsers never send to a server (no logs, no `Referer`); the
/// look-up page's script posts it. `base` is the portal's public address.
pub fn lookup_url(base: &str, code: &str, secret: &str) -> String {
    format!("{base}/tra-cuu/{code}#{secret}")
}

/// The look-up page as printed for people to type: `dvc.tinh.gov.vn/tra-cuu`.
pub fn lookup_page(base: &str) -> String {
    let host = base.split_once("://").map_or(base, |(_, rest)| rest);
    format!("{host}/tra-cuu")
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
        let url = lookup_url("https://dvc.example.vn", "H15.50-261122-0001", "K7Q2M9XD10");
        assert_eq!(url, "https://dvc.example.vn/tra-cuu/H15.50-261122-0001#K7Q2M9XD10");
        let svg = svg_of(&url);
        assert!(svg.starts_with("<svg") && svg.contains("<path"), "{svg}");
    }
}
