//! Amounts of money as whole đồng. The đồng has no minor unit in use, so every amount is an
//! integer; arithmetic is checked and never goes through floating point.

use serde::{Deserialize, Serialize};

/// The largest amount a fee item, a quote line or a payment may carry: 10 billion đồng.
/// Far above any administrative fee, far below anything that could overflow after the
/// gateway's ×100 scaling.
pub const MAX_AMOUNT_VND: i64 = 10_000_000_000;

/// An amount in đồng. Serialised as the bare integer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    /// Zero đồng.
    pub const ZERO: Money = Money(0);

    /// An amount of `dong` đồng.
    pub const fn from_dong(dong: i64) -> Money {
        Money(dong)
    }

    /// The amount in đồng.
    pub const fn dong(self) -> i64 {
        self.0
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Sum, or `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Difference, or `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// The amount times a quantity, or `None` on overflow.
    pub fn checked_mul(self, quantity: i64) -> Option<Money> {
        self.0.checked_mul(quantity).map(Money)
    }

    /// Sum of several amounts, or `None` on overflow.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
        amounts.into_iter().try_fold(Money::ZERO, Money::checked_add)
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format_vnd(self.0))
    }
}

/// Formats đồng the Vietnamese way, the same in both languages of the portal: thousands
/// separated by `.`, then a space and `đ`. `format_vnd(1_000_000) == "1.000.000 đ"`.
pub fn format_vnd(dong: i64) -> String {
    let digits = dong.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if dong < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out.push_str(" đ");
    out
}

/// Reads an amount typed by a person: `1.000.000 đ`, `1.000.000đ`, `1.000.000` or
/// `1000000`, with an optional leading `-`. Groups after a `.` must have three digits, so
/// `1.5` (a decimal written by mistake) is refused rather than read as fifteen.
pub fn parse_vnd(text: &str) -> Option<Money> {
    let text = text.trim();
    let text = text.strip_suffix('đ').map_or(text, str::trim_end);
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut groups = body.split('.');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 19 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = first.to_owned();
    let mut grouped = false;
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        grouped = true;
        digits.push_str(group);
    }
    if grouped && (first.len() > 3 || first.starts_with('0')) {
        return None;
    }
    let magnitude: i64 = digits.parse().ok()?;
    Some(Money(if negative { magnitude.checked_neg()? } else { magnitude }))
}
