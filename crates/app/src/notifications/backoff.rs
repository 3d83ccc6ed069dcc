//! Exponential back-off between attempts: base, 2 × base, 4 × base, … up to a cap.

use std::time::Duration;

/// The wait before attempt `attempts + 1`, after `attempts` failed ones (at least one).
pub fn retry_delay(attempts: u32, base: Duration, cap: Duration) -> Duration {
    let doublings = attempts.saturating_sub(1).min(31);
    base.checked_mul(1u32 << doublings).map_or(cap, |d| d.min(cap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_the_base_up_to_the_cap() {
        let base = Duration::from_secs(30);
        let cap = Duration::from_secs(3600);
        let waits: Vec<u64> = (1..=10).map(|n| retry_delay(n, base, cap).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(retry_delay(0, base, cap), base, "no failure yet reads as the first");
        assert_eq!(retry_delay(u32::MAX, Duration::from_secs(u64::MAX / 2), cap), cap);
    }
}
