//! Purpose-bound keys derived from the configured key rings with HKDF-SHA256 (RFC 5869), so
//! one master secret never serves two purposes directly.

use crate::config::VersionedKey;
use hkdf::Hkdf;
use sha2::Sha256;

/// What a derived key is for; the label is the HKDF `info` and keeps purposes apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Signing access tokens (HS256).
    AccessToken,
    /// Binding CSRF form tokens to their cookie.
    Csrf,
    /// Sealing list cursors (`src/tools/cursor.rs`).
    ListCursor,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Self::AccessToken => b"mcp-gateway/access-token/v1",
            Self::Csrf => b"mcp-gateway/csrf/v1",
            Self::ListCursor => b"mcp-gateway/list-cursor/v1",
        }
    }
}

/// The 256-bit key for `purpose` derived from `master`.
pub fn derive(master: &VersionedKey, purpose: Purpose) -> [u8; 32] {
    let mut out = [0u8; 32];
    Hkdf::<Sha256>::new(None, master.bytes())
        .expand(purpose.label(), &mut out)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::KeyRing;

    #[test]
    fn purposes_get_different_keys_and_derivation_is_stable() {
        let ring = KeyRing::parse("T", "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8").unwrap();
        let key = ring.current();
        assert_eq!(derive(key, Purpose::Csrf), derive(key, Purpose::Csrf));
        assert_ne!(
            derive(key, Purpose::Csrf),
            derive(key, Purpose::AccessToken)
        );
        assert_ne!(&derive(key, Purpose::Csrf), key.bytes());
    }
}
