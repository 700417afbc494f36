//! Discovery documents: authorization server metadata (RFC 8414, also served at the OpenID
//! discovery URL) and protected resource metadata (RFC 9728) for each vendor endpoint.

use super::scopes::Scope;
use crate::vendors::Vendor;
use serde_json::{json, Value};

/// The scopes a protected resource advertises: the minimum for basic use (`offline_access`
/// belongs to the authorization server's list only, per the MCP authorization spec).
pub const RESOURCE_SCOPES: [Scope; 1] = [Scope::ToolsRead];

/// Where a vendor's MCP endpoint is mounted: `/v1/<vendor>`, or the alias `/<vendor>/mcp`
/// for clients configured with that shape of URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mount {
    V1,
    Alias,
}

impl Mount {
    /// The endpoint's path.
    pub fn path(self, vendor: &Vendor) -> String {
        match self {
            Self::V1 => format!("/v1/{}", vendor.id),
            Self::Alias => format!("/{}/mcp", vendor.id),
        }
    }
}

/// The resource identifier of a vendor: the audience of its tokens, whichever mount they
/// were asked for at (both mounts are one resource server).
pub fn resource_url(origin: &str, vendor: &Vendor) -> String {
    format!("{origin}{}", Mount::V1.path(vendor))
}

/// Where the protected resource metadata of a vendor's mount lives (RFC 9728 §3.1: the
/// well-known prefix before the resource's path).
pub fn resource_metadata_url(origin: &str, vendor: &Vendor, mount: Mount) -> String {
    format!(
        "{origin}/.well-known/oauth-protected-resource{}",
        mount.path(vendor)
    )
}

/// RFC 8414 metadata; `origin` is the issuer.
pub fn authorization_server(origin: &str) -> Value {
    let scopes: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
    json!({
        "issuer": origin,
        "authorization_endpoint": format!("{origin}/oauth/authorize"),
        "token_endpoint": format!("{origin}/oauth/token"),
        "registration_endpoint": format!("{origin}/oauth/register"),
        "revocation_endpoint": format!("{origin}/oauth/revoke"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none", "client_secret_post", "client_secret_basic"],
        "revocation_endpoint_auth_methods_supported": ["none", "client_secret_post", "client_secret_basic"],
        "scopes_supported": scopes,
        "client_id_metadata_document_supported": true,
        "authorization_response_iss_parameter_supported": true,
        "service_documentation": format!("{origin}/"),
    })
}

/// RFC 9728 metadata for one vendor endpoint; `resource` is the mount's URL, which clients
/// require to prefix the URL they connect to.
pub fn protected_resource(origin: &str, vendor: &Vendor, mount: Mount) -> Value {
    let scopes: Vec<&str> = RESOURCE_SCOPES.iter().map(|s| s.as_str()).collect();
    json!({
        "resource": format!("{origin}{}", mount.path(vendor)),
        "authorization_servers": [origin],
        "scopes_supported": scopes,
        "bearer_methods_supported": ["header"],
        "resource_name": format!("{} via MCP Gateway", vendor.name),
        "resource_documentation": format!("{origin}/"),
    })
}

/// RFC 9728 metadata at the root: the gateway as a whole. Clients that only find this one
/// choose the vendor on the consent page.
pub fn root_protected_resource(origin: &str) -> Value {
    let scopes: Vec<&str> = RESOURCE_SCOPES.iter().map(|s| s.as_str()).collect();
    json!({
        "resource": origin,
        "authorization_servers": [origin],
        "scopes_supported": scopes,
        "bearer_methods_supported": ["header"],
        "resource_name": "MCP Gateway",
        "resource_documentation": format!("{origin}/"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors;

    #[test]
    fn issuer_is_the_origin_exactly_and_only_s256_is_offered() {
        let doc = authorization_server("https://mcp.example.com");
        assert_eq!(doc["issuer"], "https://mcp.example.com");
        assert_eq!(doc["code_challenge_methods_supported"], json!(["S256"]));
        assert_eq!(doc["client_id_metadata_document_supported"], true);
        assert!(doc["token_endpoint_auth_methods_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("none")));
        assert!(doc["scopes_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("offline_access")));
    }

    #[test]
    fn each_vendor_is_its_own_resource() {
        let datto = vendors::find("datto-rmm").unwrap();
        let doc = protected_resource("https://mcp.example.com", datto, Mount::V1);
        assert_eq!(doc["resource"], "https://mcp.example.com/v1/datto-rmm");
        let alias = protected_resource("https://mcp.example.com", datto, Mount::Alias);
        assert_eq!(alias["resource"], "https://mcp.example.com/datto-rmm/mcp");
        assert_eq!(
            resource_metadata_url("https://mcp.example.com", datto, Mount::Alias),
            "https://mcp.example.com/.well-known/oauth-protected-resource/datto-rmm/mcp"
        );
        assert_eq!(
            doc["authorization_servers"],
            json!(["https://mcp.example.com"])
        );
        assert!(!doc["scopes_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("offline_access")));
    }
}
