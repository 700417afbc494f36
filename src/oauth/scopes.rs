//! The scopes a grant can carry, and parsing of space-delimited scope strings (RFC 6749 §3.3).

use super::error::{ErrorCode, OAuthError};

/// One permission a client can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// Call read-only tools.
    ToolsRead,
    /// Call tools that change data at the vendor.
    ToolsWrite,
    /// Reveal stored secrets (IT Glue passwords); only ever granted by an explicit tick.
    SecretsRead,
    /// Keep access while the user is away (refresh tokens).
    OfflineAccess,
}

impl Scope {
    /// Every scope, in display order.
    pub const ALL: [Scope; 4] = [
        Scope::ToolsRead,
        Scope::ToolsWrite,
        Scope::SecretsRead,
        Scope::OfflineAccess,
    ];

    /// The scope's wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ToolsRead => "tools:read",
            Self::ToolsWrite => "tools:write",
            Self::SecretsRead => "secrets:read",
            Self::OfflineAccess => "offline_access",
        }
    }

    /// What granting the scope allows, for the consent page.
    pub fn describe(self) -> &'static str {
        match self {
            Self::ToolsRead => "Read data from the vendor (devices, sites, alerts, documents)",
            Self::ToolsWrite => "Make changes at the vendor (resolve alerts, run jobs)",
            Self::SecretsRead => "Reveal stored passwords (each reveal is audited)",
            Self::OfflineAccess => "Stay connected while you are away (refresh tokens)",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == name)
    }
}

/// A set of scopes, kept sorted and without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeSet(Vec<Scope>);

impl ScopeSet {
    /// The scopes granted when a client asks for none: everything but writes and secrets.
    pub fn default_request() -> Self {
        Self::from_iter([Scope::ToolsRead, Scope::OfflineAccess])
    }

    /// Parses a space-delimited scope string; an unknown scope is `invalid_scope`.
    pub fn parse(text: &str) -> Result<Self, OAuthError> {
        text.split(' ')
            .filter(|part| !part.is_empty())
            .map(|name| {
                Scope::parse(name).ok_or_else(|| {
                    OAuthError::new(ErrorCode::InvalidScope, format!("unknown scope {name}"))
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self::from_iter)
    }

    /// Whether the set holds `scope`.
    pub fn contains(&self, scope: Scope) -> bool {
        self.0.contains(&scope)
    }

    /// Whether every scope of `other` is in this set.
    pub fn covers(&self, other: &ScopeSet) -> bool {
        other.0.iter().all(|scope| self.contains(*scope))
    }

    /// The scopes in both sets.
    pub fn intersect(&self, other: &ScopeSet) -> ScopeSet {
        Self::from_iter(
            self.0
                .iter()
                .copied()
                .filter(|scope| other.contains(*scope)),
        )
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The scopes, sorted.
    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }
}

impl FromIterator<Scope> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        let mut scopes: Vec<Scope> = iter.into_iter().collect();
        scopes.sort();
        scopes.dedup();
        Self(scopes)
    }
}

impl std::fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|scope| scope.as_str()).collect();
        f.write_str(&names.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sorts_and_dedups() {
        let set = ScopeSet::parse("tools:write  tools:read tools:write").unwrap();
        assert_eq!(set.to_string(), "tools:read tools:write");
        assert!(ScopeSet::parse("").unwrap().is_empty());
    }

    #[test]
    fn unknown_scopes_are_invalid_scope() {
        let error = ScopeSet::parse("tools:read admin").unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidScope);
        assert!(error.description.contains("admin"));
    }

    #[test]
    fn coverage_and_intersection() {
        let granted = ScopeSet::parse("tools:read offline_access").unwrap();
        assert!(granted.covers(&ScopeSet::parse("tools:read").unwrap()));
        assert!(!granted.covers(&ScopeSet::parse("tools:write").unwrap()));
        let asked = ScopeSet::parse("tools:read tools:write").unwrap();
        assert_eq!(granted.intersect(&asked).to_string(), "tools:read");
    }
}
