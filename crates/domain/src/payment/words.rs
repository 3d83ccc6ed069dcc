//! Amounts in words, as Vietnamese receipts write them ("Hai trăm nghìn đồng").

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// Reads a group of three digits. `inner`: a group after a higher one (reads its zero
/// hundreds: "không trăm").
fn group(n: u64, inner: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = ((n / 100) as usize, ((n / 10) % 10) as usize, (n % 10) as usize);
    if h > 0 || inner {
        out.push(DIGITS[h]);
        out.push("trăm");
    }
    match t {
        0 if u > 0 && (h > 0 || inner) => out.push("linh"),
        0 => {}
        1 => out.push("mười"),
        _ => {
            out.push(DIGITS[t]);
            out.push("mươi");
        }
    }
    match u {
        0 => {}
        1 if t >= 2 => out.push("mốt"),
        4 if t >= 2 => out.push("tư"),
        5 if t >= 1 => out.push("lăm"),
        _ => out.push(DIGITS[u]),
    }
}

/// Reads `n` below one billion, groups of thousands.
fn below_billion(n: u64, inner: bool, out: &mut Vec<&'static str>) {
    let groups = [(n / 1_000_000, "triệu"), ((n / 1000) % 1000, "nghìn"), (n % 1000, "")];
    let mut started = inner;
    for (g, unit) in groups {
        if g == 0 {
            continue;
        }
        group(g, started, out);
        if !unit.is_empty() {
            out.push(unit);
        }
        started = true;
    }
}

fn words(n: u64, inner: bool, out: &mut Vec<&'static str>) {
    let billions = n / 1_000_000_000;
    let rest = n % 1_000_000_000;
    if billions > 0 {
        words(billions, inner, out);
        out.push("tỷ");
    }
    if rest > 0 {
        below_billion(rest, inner || billions > 0, out);
    }
}

/// An amount in đồng in words, capitalised, ending with "đồng": `200000` → "Hai trăm nghìn
/// đồng". Negative amounts read as "Âm …".
pub fn in_words(dong: i64) -> String {
    let mut out: Vec<&'static str> = Vec::new();
    if dong < 0 {
        out.push("âm");
    }
    let n = dong.unsigned_abs();
    if n == 0 {
        out.push("không");
    } else {
        words(n, false, &mut out);
    }
    out.push("đồng");
    let text = out.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::in_words;

    #[test]
    fn receipts_read_like_people_write() {
        for (n, text) in [
            (0, "Không đồng"),
            (5, "Năm đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (24, "Hai mươi tư đồng"),
            (25, "Hai mươi lăm đồng"),
            (105, "Một trăm linh năm đồng"),
            (110, "Một trăm mười đồng"),
            (8_000, "Tám nghìn đồng"),
            (16_000, "Mười sáu nghìn đồng"),
            (200_000, "Hai trăm nghìn đồng"),
            (1_000_000, "Một triệu đồng"),
            (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
            (1_000_005, "Một triệu không trăm linh năm đồng"),
            (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
            (1_000_000_001, "Một tỷ không trăm linh một đồng"),
            (-8_000, "Âm tám nghìn đồng"),
        ] {
            assert_eq!(in_words(n), text, "{n}");
        }
    }
}
