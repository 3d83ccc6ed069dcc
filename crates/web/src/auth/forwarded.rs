//! The client's address behind reverse proxies. `X-Forwarded-For` is a list each proxy
//! appends the address it was called from to; only the entries added by our own proxies can
//! be believed, so the client is the rightmost entry that is not one of them (whatever the
//! client wrote to the left is ignored).

use std::fmt;
use std::net::IpAddr;

/// A trusted proxy: one address, or a network in CIDR notation (`10.0.0.0/8`, `fd00::/8`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ProxyNet {
    addr: IpAddr,
    prefix: u8,
}

impl ProxyNet {
    /// Reads `192.0.2.10`, `10.0.0.0/8`, `::1` or `fd00::/8`.
    pub fn parse(s: &str) -> Result<ProxyNet, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let given: IpAddr = addr.parse().map_err(|_| format!("not an IP address: {s}"))?;
        let max = if given.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("not a prefix length: {s}"))?,
        };
        // An IPv4-mapped network (`::ffff:10.0.0.0/104`) is the IPv4 network it maps.
        match given.to_canonical() {
            IpAddr::V4(v4) if given.is_ipv6() => Ok(ProxyNet {
                addr: IpAddr::V4(v4),
                prefix: prefix
                    .checked_sub(96)
                    .ok_or_else(|| format!("not a prefix length: {s}"))?,
            }),
            addr => Ok(ProxyNet { addr, prefix }),
        }
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl fmt::Debug for ProxyNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The client of a request that reached us from `peer` with these `X-Forwarded-For` values
/// (in header order). With no list of proxies, the peer alone is the proxy: the client is
/// the last entry. With a list, a peer outside it is itself the client, and the entries are
/// read from the right past every trusted proxy; an entry that is not an address stops the
/// walk at the hop that gave it.
pub fn client(peer: IpAddr, forwarded: &[&str], trusted: &[ProxyNet]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !trusted.is_empty() && !is_trusted(peer) {
        return peer;
    }
    let hops = forwarded
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty());
    let mut client = peer;
    for hop in hops.rev() {
        let Ok(ip) = hop.parse::<IpAddr>().map(|ip| ip.to_canonical()) else {
            return client;
        };
        client = ip;
        if trusted.is_empty() || !is_trusted(ip) {
            return ip;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn nets(list: &[&str]) -> Vec<ProxyNet> {
        list.iter().filter_map(|s| ProxyNet::parse(s).ok()).collect()
    }

    #[test]
    fn networks_are_read_and_matched() {
        let n = nets(&["10.0.0.0/8", "192.0.2.10", "fd00::/8", "::ffff:198.51.100.0/120"]);
        assert_eq!(n.len(), 4);
        assert!(n[0].contains(ip("10.1.2.3")) && !n[0].contains(ip("11.0.0.1")));
        assert!(n[1].contains(ip("192.0.2.10")) && !n[1].contains(ip("192.0.2.11")));
        assert!(n[2].contains(ip("fd12::1")) && !n[2].contains(ip("fe80::1")));
        assert!(n[0].contains(ip("::ffff:10.9.9.9")), "IPv4-mapped peers");
        assert!(n[3].contains(ip("198.51.100.77")) && !n[3].contains(ip("198.51.101.1")));
        for bad in ["", "10.0.0.0/33", "10.0.0/8", "proxy.local", "::/129", "10.0.0.0/-1"] {
            assert!(ProxyNet::parse(bad).is_err(), "{bad}");
        }
        assert!(ProxyNet::parse("0.0.0.0/0").is_ok_and(|n| n.contains(ip("203.0.113.9"))));
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_hop() {
        let proxies = nets(&["10.0.0.0/8"]);
        let peer = ip("10.0.0.2");
        assert_eq!(
            client(peer, &["127.0.0.1, 203.0.113.9, 10.0.0.7"], &proxies),
            ip("203.0.113.9"),
            "what the client wrote on the left is ignored"
        );
        assert_eq!(
            client(peer, &["198.51.100.1", "203.0.113.9"], &proxies),
            ip("203.0.113.9")
        );
        assert_eq!(client(peer, &[], &proxies), peer);
        assert_eq!(
            client(peer, &["10.0.0.9"], &proxies),
            ip("10.0.0.9"),
            "all trusted: the leftmost"
        );
        assert_eq!(
            client(peer, &["203.0.113.9, garbage, 10.0.0.7"], &proxies),
            ip("10.0.0.7"),
            "an unreadable hop stops the walk"
        );
        assert_eq!(
            client(ip("198.51.100.7"), &["127.0.0.1"], &proxies),
            ip("198.51.100.7"),
            "a peer that is not our proxy is the client"
        );
        assert_eq!(
            client(ip("127.0.0.1"), &["127.0.0.1, 203.0.113.9"], &[]),
            ip("203.0.113.9"),
            "without a list, the peer is the one proxy"
        );
    }
}
