//! Access tokens: HS256 JWTs (`jwt-compact`) whose header `kid` names the signing key, so keys
//! rotate. Verification checks signature, expiry, issuer and audience; whether the grant is
//! still active is the resource server's next step (`resource.rs`).

use crate::config::KeyRing;
use crate::keys::{self, Purpose};
use chrono::{DateTime, Duration, TimeZone, Utc};
use jwt_compact::alg::{Hs256, Hs256Key};
use jwt_compact::{AlgorithmExt, Claims, Header, TimeOptions, UntrustedToken};
use serde::{Deserialize, Serialize};

/// The claims of every access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The issuer: the gateway's public origin.
    pub iss: String,
    /// The user the token acts for.
    pub sub: String,
    /// The one resource (vendor MCP URL) the token is valid for.
    pub aud: String,
    /// A unique token id.
    pub jti: String,
    /// The OAuth client the token was issued to.
    pub client_id: String,
    /// The user's tenant.
    pub tid: String,
    /// The grant the token belongs to (revoking it kills the token).
    pub gid: String,
    /// Space-delimited scopes.
    pub scope: String,
}

/// Why a presented access token is refused. Every variant maps to 401 `invalid_token`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not a well-formed JWT")]
    Malformed,
    #[error("the token was signed with an unknown or retired key")]
    UnknownKey,
    #[error("the token's signature is invalid")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
    #[error("the token claims to be issued in the future")]
    IssuedInFuture,
    #[error("the token was issued by another server")]
    WrongIssuer,
    #[error("the token was issued for {actual}, not this resource")]
    WrongAudience {
        /// The audience the token names.
        actual: String,
    },
}

/// How far ahead of this machine's clock a token's `iat` may be, in seconds.
const MAX_CLOCK_SKEW_SECONDS: i64 = 60;

fn signing_key(keys: &KeyRing, kid: &str) -> Option<Hs256Key> {
    keys.get(kid)
        .map(|key| Hs256Key::new(keys::derive(key, Purpose::AccessToken)))
}

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 0).single().unwrap_or_default()
}

/// Signs `claims` with the current key; the token expires `ttl_seconds` after `now`.
pub fn issue(keys: &KeyRing, claims: AccessClaims, now: i64, ttl_seconds: i64) -> String {
    let current = keys.current();
    let key = signing_key(keys, &current.id).expect("the current key is in the ring");
    let header = Header::empty()
        .with_key_id(current.id.clone())
        .with_token_type("at+jwt");
    let mut claims = Claims::new(claims);
    claims.expiration = Some(at(now + ttl_seconds));
    claims.issued_at = Some(at(now));
    Hs256
        .token(&header, &claims, &key)
        .expect("HS256 signing of serializable claims cannot fail")
}

/// Verifies a token's signature, expiry and issuer at time `now` (seconds), whatever its
/// audience: for the revocation endpoint, which accepts tokens for any vendor.
pub fn verify(
    keys: &KeyRing,
    token: &str,
    now: i64,
    issuer: &str,
) -> Result<AccessClaims, TokenError> {
    let untrusted = UntrustedToken::new(token).map_err(|_| TokenError::Malformed)?;
    if untrusted.algorithm() != "HS256" {
        return Err(TokenError::Malformed);
    }
    let kid = untrusted
        .header()
        .key_id
        .as_deref()
        .ok_or(TokenError::UnknownKey)?;
    let key = signing_key(keys, kid).ok_or(TokenError::UnknownKey)?;
    let verified = Hs256
        .validator::<AccessClaims>(&key)
        .validate(&untrusted)
        .map_err(|_| TokenError::BadSignature)?;
    let time = TimeOptions::new(Duration::zero(), move || at(now));
    let claims = verified.claims();
    if claims.expiration.is_none() || claims.validate_expiration(&time).is_err() {
        return Err(TokenError::Expired);
    }
    // Clocks drift a little between machines; a token from further ahead was not issued here.
    match claims.issued_at {
        Some(issued) if issued.timestamp() <= now + MAX_CLOCK_SKEW_SECONDS => {}
        _ => return Err(TokenError::IssuedInFuture),
    }
    if claims.custom.iss != issuer {
        return Err(TokenError::WrongIssuer);
    }
    Ok(claims.custom.clone())
}

