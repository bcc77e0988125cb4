//! Rules of the fields that enrolment takes: names, endpoint, public key and token lifetime.

use std::net::IpAddr;

use tongban_i18n::Message;

use crate::fields::FieldErrors;

/// Maximum length of a portal name, in characters.
pub const NAME_MAX_CHARS: usize = 100;

/// Maximum length of an endpoint URL, in characters.
pub const ENDPOINT_MAX_CHARS: usize = 200;

/// Checks a portal name: not blank, at most [`NAME_MAX_CHARS`] characters.
pub(crate) fn check_name(errors: &mut FieldErrors, field: &'static str, name: &str) {
    if name.trim().is_empty() {
        errors.add(
            field,
            Message::new("federation-rule-required").arg("field", field),
        );
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.add(
            field,
            Message::new("federation-rule-too-long")
                .arg("field", field)
                .arg("max", NAME_MAX_CHARS),
        );
    }
}

/// Checks the public URL of a node: `https://`, or `http://` for a loopback host such as a
/// demo on one machine. The URL needs a host and has no user name, query, fragment or
/// trailing slash, because the hub appends paths such as `/auth/callback` to it.
pub(crate) fn check_endpoint(errors: &mut FieldErrors, field: &'static str, endpoint: &str) {
    let rule = || {
        Message::new("federation-rule-endpoint")
            .arg("field", field)
            .arg("value", endpoint)
    };
    if endpoint.chars().count() > ENDPOINT_MAX_CHARS || endpoint.ends_with('/') {
        errors.add(field, rule());
        return;
    }
    let Ok(url) = url::Url::parse(endpoint) else {
        errors.add(field, rule());
        return;
    };
    let secure = match url.scheme() {
        "https" => true,
        "http" => is_loopback(&url),
        _ => false,
    };
    let plain = url.host().is_some()
        && url.username().is_empty()
        && url.password().is_none()
        && url.query().is_none()
        && url.fragment().is_none();
    // `Url` adds a `/` path to a bare origin, so compare against the text as given.
    let round_trips = url.as_str().trim_end_matches('/') == endpoint;
    if !(secure && plain && round_trips) {
        errors.add(field, rule());
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(address)) => IpAddr::V4(address).is_loopback(),
        Some(url::Host::Ipv6(address)) => IpAddr::V6(address).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint_ok(endpoint: &str) -> bool {
        let mut errors = FieldErrors::new();
        check_endpoint(&mut errors, "endpoint", endpoint);
        errors.is_empty()
    }

    #[test]
    fn endpoint_rule() {
        for valid in [
            "https://gd.example.gov.cn",
            "https://example.gov.cn/gd",
            "https://gd.example.gov.cn:8443",
            "http://127.0.0.1:8401",
            "http://[::1]:8401",
            "http://localhost:8401",
        ] {
            assert!(endpoint_ok(valid), "{valid}");
        }
        for invalid in [
            "http://gd.example.gov.cn",
            "https://gd.example.gov.cn/",
            "https://gd.example.gov.cn?x=1",
            "https://gd.example.gov.cn#top",
            "https://user@gd.example.gov.cn",
            "ftp://gd.example.gov.cn",
            "gd.example.gov.cn",
            "https://GD.example.gov.cn",
            "",
        ] {
            assert!(!endpoint_ok(invalid), "{invalid}");
        }
    }

    #[test]
    fn name_rule() {
        let mut errors = FieldErrors::new();
        check_name(&mut errors, "name_zh", "广东政务服务网");
        check_name(&mut errors, "name_en", "  ");
        check_name(&mut errors, "name_x", &"名".repeat(101));
        assert!(errors.get("name_zh").is_none());
        assert!(errors.get("name_en").is_some());
        assert!(errors.get("name_x").is_some());
    }
}
