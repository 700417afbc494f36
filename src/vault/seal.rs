//! Sealing vendor credentials: AES-256-GCM under a key derived for one tenant and user.
//!
//! Pure crypto, no storage and no Worker types, so every rule is tested natively:
//! - the key is HKDF-SHA256 of a versioned master key (`CREDENTIAL_KEYS`), with the tenant
//!   and user as HKDF `info`: one user's key opens nothing of another's;
//! - every seal draws a fresh random 96-bit nonce;
//! - the associated data binds the ciphertext to what it belongs to (tenant, user, vendor,
//!   connection id, what it holds, and the plain settings that say where the vendor is) and to
//!   the key version, so a sealed value copied to another row, relabelled with another key
//!   version, or left in a row whose platform or server was changed, fails to open.

use crate::config::{KeyRing, VersionedKey};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hkdf::Hkdf;
use sha2::Sha256;

/// The HKDF salt and associated-data prefix: changing the format means a new label.
const LABEL: &[u8] = b"mcp-gateway/vault/v1";
/// AES-GCM's standard nonce size in bytes (96 bits).
pub const NONCE_LEN: usize = 12;
/// The authentication tag appended to every ciphertext, in bytes.
const TAG_LEN: usize = 16;

/// What a sealed value holds; part of the associated data, so one kind never opens as another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contents {
    /// The secret fields of a vendor connection, as the user entered them.
    Credentials,
    /// A short-lived vendor session (an access token or a discovered zone), cached in KV.
    VendorSession,
    /// A pending "Sign in with <vendor>" (its PKCE verifier and where it returns), kept in KV
    /// for the minutes the person spends at the vendor.
    SignIn,
    /// An organisation's alert or audit-stream destination: URL, signing secret, token
    /// (`src/webhooks/`).
    Webhook,
}

impl Contents {
    fn label(self) -> &'static str {
        match self {
            Self::Credentials => "credentials",
            Self::VendorSession => "vendor-session",
            Self::SignIn => "vendor-sign-in",
            Self::Webhook => "webhook",
        }
    }
}

/// The row a sealed value belongs to. Every field is bound into the ciphertext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<'a> {
    pub tenant_id: &'a str,
    pub user_id: &'a str,
    pub vendor: &'a str,
    pub connection_id: &'a str,
    /// The connection's plain settings as stored (platform, region, server…): they decide
    /// where the opened secrets are sent, so changing them must make the value unusable.
    pub settings: &'a str,
    pub contents: Contents,
}

/// A sealed value as stored: the id of the master key that sealed it, and
/// `base64url(nonce ‖ ciphertext ‖ tag)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_version: String,
    pub blob: String,
}

/// Why a sealed value did not open. The messages never include key material or plaintext.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// The key that sealed the value is no longer in `CREDENTIAL_KEYS`.
    #[error("credential key {0} is not configured (was it removed before re-sealing finished?)")]
    UnknownKeyVersion(String),
    /// The stored value is not base64url or is too short to hold a nonce and a tag.
    #[error("the sealed value is malformed")]
    Malformed,
    /// Authentication failed: wrong key, wrong row, or the value was altered.
    #[error("the sealed value does not open for this row (wrong key, wrong row or tampered)")]
    Rejected,
}

/// The AES-256 key of one tenant and user under one master key.
fn user_key(master: &VersionedKey, binding: &Binding<'_>) -> [u8; 32] {
    let mut info = Vec::new();
    push_field(&mut info, binding.tenant_id);
    push_field(&mut info, binding.user_id);
    let mut key = [0u8; 32];
    Hkdf::<Sha256>::new(Some(LABEL), master.bytes())
        .expand(&info, &mut key)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    key
}

/// The associated data: every field length-prefixed, so no two bindings encode alike.
fn associated_data(binding: &Binding<'_>, key_version: &str) -> Vec<u8> {
    let mut data = LABEL.to_vec();
    for field in [
        binding.contents.label(),
        binding.tenant_id,
        binding.user_id,
        binding.vendor,
        binding.connection_id,
        binding.settings,
        key_version,
    ] {
        push_field(&mut data, field);
    }
    data
}

fn push_field(out: &mut Vec<u8>, field: &str) {
    out.extend_from_slice(&(field.len() as u32).to_be_bytes());
    out.extend_from_slice(field.as_bytes());
}