/// Verifies a token as [`verify`] does, and that it was issued for exactly `audience`.
pub fn verify_for(
    keys: &KeyRing,
    token: &str,
    now: i64,
    issuer: &str,
    audience: &str,
) -> Result<AccessClaims, TokenError> {
    let claims = verify(keys, token, now, issuer)?;
    if claims.aud != audience {
        return Err(TokenError::WrongAudience { actual: claims.aud });
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    const B: &str = "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s";
    const ISS: &str = "https://mcp.example.com";
    const AUD: &str = "https://mcp.example.com/v1/datto-rmm";

    fn ring(value: &str) -> KeyRing {
        KeyRing::parse("TOKEN_SIGNING_KEYS", value).unwrap()
    }

    fn claims() -> AccessClaims {
        AccessClaims {
            iss: ISS.into(),
            sub: "usr_1".into(),
            aud: AUD.into(),
            jti: "jti_1".into(),
            client_id: "c_1".into(),
            tid: "ten_1".into(),
            gid: "grt_1".into(),
            scope: "tools:read".into(),
        }
    }

    #[test]
    fn a_token_from_the_future_is_refused_beyond_a_minute_of_skew() {
        let keys = ring(&format!("k1:{A}"));
        let ahead = issue(&keys, claims(), 1_000 + 61, 3_600);
        assert_eq!(
            verify_for(&keys, &ahead, 1_000, ISS, AUD),
            Err(TokenError::IssuedInFuture)
        );
        let skewed = issue(&keys, claims(), 1_000 + 60, 3_600);
        assert!(verify_for(&keys, &skewed, 1_000, ISS, AUD).is_ok());
    }

    #[test]
    fn a_fresh_token_verifies_for_its_audience() {
        let keys = ring(&format!("k1:{A}"));
        let token = issue(&keys, claims(), 1_000, 3_600);
        assert_eq!(
            verify_for(&keys, &token, 1_500, ISS, AUD).unwrap(),
            claims()
        );
    }

    #[test]
    fn verify_alone_accepts_any_of_our_audiences() {
        let keys = ring(&format!("k1:{A}"));
        let token = issue(&keys, claims(), 1_000, 3_600);
        assert_eq!(verify(&keys, &token, 1_001, ISS).unwrap().aud, AUD);
        assert_eq!(
            verify(&keys, &token, 1_001, "https://other.example"),
            Err(TokenError::WrongIssuer)
        );
    }

    #[test]
    fn expiry_is_exact() {
        let keys = ring(&format!("k1:{A}"));
        let token = issue(&keys, claims(), 1_000, 3_600);
        assert!(verify_for(&keys, &token, 4_599, ISS, AUD).is_ok());
        assert_eq!(
            verify_for(&keys, &token, 4_601, ISS, AUD),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn another_vendor_or_issuer_is_refused() {
        let keys = ring(&format!("k1:{A}"));
        let token = issue(&keys, claims(), 1_000, 3_600);
        assert_eq!(
            verify_for(
                &keys,
                &token,
                1_001,
                ISS,
                "https://mcp.example.com/v1/itglue"
            ),
            Err(TokenError::WrongAudience { actual: AUD.into() })
        );
        assert_eq!(
            verify_for(&keys, &token, 1_001, "https://other.example", AUD),
            Err(TokenError::WrongIssuer)
        );
    }

    #[test]
    fn tampering_and_foreign_keys_are_refused() {
        let keys = ring(&format!("k1:{A}"));
        let token = issue(&keys, claims(), 1_000, 3_600);
        let (head, rest) = token.split_once('.').unwrap();
        let (payload, signature) = rest.split_once('.').unwrap();
        let mut forged = payload.to_owned();
        forged.replace_range(10..11, if &payload[10..11] == "A" { "B" } else { "A" });
        let tampered = format!("{head}.{forged}.{signature}");
        assert!(matches!(
            verify_for(&keys, &tampered, 1_001, ISS, AUD),
            Err(TokenError::BadSignature | TokenError::Malformed)
        ));
        let same_kid_other_key = ring(&format!("k1:{B}"));
        assert_eq!(
            verify_for(&same_kid_other_key, &token, 1_001, ISS, AUD),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            verify_for(&ring(&format!("k9:{A}")), &token, 1_001, ISS, AUD),
            Err(TokenError::UnknownKey)
        );
        assert_eq!(
            verify_for(&keys, "not-a-jwt", 1_001, ISS, AUD),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn rotation_keeps_old_tokens_valid_until_the_key_is_removed() {
        let old = ring(&format!("k1:{A}"));
        let token = issue(&old, claims(), 1_000, 3_600);
        let rotated = ring(&format!("k2:{B},k1:{A}"));
        assert!(verify_for(&rotated, &token, 1_001, ISS, AUD).is_ok());
        let new_token = issue(&rotated, claims(), 1_000, 3_600);
        assert_eq!(
            verify_for(&old, &new_token, 1_001, ISS, AUD),
            Err(TokenError::UnknownKey)
        );
    }
}
