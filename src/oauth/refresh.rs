//! Refresh-token rotation rules, decided purely from what is stored about the presented token.
//!
//! Each grant has at most one `active` refresh token. Using it rotates it: it becomes
//! `rotated` and a new active token is issued (the compare-and-set in `store.rs` lets only one
//! of two concurrent uses win). A client whose response got lost, or that sent the same
//! refresh twice at once, retries with the token it still holds: within a window of a few
//! seconds after the rotation (`REFRESH_GRACE_SECONDS`), the immediately previous token may be
//! used **once** more — the successor it was never given is `discarded` and a new one issued,
//! and the retry is recorded so it cannot happen again. Any other use of a rotated token — a
//! second retry, or one after the window — is reuse of a stolen token, so the whole grant is
//! revoked (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2).

use super::error::OAuthError;

/// The lifecycle state of a stored refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenStatus {
    /// The grant's current token.
    Active,
    /// Exchanged for a successor at `rotated_at` (seconds).
    Rotated { rotated_at: i64 },
    /// A successor issued to a lost response and replaced by a retry; never valid again.
    Discarded,
}

/// What is known about a presented refresh token when it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presented {
    /// Its state.
    pub status: TokenStatus,
    /// When it stops being usable (seconds).
    pub expires_at: i64,
    /// Whether its grant was revoked.
    pub grant_revoked: bool,
    /// Whether the client presenting it is the one it was issued to.
    pub same_client: bool,
    /// Whether the grant's active token is this token's direct successor.
    pub parent_of_active: bool,
    /// Whether this token's one retry was already spent.
    pub retried: bool,
}

/// What the token endpoint does with a refresh request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Rotate: this token becomes `rotated`, a new one is issued.
    Rotate,
    /// The one retry within the window: spend it, discard the active successor and issue a
    /// new one.
    ReplaceSuccessor,
    /// Refuse with `invalid_grant`, changing nothing.
    Refuse(OAuthError),
    /// Reuse detected: revoke the grant, then refuse with `invalid_grant`.
    RevokeGrant(OAuthError),
}

/// Decides what a refresh with this token does at `now`, with a `grace_seconds` retry window.
pub fn decide(token: &Presented, now: i64, grace_seconds: i64) -> Decision {
    if !token.same_client {
        return Decision::Refuse(OAuthError::invalid_grant(
            "the refresh token was issued to another client",
        ));
    }
    if token.grant_revoked {
        return Decision::Refuse(OAuthError::invalid_grant("the grant has been revoked"));
    }
    if now >= token.expires_at {
        return Decision::Refuse(OAuthError::invalid_grant("the refresh token has expired"));
    }
    match token.status {
        TokenStatus::Active => Decision::Rotate,
        TokenStatus::Discarded => Decision::Refuse(OAuthError::invalid_grant(
            "the refresh token was superseded by a retried refresh",
        )),
        TokenStatus::Rotated { rotated_at } => {
            if token.retried {
                Decision::RevokeGrant(OAuthError::invalid_grant(
                    "the refresh token was already used; the grant is revoked as a precaution (its one retry was already spent)",
                ))
            } else if token.parent_of_active && now - rotated_at <= grace_seconds {
                Decision::ReplaceSuccessor
            } else {
                Decision::RevokeGrant(OAuthError::invalid_grant(
                    "the refresh token was already used; the grant is revoked as a precaution",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::error::ErrorCode;

    const GRACE: i64 = 2;

    fn token(status: TokenStatus) -> Presented {
        Presented {
            status,
            expires_at: 10_000,
            grant_revoked: false,
            same_client: true,
            parent_of_active: true,
            retried: false,
        }
    }

    #[test]
    fn an_active_token_rotates() {
        assert_eq!(
            decide(&token(TokenStatus::Active), 100, GRACE),
            Decision::Rotate
        );
    }

    #[test]
    fn the_previous_token_is_honoured_inside_the_grace_window_only() {
        let previous = token(TokenStatus::Rotated { rotated_at: 100 });
        assert_eq!(
            decide(&previous, 100 + GRACE, GRACE),
            Decision::ReplaceSuccessor
        );
        assert!(matches!(
            decide(&previous, 101 + GRACE, GRACE),
            Decision::RevokeGrant(_)
        ));
    }

    #[test]
    fn a_replay_is_honoured_once_at_plus_zero_and_revokes_at_plus_five() {
        let rotated = token(TokenStatus::Rotated { rotated_at: 100 });
        assert_eq!(
            decide(&rotated, 100, GRACE),
            Decision::ReplaceSuccessor,
            "a retried request right after the rotation"
        );
        let retried = Presented {
            retried: true,
            ..rotated.clone()
        };
        match decide(&retried, 100, GRACE) {
            Decision::RevokeGrant(error) => {
                assert_eq!(error.code, ErrorCode::InvalidGrant);
                assert!(
                    error.description.contains("one retry was already spent"),
                    "{error:?}"
                );
            }
            other => panic!("a second replay must revoke, got {other:?}"),
        }
        assert!(
            matches!(decide(&rotated, 105, GRACE), Decision::RevokeGrant(_)),
            "five seconds on is no retry"
        );
    }

    #[test]
    fn an_older_rotated_token_revokes_the_grant_even_inside_the_window() {
        let older = Presented {
            parent_of_active: false,
            ..token(TokenStatus::Rotated { rotated_at: 100 })
        };
        match decide(&older, 101, GRACE) {
            Decision::RevokeGrant(error) => assert_eq!(error.code, ErrorCode::InvalidGrant),
            other => panic!("expected revocation, got {other:?}"),
        }
    }

    #[test]
    fn dead_tokens_are_refused_without_revoking() {
        let cases = [
            Presented {
                expires_at: 100,
                ..token(TokenStatus::Active)
            },
            Presented {
                grant_revoked: true,
                ..token(TokenStatus::Active)
            },
            Presented {
                same_client: false,
                ..token(TokenStatus::Active)
            },
            token(TokenStatus::Discarded),
        ];
        for case in cases {
            assert!(
                matches!(decide(&case, 100, GRACE), Decision::Refuse(_)),
                "{case:?}"
            );
        }
    }
}
