//! CSRF protection by signed double submit: a random value in a `__Host-` cookie, and in each
//! form an HMAC of that value under a key derived from the configuration. A forged form has
//! neither the cookie (SameSite, host-only) nor a way to compute the MAC.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The cookie holding the random CSRF value.
pub const COOKIE: &str = "__Host-mgw_csrf";
/// The form field holding the MAC.
pub const FIELD: &str = "csrf_token";

fn mac(key: &[u8; 32], cookie_value: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(cookie_value.as_bytes());
    mac
}

/// The form token for a cookie value.
pub fn token_for(key: &[u8; 32], cookie_value: &str) -> String {
    URL_SAFE_NO_PAD.encode(mac(key, cookie_value).finalize().into_bytes())
}

/// Whether a submitted form token matches the cookie (constant time).
pub fn verify(key: &[u8; 32], cookie_value: Option<&str>, submitted: Option<&str>) -> bool {
    let (Some(cookie_value), Some(submitted)) = (cookie_value, submitted) else {
        return false;
    };
    let Ok(tag) = URL_SAFE_NO_PAD.decode(submitted) else {
        return false;
    };
    !cookie_value.is_empty() && mac(key, cookie_value).verify_slice(&tag).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_with_their_cookie_and_key() {
        let key = [7u8; 32];
        let token = token_for(&key, "cookie-a");
        assert!(verify(&key, Some("cookie-a"), Some(&token)));
        assert!(!verify(&key, Some("cookie-b"), Some(&token)));
        assert!(!verify(&[8u8; 32], Some("cookie-a"), Some(&token)));
        assert!(!verify(&key, None, Some(&token)));
        assert!(!verify(&key, Some("cookie-a"), None));
        assert!(!verify(&key, Some("cookie-a"), Some("!!not base64")));
        assert!(!verify(&key, Some(""), Some(&token_for(&key, ""))));
    }
}