/// Seals `plaintext` with the given nonce. Only [`seal`] (with a fresh random nonce) and tests
/// call it: a reused nonce would break AES-GCM.
fn seal_with_nonce(
    master: &VersionedKey,
    binding: &Binding<'_>,
    plaintext: &[u8],
    nonce: [u8; NONCE_LEN],
) -> Sealed {
    let cipher = Aes256Gcm::new(&user_key(master, binding).into());
    let aad = associated_data(binding, &master.id);
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        .expect("AES-GCM encryption of an in-memory buffer cannot fail");
    let mut blob = nonce.to_vec();
    blob.extend_from_slice(&ciphertext);
    Sealed {
        key_version: master.id.clone(),
        blob: URL_SAFE_NO_PAD.encode(blob),
    }
}

/// Seals `plaintext` for `binding` under the ring's current key, with a fresh random nonce.
pub fn seal(ring: &KeyRing, binding: &Binding<'_>, plaintext: &[u8]) -> Sealed {
    let nonce = crate::oauth::secrets::random_bytes::<NONCE_LEN>();
    seal_with_nonce(ring.current(), binding, plaintext, nonce)
}

/// Opens a sealed value for `binding` with whichever key of the ring sealed it.
pub fn open(ring: &KeyRing, binding: &Binding<'_>, sealed: &Sealed) -> Result<Vec<u8>, VaultError> {
    let master = ring
        .get(&sealed.key_version)
        .ok_or_else(|| VaultError::UnknownKeyVersion(sealed.key_version.clone()))?;
    let blob = URL_SAFE_NO_PAD
        .decode(&sealed.blob)
        .map_err(|_| VaultError::Malformed)?;
    if blob.len() < NONCE_LEN + TAG_LEN {
        return Err(VaultError::Malformed);
    }
    let (nonce, ciphertext) = blob.split_at(NONCE_LEN);
    let cipher = Aes256Gcm::new(&user_key(master, binding).into());
    let aad = associated_data(binding, &master.id);
    cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| VaultError::Rejected)
}

