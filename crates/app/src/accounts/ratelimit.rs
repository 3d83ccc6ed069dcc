//! Sign-in rate limit: a budget per client address and per account, in this process
//! (several nodes each apply it; put a shared limit at the proxy for a hard global cap).

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct LoginLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl LoginLimiter {
    pub fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(n)),
            clock: DefaultClock::default(),
        }
    }

    /// Spends one attempt for the address and one for the account. `Err(seconds)` to wait.
    pub fn check(&self, client: &str, account: &str) -> Result<(), u64> {
        for key in [format!("ip:{client}"), format!("acct:{account}")] {
            if let Err(not_until) = self.limiter.check_key(&key) {
                let wait = not_until.wait_time_from(self.clock.now());
                return Err(wait.as_secs().max(1));
            }
        }
        if self.limiter.len() > 100_000 {
            self.limiter.retain_recent();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_account_and_per_address() {
        let l = LoginLimiter::new(3);
        for _ in 0..3 {
            assert!(l.check("1.1.1.1", "a@x.vn").is_ok());
        }
        assert!(l.check("1.1.1.1", "a@x.vn").is_err());
        // Another address is still limited on the same account …
        assert!(l.check("2.2.2.2", "a@x.vn").is_err());
        // … and the first address stays limited for any account.
        assert!(l.check("1.1.1.1", "b@x.vn").is_err());
        assert!(l.check("3.3.3.3", "c@x.vn").is_ok());
    }
}
