//! The resource-server check every `/v1/<vendor>` request passes: a bearer token signed by
//! the gateway, unexpired, issued for exactly this vendor's URL, whose grant is still active.
//! Failures are 401 with a `WWW-Authenticate` challenge pointing at the vendor's resource
//! metadata (RFC 6750 §3, RFC 9728 §5.1); a missing scope is 403 `insufficient_scope`.

use super::access_token::{self, AccessClaims};
use super::metadata::{self, Mount};
use super::scopes::{Scope, ScopeSet};
use super::store;
use crate::config::Config;
use crate::db::{self, Db};
use crate::http;
use crate::vault::connections::Connection;
use crate::vendors::Vendor;
use worker::{Request, Response, Result};

/// Who is calling, established from a verified access token.
#[derive(Debug, Clone)]
pub struct Principal {
    pub tenant_id: String,
    pub user_id: String,
    pub client_id: String,
    pub grant_id: String,
    /// The vendor connection the grant was issued for.
    pub connection_id: Option<String>,
    /// That connection as stored, read with the grant.
    pub connection: Option<Connection>,
    /// When the organisation was paused (every connection held back), read with the grant.
    pub tenant_paused_at: Option<i64>,
    pub vendor: &'static Vendor,
    pub scopes: ScopeSet,
}

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    /// No bearer token was sent.
    Missing,
    /// A token was sent but cannot be used; the text says why.
    Invalid(String),
    /// The token lacks a scope this operation needs: `wanted` is what to ask for (the held
    /// scopes and the missing one), `missing` the one the operation needs.
    Insufficient { wanted: ScopeSet, missing: Scope },
}

/// The sentence that tells the person how to get `missing` for this app: the user decides on
/// the settings page, whatever the client's own step-up does.
pub fn insufficient_description(origin: &str, missing: Scope) -> String {
    format!(
        "this operation needs {missing}; the user can allow it for this app at {origin}/settings/apps, then try again",
        missing = missing.as_str()
    )
}

fn quoted(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "'")
}

/// The status and `WWW-Authenticate` value for a denial.
pub fn challenge(origin: &str, vendor: &Vendor, mount: Mount, denial: &Denial) -> (u16, String) {
    let metadata = metadata::resource_metadata_url(origin, vendor, mount);
    let base_scope: Vec<&str> = metadata::RESOURCE_SCOPES
        .iter()
        .map(|s| s.as_str())
        .collect();
    let base_scope = base_scope.join(" ");
    match denial {
        Denial::Missing => (401, format!("Bearer resource_metadata=\"{metadata}\", scope=\"{base_scope}\"")),
        Denial::Invalid(why) => (
            401,
            format!(
                "Bearer resource_metadata=\"{metadata}\", scope=\"{base_scope}\", error=\"invalid_token\", error_description=\"{}\"",
                quoted(why)
            ),
        ),
        Denial::Insufficient { wanted, missing } => (
            403,
            format!(
                "Bearer resource_metadata=\"{metadata}\", scope=\"{wanted}\", error=\"insufficient_scope\", error_description=\"{}\"",
                quoted(&insufficient_description(origin, *missing))
            ),
        ),
    }
}

/// The response for a denial: the challenge header and a JSON body saying the same.
pub fn deny(config: &Config, vendor: &Vendor, mount: Mount, denial: &Denial) -> Result<Response> {
    let (status, header) = challenge(config.origin(), vendor, mount, denial);
    let (code, description) = match denial {
        Denial::Missing => (
            "invalid_token",
            "an access token is required; discover how to get one from the resource metadata"
                .to_owned(),
        ),
        Denial::Invalid(why) => ("invalid_token", why.clone()),
        Denial::Insufficient { missing, .. } => (
            "insufficient_scope",
            insufficient_description(config.origin(), *missing),
        ),
    };
    let mut response = http::error(status, code, &description)?;
    http::set_header(&mut response, "www-authenticate", &header)?;
    super::respond::allow_cors(&mut response)?;
    Ok(response)
}

/// Verifies the request's bearer token for `vendor`, without storage: signature, expiry,
/// issuer and audience. [`admit`] then checks its grant.
pub fn verify(
    req: &Request,
    config: &Config,
    vendor: &'static Vendor,
) -> Result<std::result::Result<AccessClaims, Denial>> {
    let header = req.headers().get("authorization")?;
    let Some(header) = header else {
        return Ok(Err(Denial::Missing));
    };
    let Some(token) = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
    else {
        return Ok(Err(Denial::Invalid(
            "use the Bearer authorization scheme".into(),
        )));
    };
    let audience = metadata::resource_url(config.origin(), vendor);
    Ok(access_token::verify_for(
        &config.token_signing_keys,
        token.trim(),
        db::now(),
        config.origin(),
        &audience,
    )
    .map_err(|error| Denial::Invalid(error.to_string())))
}

/// The principal behind verified claims, if their grant is still live: read on every request
/// (with the grant's connection, in the same query), so a revocation takes effect at once.
pub async fn admit(
    db: &Db,
    vendor: &'static Vendor,
    claims: AccessClaims,
) -> Result<std::result::Result<Principal, Denial>> {
    let Some(grant) = store::active_grant(db, &claims.gid, &claims.sub, &claims.tid).await? else {
        return Ok(Err(Denial::Invalid(
            "the grant behind this token has been revoked".into(),
        )));
    };
    Ok(Ok(Principal {
        tenant_id: claims.tid,
        user_id: claims.sub,
        client_id: claims.client_id,
        grant_id: claims.gid,
        connection_id: grant.connection_id,
        connection: grant.connection,
        tenant_paused_at: grant.tenant_paused_at,
        vendor,
        // A permission the user lowered on the settings page is gone at once; a raised one
        // arrives with the next token.
        scopes: ScopeSet::parse(&claims.scope)
            .unwrap_or_default()
            .intersect(&ScopeSet::parse(&grant.scope).unwrap_or_default()),
    }))
}

/// Checks that the principal holds `scope` (step-up via 403 otherwise).
pub fn require(principal: &Principal, scope: Scope) -> std::result::Result<(), Denial> {
    if principal.scopes.contains(scope) {
        Ok(())
    } else {
        Err(Denial::Insufficient {
            wanted: principal.scopes.iter().chain([scope]).collect(),
            missing: scope,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors;

    #[test]
    fn challenges_point_at_the_vendors_metadata() {
        let datto = vendors::find("datto-rmm").unwrap();
        let (status, header) = challenge(
            "https://mcp.example.com",
            datto,
            Mount::V1,
            &Denial::Missing,
        );
        assert_eq!(status, 401);
        assert_eq!(
            header,
            "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/v1/datto-rmm\", scope=\"tools:read\""
        );
        let (status, header) = challenge(
            "https://mcp.example.com",
            datto,
            Mount::V1,
            &Denial::Invalid("the \"token\" expired".into()),
        );
        assert_eq!(status, 401);
        assert!(header.contains("error=\"invalid_token\""));
        assert!(header.contains("error_description=\"the 'token' expired\""));
        let needed = ScopeSet::parse("tools:read tools:write").unwrap();
        let (status, header) = challenge(
            "https://mcp.example.com",
            datto,
            Mount::V1,
            &Denial::Insufficient {
                wanted: needed,
                missing: Scope::ToolsWrite,
            },
        );
        assert_eq!(status, 403);
        assert!(header.contains("error=\"insufficient_scope\""));
        assert!(header.contains("scope=\"tools:read tools:write\""));
        assert!(header.contains(
            "error_description=\"this operation needs tools:write; the user can allow it for this app at https://mcp.example.com/settings/apps, then try again\""
        ));
    }
}
