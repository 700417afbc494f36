//! PKCE (RFC 7636) with the S256 method only: `plain` is refused, as OAuth 2.1 and the MCP
//! authorization spec recommend.

use super::error::OAuthError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Checks the `code_challenge` and `code_challenge_method` of an authorization request.
pub fn validate_challenge(
    challenge: Option<&str>,
    method: Option<&str>,
) -> Result<String, OAuthError> {
    let challenge = challenge.filter(|c| !c.is_empty()).ok_or_else(|| {
        OAuthError::invalid_request("code_challenge is required (PKCE with S256)")
    })?;
    match method {
        Some("S256") => {}
        None => {
            return Err(OAuthError::invalid_request(
                "code_challenge_method is required and must be S256",
            ))
        }
        Some(other) => {
            return Err(OAuthError::invalid_request(format!(
                "code_challenge_method {other} is not supported; use S256"
            )))
        }
    }
    // base64url of a SHA-256 digest, unpadded: exactly 43 characters.
    let decoded = URL_SAFE_NO_PAD
        .decode(challenge)
        .ok()
        .filter(|d| d.len() == 32);
    if challenge.len() != 43 || decoded.is_none() {
        return Err(OAuthError::invalid_request(
            "code_challenge must be the base64url-encoded SHA-256 of the code_verifier (43 characters)",
        ));
    }
    Ok(challenge.to_owned())
}

/// Checks a token request's `code_verifier` against the stored challenge.
pub fn verify(verifier: Option<&str>, challenge: &str) -> Result<(), OAuthError> {
    let verifier =
        verifier.ok_or_else(|| OAuthError::invalid_grant("code_verifier is required"))?;
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !well_formed {
        return Err(OAuthError::invalid_grant(
            "code_verifier must be 43-128 characters of [A-Z a-z 0-9 - . _ ~]",
        ));
    }
    let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if bool::from(computed.as_bytes().ct_eq(challenge.as_bytes())) {
        Ok(())
    } else {
        Err(OAuthError::invalid_grant(
            "code_verifier does not match the code_challenge",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::error::ErrorCode;

    // RFC 7636 Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn the_rfc_example_verifies() {
        assert_eq!(
            validate_challenge(Some(CHALLENGE), Some("S256")).unwrap(),
            CHALLENGE
        );
        verify(Some(VERIFIER), CHALLENGE).unwrap();
    }

    #[test]
    fn plain_missing_and_malformed_challenges_are_refused() {
        for (challenge, method, needle) in [
            (None, Some("S256"), "code_challenge is required"),
            (Some(CHALLENGE), None, "code_challenge_method is required"),
            (Some(VERIFIER), Some("plain"), "plain is not supported"),
            (Some("short"), Some("S256"), "43 characters"),
        ] {
            let error = validate_challenge(challenge, method).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidRequest);
            assert!(error.description.contains(needle), "{}", error.description);
        }
    }

    #[test]
    fn a_wrong_or_missing_verifier_is_invalid_grant() {
        let wrong = "A".repeat(43);
        for verifier in [
            None,
            Some(wrong.as_str()),
            Some("too-short"),
            Some(CHALLENGE),
        ] {
            assert_eq!(
                verify(verifier, CHALLENGE).unwrap_err().code,
                ErrorCode::InvalidGrant
            );
        }
    }
}
