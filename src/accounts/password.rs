//! Password hashing with Argon2id at OWASP's recommended parameters (19 MiB memory, 2
//! iterations, 1 lane), stored as PHC strings so parameters can rise later without breaking
//! existing hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Memory cost in KiB (19 MiB), iterations and parallelism: OWASP Password Storage Cheat Sheet.
const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;

/// The shortest and longest passwords accepted (NIST SP 800-63B: allow long passphrases).
pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 256;

fn hasher() -> Argon2<'static> {
    let params =
        Params::new(MEMORY_KIB, ITERATIONS, LANES, None).expect("OWASP parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Why a new password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    #[error("Use at least {MIN_LEN} characters.")]
    TooShort,
    #[error("Use at most {MAX_LEN} characters.")]
    TooLong,
}

/// Checks a new password against the policy (length only, as NIST recommends).
pub fn check_policy(password: &str) -> Result<(), PasswordPolicyError> {
    match password.chars().count() {
        n if n < MIN_LEN => Err(PasswordPolicyError::TooShort),
        n if n > MAX_LEN => Err(PasswordPolicyError::TooLong),
        _ => Ok(()),
    }
}

/// Hashes a password with a fresh random salt into a PHC string.
pub fn hash(password: &str) -> String {
    let salt = SaltString::encode_b64(&crate::oauth::secrets::random_bytes::<16>())
        .expect("16 bytes is a valid salt length");
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("hashing with valid parameters cannot fail")
        .to_string()
}

/// Whether `password` matches the stored PHC string (parameters are read from the string).
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the same work as a real verification, so a sign-in for an unknown email takes as
/// long as one for a known email with a wrong password.
pub fn verify_against_nothing(password: &str) {
    const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2lnbi1pbi1kZWNveQ$K3KxAbS3NF5I8KfPn1B3iXrqqTQCdM6Y8vEyg3ZcP1E";
    let _ = verify(password, DECOY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let stored = hash("correct horse battery");
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse batterY", &stored));
        assert_ne!(hash("correct horse battery"), stored, "salts are random");
    }

    #[test]
    fn garbage_hashes_never_verify() {
        assert!(!verify("anything", "not a phc string"));
        verify_against_nothing("anything");
    }

    #[test]
    fn policy_is_length_only() {
        assert_eq!(check_policy("short"), Err(PasswordPolicyError::TooShort));
        assert_eq!(
            check_policy(&"x".repeat(257)),
            Err(PasswordPolicyError::TooLong)
        );
        assert!(check_policy("ten chars!").is_ok());
    }
}
