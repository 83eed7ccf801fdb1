//! The SSRF guard: a crawler must not be steered by links or redirects onto private, loopback,
//! link-local or cloud-metadata addresses. Checked twice: on the URL's host (IP literals) before
//! every request and redirect hop, and on every DNS answer (names that resolve inward).
//! `crawl.allow_private_hosts` lets tests and `make run` allow `127.0.0.1` explicitly.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// True for addresses a crawler must not reach through links: private, loopback, link-local,
/// unspecified, broadcast, CGNAT and cloud metadata ranges.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

fn allow_listed(host: &str, allow: &[String]) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    allow
        .iter()
        .any(|a| a.eq_ignore_ascii_case(host) || a.eq_ignore_ascii_case(bare))
}

/// Refuses a URL whose host is a private IP literal (unless allow-listed) or that is not http(s).
pub fn check_url(url: &url::Url, allow: &[String]) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("scheme {:?} is not fetched", url.scheme()));
    }
    let host = url.host_str().unwrap_or_default();
    if allow_listed(host, allow) {
        return Ok(());
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) if is_private(ip) => Err(format!(
            "{host} is a private address (allow it in crawl.allow_private_hosts)"
        )),
        _ if host.eq_ignore_ascii_case("localhost") || host.ends_with(".localhost") => Err(
            format!("{host} is a loopback name (allow it in crawl.allow_private_hosts)"),
        ),
        _ => Ok(()),
    }
}

/// DNS resolution that drops private addresses unless the name is allow-listed.
pub struct GuardedResolver {
    pub allow: Arc<Vec<String>>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed = allow_listed(&host, &allow);
            let addrs: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| allowed || !is_private(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err(format!(
                    "{host} resolves only to private addresses (allow it in crawl.allow_private_hosts)"
                )
                .into());
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn private_addresses_are_refused_unless_allowed() {
        assert!(check_url(&url("http://127.0.0.1:8080/x"), &[]).is_err());
        assert!(check_url(&url("http://127.0.0.1:8080/x"), &["127.0.0.1".into()]).is_ok());
        assert!(check_url(&url("http://169.254.169.254/latest/meta-data"), &[]).is_err());
        assert!(check_url(&url("http://10.1.2.3/"), &[]).is_err());
        assert!(check_url(&url("http://[::1]/"), &[]).is_err());
        assert!(check_url(&url("http://[::1]/"), &["::1".into()]).is_ok());
        assert!(check_url(&url("http://[fd00:ec2::254]/"), &[]).is_err());
        assert!(check_url(&url("http://localhost/"), &[]).is_err());
        assert!(check_url(&url("file:///etc/passwd"), &[]).is_err());
        assert!(check_url(&url("https://example.com/"), &[]).is_ok());
    }
}
