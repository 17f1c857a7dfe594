//! Who a request came from, behind reverse proxies.
//!
//! The TCP peer of a request that came through nginx is nginx. Rate limits
//! keyed by address (sessions opened, sign-in attempts) would then count
//! every client as one. With `PAPO_TRUSTED_PROXIES` set, a request whose
//! peer is one of those proxies is taken to come from the address the
//! proxies recorded in `X-Forwarded-For`: read from the right (each proxy
//! appends the address it saw), skipping trusted proxies, the first
//! address left is the client. Anything further left was written by the
//! client and is not believed. A request from any other peer keeps its
//! peer, whatever headers it sends.
//!
//! The answer replaces the request's `ConnectInfo`, so that everything
//! after this layer (the API, server functions, logs) sees the client.
//!
//! Hand-written (about twenty lines) rather than with axum-client-ip:
//! that crate trusts one fixed position of the header, not a list of
//! proxies, which is what a chain of them (a CDN, then nginx) needs.
//!
//! Limits do not count by the full address but by its
//! [`crate::chat::client_key::ClientKey`].

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use ipnet::{IpNet, Ipv4Net};

/// `PAPO_TRUSTED_PROXIES`: the addresses (or CIDR ranges) of the reverse
/// proxies in front of papo; empty when clients connect directly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    /// A comma-separated list of addresses and ranges (`127.0.0.1,10.0.0.0/8`).
    pub fn parse(raw: &str) -> Result<Self, String> {
        raw.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map(canonical_net)
                    .map_err(|_| format!("{part:?} is not an IP address or a CIDR range"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    /// An IPv4 peer of a dual-stack socket arrives as `::ffff:a.b.c.d`: it
    /// is the proxy at `a.b.c.d` all the same.
    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client's address: `peer`, or when `peer` is a trusted proxy,
    /// the rightmost untrusted address of `forwarded_for` (the header's
    /// values, in order).
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_for.iter().flat_map(|v| v.split(',')).rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(address) if self.trusts(address) => client = address,
                Ok(address) => return address,
                // Not an address: nothing to its left can be believed.
                Err(_) => return client,
            }
        }
        client
    }
}

/// `net` with IPv4-mapped IPv6 written as IPv4 (`::ffff:10.0.0.0/104` is
/// `10.0.0.0/8`), as [`TrustedProxies::trusts`] compares addresses.
fn canonical_net(net: IpNet) -> IpNet {
    match net {
        IpNet::V6(v6) if v6.prefix_len() >= 96 => match v6.network().to_ipv4_mapped() {
            Some(v4) => Ipv4Net::new(v4, v6.prefix_len() - 96)
                .map(IpNet::V4)
                .unwrap_or(net),
            None => net,
        },
        net => net,
    }
}

/// Replaces the request's `ConnectInfo` with the client's address.
pub async fn resolve(
    State(proxies): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    if !proxies.0.is_empty() {
        if let Some(&ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
            let forwarded_for: Vec<&str> = request
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            let client = proxies.client(peer.ip(), &forwarded_for);
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(client, peer.port())));
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> IpAddr {
        raw.parse().unwrap()
    }

    #[test]
    fn an_ipv4_mapped_proxy_is_trusted_as_its_ipv4_address() {
        let mapped = TrustedProxies::parse("::ffff:10.0.0.0/104").unwrap();
        assert_eq!(
            mapped.client(ip("10.0.0.1"), &["203.0.113.9"]),
            ip("203.0.113.9"),
            "a range written as mapped addresses"
        );
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(
            proxies.client(ip("::ffff:10.0.0.1"), &["203.0.113.9"]),
            ip("203.0.113.9")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &["203.0.113.9, ::ffff:10.0.0.2"]),
            ip("203.0.113.9"),
            "a proxy in the header, too"
        );
    }

    #[test]
    fn parses_addresses_and_ranges() {
        let proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8,::1").unwrap();
        assert_eq!(proxies.0.len(), 3);
        assert!(proxies.trusts(ip("10.1.2.3")));
        assert!(!proxies.trusts(ip("11.0.0.1")));
        assert_eq!(
            TrustedProxies::parse("").unwrap(),
            TrustedProxies::default()
        );
        let error = TrustedProxies::parse("127.0.0.1,nginx").unwrap_err();
        assert!(error.contains("\"nginx\""), "{error}");
    }

    #[test]
    fn a_peer_that_is_not_a_proxy_is_the_client_whatever_it_says() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(
            proxies.client(ip("203.0.113.9"), &["198.51.100.1"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_proxies_the_rightmost_untrusted_address_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client claims 1.1.1.1; the first proxy saw 203.0.113.9.
        let header = ["1.1.1.1, 203.0.113.9", "10.0.0.2"];
        assert_eq!(proxies.client(ip("10.0.0.1"), &header), ip("203.0.113.9"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &[]), ip("10.0.0.1"));
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &["junk, 10.0.0.3"]),
            ip("10.0.0.3")
        );
    }
}
