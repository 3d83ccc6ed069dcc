//! Exact rationals for rates and points (no floating point inside), and the two-decimal
//! fixed-point values shown to people.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// An exact fraction, always reduced, with a positive denominator. Arithmetic is checked:
/// None on overflow (counts beyond 2^60 are not supported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rational {
    num: i128,
    den: i128,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Rational {
    pub const ZERO: Rational = Rational { num: 0, den: 1 };
    pub const ONE: Rational = Rational { num: 1, den: 1 };

    /// `num / den`, reduced; None if `den` is zero.
    pub fn new(num: i128, den: i128) -> Option<Rational> {
        if den == 0 {
            return None;
        }
        let g = gcd(num.unsigned_abs(), den.unsigned_abs());
        let g = i128::try_from(g).ok()?;
        let (mut num, mut den) = (num / g, den / g);
        if den < 0 {
            num = num.checked_neg()?;
            den = den.checked_neg()?;
        }
        Some(Rational { num, den })
    }

    pub fn integer(n: i128) -> Rational {
        Rational { num: n, den: 1 }
    }

    /// `n / d` of two counts; None if `d` is zero.
    pub fn of_counts(n: u64, d: u64) -> Option<Rational> {
        Rational::new(i128::from(n), i128::from(d))
    }

    pub fn numer(self) -> i128 {
        self.num
    }

    pub fn denom(self) -> i128 {
        self.den
    }

    pub fn checked_add(self, o: Rational) -> Option<Rational> {
        let g = i128::try_from(gcd(self.den.unsigned_abs(), o.den.unsigned_abs())).ok()?;
        let (a, b) = (self.den / g, o.den / g);
        let num = self.num.checked_mul(b)?.checked_add(o.num.checked_mul(a)?)?;
        Rational::new(num, self.den.checked_mul(b)?)
    }

    pub fn checked_sub(self, o: Rational) -> Option<Rational> {
        self.checked_add(Rational {
            num: o.num.checked_neg()?,
            den: o.den,
        })
    }

    pub fn checked_mul(self, o: Rational) -> Option<Rational> {
        let g1 = i128::try_from(gcd(self.num.unsigned_abs(), o.den.unsigned_abs()))
            .ok()?
            .max(1);
        let g2 = i128::try_from(gcd(o.num.unsigned_abs(), self.den.unsigned_abs()))
            .ok()?
            .max(1);
        let num = (self.num / g1).checked_mul(o.num / g2)?;
        let den = (self.den / g2).checked_mul(o.den / g1)?;
        Rational::new(num, den)
    }

    /// None on division by zero or overflow.
    pub fn checked_div(self, o: Rational) -> Option<Rational> {
        self.checked_mul(Rational::new(o.den, o.num)?)
    }

    /// `self × scale`, rounded half away from zero, as an integer.
    pub fn round_scaled(self, scale: i128) -> Option<i128> {
        let q = self.num.div_euclid(self.den);
        let r = self.num.rem_euclid(self.den);
        let rs = r.checked_mul(scale)?;
        let (fi, fr) = (rs / self.den, rs % self.den);
        let floor = q.checked_mul(scale)?.checked_add(fi)?;
        let twice = fr.checked_mul(2)?;
        let up = twice > self.den || (twice == self.den && self.num >= 0);
        if up { floor.checked_add(1) } else { Some(floor) }
    }

    /// Rounded to two decimals.
    pub fn to_fixed2(self) -> Option<Fixed2> {
        self.round_scaled(100).and_then(|h| i64::try_from(h).ok()).map(Fixed2)
    }

    /// Parses `4`, `14/3` or `4.4` (the weights file).
    pub fn parse(s: &str) -> Option<Rational> {
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if let Some((n, d)) = s.split_once('/') {
            if !digits(n) || !digits(d) {
                return None;
            }
            return Rational::new(n.parse().ok()?, d.parse().ok()?);
        }
        if let Some((i, f)) = s.split_once('.') {
            if !digits(i) || !digits(f) || f.len() > 18 {
                return None;
            }
            let scale = 10i128.checked_pow(u32::try_from(f.len()).ok()?)?;
            let whole: i128 = i.parse().ok()?;
            let frac: i128 = f.parse().ok()?;
            return Rational::new(whole.checked_mul(scale)?.checked_add(frac)?, scale);
        }
        if !digits(s) {
            return None;
        }
        Some(Rational::integer(s.parse().ok()?))
    }
}

/// Compares `a/b` with `c/d` (`b, d > 0`) without overflow, by continued fractions.
fn compare(a: i128, b: i128, c: i128, d: i128) -> Ordering {
    let (q1, r1) = (a.div_euclid(b), a.rem_euclid(b));
    let (q2, r2) = (c.div_euclid(d), c.rem_euclid(d));
    if q1 != q2 {
        return q1.cmp(&q2);
    }
    match (r1 == 0, r2 == 0) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        // r1/b < r2/d iff b/r1 > d/r2.
        (false, false) => compare(d, r2, b, r1),
    }
}

impl Ord for Rational {
    fn cmp(&self, o: &Self) -> Ordering {
        compare(self.num, self.den, o.num, o.den)
    }
}

impl PartialOrd for Rational {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl fmt::Display for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl Serialize for Rational {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A value with two decimals, held as hundredths; serialised as a JSON number (`4.67`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Fixed2(pub i64);

impl Fixed2 {
    pub fn hundredths(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Fixed2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Serialize for Fixed2 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Exact below 2^53; the nearest double prints back as the two-decimal text.
        let v = self.0 as f64 / 100.0;
        s.serialize_f64(v)
    }
}
