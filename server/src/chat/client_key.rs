//! Which client a limit counts a request against.

use std::net::{IpAddr, Ipv6Addr};

/// What limits on clients (sessions opened, sign-in attempts, open feeds)
/// count by: an IPv4 address, or the /64 network of an IPv6 one. One IPv6
/// subscriber is given a /64 (or more) and may use any of its 2^64
/// addresses, so counting full addresses would leave it unlimited. An
/// IPv4-mapped address (`::ffff:192.0.2.1`, how a dual-stack socket shows
/// an IPv4 client) is that IPv4 address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl From<IpAddr> for ClientKey {
    fn from(address: IpAddr) -> Self {
        match address.to_canonical() {
            IpAddr::V4(v4) => ClientKey(IpAddr::V4(v4)),
            IpAddr::V6(v6) => {
                let network = u128::from(v6) & !u128::from(u64::MAX);
                ClientKey(IpAddr::V6(Ipv6Addr::from(network)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> IpAddr {
        raw.parse().unwrap()
    }

    fn key(raw: &str) -> ClientKey {
        ClientKey::from(ip(raw))
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64() {
        assert_eq!(
            key("2001:db8:1:2::1"),
            key("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2::"));
    }

    #[test]
    fn an_ipv4_client_is_counted_by_its_address_however_it_is_written() {
        assert_eq!(key("::ffff:192.0.2.1"), key("192.0.2.1"));
        assert_ne!(key("192.0.2.1"), key("192.0.2.2"));
        assert_ne!(
            key("::ffff:192.0.2.1"),
            key("::ffff:192.0.2.2"),
            "not one /64 for every IPv4 client"
        );
    }
}
