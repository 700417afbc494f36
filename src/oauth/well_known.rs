//! `/.well-known/*` discovery: authorization server metadata (RFC 8414, plus the OpenID
//! Connect discovery URL clients also try) and protected resource metadata (RFC 9728) at the
//! root and for each vendor endpoint.

use super::metadata::Mount;
use super::{metadata, respond};
use crate::config::Config;
use crate::vendors::Vendor;
use worker::{Response, Result};

/// `GET /.well-known/oauth-authorization-server` and `/.well-known/openid-configuration`.
pub fn authorization_server(config: &Config) -> Result<Response> {
    respond::document(&metadata::authorization_server(config.origin()))
}

/// `GET /.well-known/oauth-protected-resource/v1/<vendor>` (or `/<vendor>/mcp`).
pub fn protected_resource(config: &Config, vendor: &Vendor, mount: Mount) -> Result<Response> {
    respond::document(&metadata::protected_resource(
        config.origin(),
        vendor,
        mount,
    ))
}

/// `GET /.well-known/oauth-protected-resource`.
pub fn root_protected_resource(config: &Config) -> Result<Response> {
    respond::document(&metadata::root_protected_resource(config.origin()))
}
