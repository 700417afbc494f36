//! Opaque secrets the gateway issues (authorization codes, refresh tokens, client secrets,
//! browser session ids) and ids for the rows it creates. Secrets are stored only as hashes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Random bytes from the platform CSPRNG (`crypto.getRandomValues` on Workers).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("the platform CSPRNG is available");
    bytes
}

/// A new secret: a readable prefix naming its kind, then 256 random bits in base64url.
pub fn new_secret(prefix: &str) -> String {
    format!("{prefix}_{}", URL_SAFE_NO_PAD.encode(random_bytes::<32>()))
}

/// A new row id: a prefix naming its kind, then 128 random bits in base64url.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", URL_SAFE_NO_PAD.encode(random_bytes::<16>()))
}

/// The hash under which a secret is stored and looked up. The secrets carry 256 bits of
/// entropy, so a fast unsalted hash suffices: nothing about them can be guessed.
pub fn hash(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_prefixed_random_and_hash_stably() {
        let a = new_secret("rt");
        let b = new_secret("rt");
        assert!(a.starts_with("rt_") && a.len() == 3 + 43);
        assert_ne!(a, b);
        assert_eq!(hash(&a), hash(&a));
        assert_ne!(hash(&a), hash(&b));
        assert!(!hash(&a).contains(&a[3..]));
        assert_eq!(new_id("usr").len(), 4 + 22);
    }
}