/// Re-seals a value under the ring's current key; `None` when it already uses that key.
pub fn reseal(
    ring: &KeyRing,
    binding: &Binding<'_>,
    sealed: &Sealed,
) -> Result<Option<Sealed>, VaultError> {
    if sealed.key_version == ring.current().id {
        return Ok(None);
    }
    let plaintext = open(ring, binding, sealed)?;
    Ok(Some(seal(ring, binding, &plaintext)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_V1: &str = "v1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    const KEY_V2: &str = "v2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8";

    fn ring(value: &str) -> KeyRing {
        KeyRing::parse("CREDENTIAL_KEYS", value).unwrap()
    }

    fn binding() -> Binding<'static> {
        Binding {
            tenant_id: "ten_a",
            user_id: "usr_a",
            vendor: "datto-rmm",
            connection_id: "con_a",
            settings: r#"{"platform":"merlot"}"#,
            contents: Contents::Credentials,
        }
    }

    const SECRET: &[u8] = br#"{"api_key":"K-123","api_secret":"S-456"}"#;

    #[test]
    fn round_trip_and_the_ciphertext_hides_the_plaintext() {
        let ring = ring(KEY_V1);
        let sealed = seal(&ring, &binding(), SECRET);
        assert_eq!(sealed.key_version, "v1");
        assert_eq!(open(&ring, &binding(), &sealed).unwrap(), SECRET);
        let raw = URL_SAFE_NO_PAD.decode(&sealed.blob).unwrap();
        assert_eq!(raw.len(), NONCE_LEN + SECRET.len() + TAG_LEN);
        assert!(!raw.windows(5).any(|w| w == b"K-123"));
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let ring = ring(KEY_V1);
        let a = seal(&ring, &binding(), SECRET);
        let b = seal(&ring, &binding(), SECRET);
        assert_ne!(a.blob, b.blob);
        assert_ne!(a.blob[..16], b.blob[..16], "the nonce prefix differs");
    }

    #[test]
    fn a_value_opens_only_for_its_own_row() {
        let ring = ring(KEY_V1);
        let sealed = seal(&ring, &binding(), SECRET);
        let others = [
            Binding {
                tenant_id: "ten_b",
                ..binding()
            },
            Binding {
                user_id: "usr_b",
                ..binding()
            },
            Binding {
                vendor: "itglue",
                ..binding()
            },
            Binding {
                connection_id: "con_b",
                ..binding()
            },
            Binding {
                contents: Contents::VendorSession,
                ..binding()
            },
            Binding {
                settings: r#"{"platform":"evil.example#"}"#,
                ..binding()
            },
        ];
        for other in others {
            assert_eq!(
                open(&ring, &other, &sealed),
                Err(VaultError::Rejected),
                "{other:?}"
            );
        }
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        // "ten_a" + "usr_ab" must not equal "ten_au" + "sr_ab" once encoded.
        let a = Binding {
            tenant_id: "ten_a",
            user_id: "usr_ab",
            ..binding()
        };
        let b = Binding {
            tenant_id: "ten_au",
            user_id: "sr_ab",
            ..binding()
        };
        assert_ne!(associated_data(&a, "v1"), associated_data(&b, "v1"));
        let ring = ring(KEY_V1);
        assert_eq!(
            open(&ring, &b, &seal(&ring, &a, SECRET)),
            Err(VaultError::Rejected)
        );
    }

    #[test]
    fn a_wrong_key_or_a_relabelled_version_fails() {
        let sealed = seal(&ring(KEY_V1), &binding(), SECRET);
        // Same id, different key material.
        let impostor = ring("v1:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8");
        assert_eq!(
            open(&impostor, &binding(), &sealed),
            Err(VaultError::Rejected)
        );
        // The right key bytes filed under another version id: the AD no longer matches.
        let relabelled = Sealed {
            key_version: "v9".into(),
            ..sealed.clone()
        };
        let ring_v9 = ring("v9:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
        assert_eq!(
            open(&ring_v9, &binding(), &relabelled),
            Err(VaultError::Rejected)
        );
        assert_eq!(
            open(&ring(KEY_V2), &binding(), &sealed),
            Err(VaultError::UnknownKeyVersion("v1".into()))
        );
    }

    #[test]
    fn tampering_with_nonce_ciphertext_or_tag_fails() {
        let ring = ring(KEY_V1);
        let sealed = seal(&ring, &binding(), SECRET);
        let raw = URL_SAFE_NO_PAD.decode(&sealed.blob).unwrap();
        for position in [0, NONCE_LEN - 1, NONCE_LEN, raw.len() / 2, raw.len() - 1] {
            let mut altered = raw.clone();
            altered[position] ^= 0x01;
            let tampered = Sealed {
                blob: URL_SAFE_NO_PAD.encode(&altered),
                ..sealed.clone()
            };
            assert_eq!(
                open(&ring, &binding(), &tampered),
                Err(VaultError::Rejected),
                "byte {position}"
            );
        }
        let truncated = Sealed {
            blob: URL_SAFE_NO_PAD.encode(&raw[..NONCE_LEN + TAG_LEN - 1]),
            ..sealed.clone()
        };
        assert_eq!(
            open(&ring, &binding(), &truncated),
            Err(VaultError::Malformed)
        );
        let not_base64 = Sealed {
            blob: "***".into(),
            ..sealed
        };
        assert_eq!(
            open(&ring, &binding(), &not_base64),
            Err(VaultError::Malformed)
        );
    }

    #[test]
    fn known_answer_for_a_fixed_nonce_is_stable() {
        let ring = ring(KEY_V1);
        let a = seal_with_nonce(ring.current(), &binding(), SECRET, [7; NONCE_LEN]);
        let b = seal_with_nonce(ring.current(), &binding(), SECRET, [7; NONCE_LEN]);
        assert_eq!(a, b);
        assert_eq!(open(&ring, &binding(), &a).unwrap(), SECRET);
    }

    #[test]
    fn rotation_keeps_every_credential_usable() {
        let old = ring(KEY_V1);
        let bindings: Vec<Binding> = ["con_1", "con_2", "con_3"]
            .into_iter()
            .map(|connection_id| Binding {
                connection_id,
                ..binding()
            })
            .collect();
        let sealed: Vec<Sealed> = bindings.iter().map(|b| seal(&old, b, SECRET)).collect();

        // v2 becomes current; v1 stays in the ring until re-sealing is done.
        let rotated = ring(&format!("{KEY_V2},{KEY_V1}"));
        for (b, s) in bindings.iter().zip(&sealed) {
            assert_eq!(open(&rotated, b, s).unwrap(), SECRET, "old rows still open");
        }
        let resealed: Vec<Sealed> = bindings
            .iter()
            .zip(&sealed)
            .map(|(b, s)| reseal(&rotated, b, s).unwrap().expect("needs re-sealing"))
            .collect();
        for (b, s) in bindings.iter().zip(&resealed) {
            assert_eq!(s.key_version, "v2");
            assert_eq!(reseal(&rotated, b, s).unwrap(), None, "already current");
        }
        // v1 retired: every re-sealed credential still opens.
        let retired = ring(KEY_V2);
        for (b, s) in bindings.iter().zip(&resealed) {
            assert_eq!(open(&retired, b, s).unwrap(), SECRET);
        }
        assert!(matches!(
            open(&retired, &bindings[0], &sealed[0]),
            Err(VaultError::UnknownKeyVersion(_))
        ));
    }
}
