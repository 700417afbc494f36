//! How a vendor's API is reached: its root for a connection, the session exchange or discovery
//! step, the headers that authenticate a call, the call behind "Test connection", the hook that
//! reads failures hidden in 200s or 500s, the concurrency the vendor allows, where its
//! picklists come from, and the request budget it publishes (paced per connection, and kept
//! fleet-wide per account). Data and small functions; the
//! engine (`../engine.rs`) does the I/O.

use super::budget::Budget;
use super::fields::Credentials;
use super::oauth::OAuthApi;
use super::pace::Pace;
use super::picklist::PicklistField;
use super::request::Call;
use super::upstream::{UpstreamError, UpstreamRequest, UpstreamResponse, VendorSession};

/// How a vendor's API is reached and authenticated.
#[derive(Debug)]
pub struct Upstream {
    /// The API root for these credentials (the platform, region or server they name).
    /// `UPSTREAM_OVERRIDES` replaces it for sandboxes and local mocks.
    pub base_url: fn(&Credentials) -> String,
    /// A token exchange or discovery step run before calls, cached sealed.
    pub session: Option<SessionExchange>,
    /// The headers that authenticate each call.
    pub auth: Auth,
    /// The cheapest authenticated call, used by "Test connection".
    pub verify: Verify,
    /// The media type of JSON request bodies (`application/vnd.api+json` for JSON:API).
    pub json_type: &'static str,
    /// Reads failures a vendor reports with a misleading status: GraphQL `errors` in a 200,
    /// Autotask's "IntegrationCode is invalid" in a 500. `None` when the answer is what its
    /// status says; [`UpstreamError::from_response`] then reads non-2xx answers.
    pub classify: Option<Classify>,
    /// How many calls may be in flight at once for one connection, per API resource.
    pub concurrency: Option<usize>,
    /// Where picklists (value ids and their labels) are read from, for vendors that have them.
    pub picklists: Option<Picklists>,
    /// The vendor's request budget, kept per connection before each call (Syncro's 180 a
    /// minute); `None` when the vendor publishes none or answers 429 with its own wait.
    pub pace: Option<Pace>,
    /// The vendor account's request budget, kept for the whole fleet by the governor
    /// (`src/governor/`); `None` when the vendor publishes none (the operator's
    /// `VENDOR_BUDGETS` may still set one).
    pub budget: Option<Budget>,
}

/// The placeholder an `UPSTREAM_OVERRIDES` URL may hold for the vendor's own API root.
pub const OWN_ROOT: &str = "{base}";

/// The API root a call goes to when `UPSTREAM_OVERRIDES` names one for the vendor: the
/// override itself, or, where it holds [`OWN_ROOT`], the override with the vendor's own root
/// for these credentials put in its place without the scheme
/// (`http://127.0.0.1:9100/{base}` → `http://127.0.0.1:9100/euapi.superops.ai/msp`), so a mock
/// sees which data centre or edition a connection chose.
pub fn overridden_root(override_url: &str, own: &str) -> String {
    if !override_url.contains(OWN_ROOT) {
        return override_url.to_owned();
    }
    let bare = own
        .split_once("://")
        .map_or(own, |(_, rest)| rest)
        .trim_end_matches('/');
    override_url.replace(OWN_ROOT, bare)
}

/// A vendor's reading of an answer into a failure: `Some` when the answer is one, whatever its
/// status. Given the secret values to redact from any vendor reason.
pub type Classify = fn(&UpstreamResponse, &[&str]) -> Option<UpstreamError>;

/// A token exchange (Datto's password grant) or discovery step (Autotask's zone lookup).
#[derive(Debug)]
pub struct SessionExchange {
    /// The request, given the credentials and the API root.
    pub request: fn(&Credentials, &str) -> UpstreamRequest,
    /// Reads the vendor's answer (2xx or not) into a session, given the API root and the
    /// secret values to redact from any vendor reason.
    pub parse: fn(&UpstreamResponse, &str, &[&str]) -> Result<VendorSession, UpstreamError>,
}

/// How each call is authenticated.
#[derive(Debug)]
pub enum Auth {
    /// One header carrying a credential field, after a fixed prefix (`Bearer `, or none).
    Header {
        name: &'static str,
        prefix: &'static str,
        field: &'static str,
    },
    /// `Authorization: Bearer <token>` from the vendor session.
    SessionBearer,
    /// Anything else (several headers, Basic, a session token plus a client id).
    Custom(HeaderFn),
    /// `Authorization: Bearer <token>` from the vendor's own OAuth 2 authorisation server:
    /// client credentials, or a person's sign-in kept fresh with its refresh token
    /// (`oauth.rs`). The engine obtains, caches and refreshes the token (`../tokens.rs`).
    OAuth(OAuthApi),
}

/// Headers computed from the credentials and the vendor session.
pub type Headers = Vec<(&'static str, String)>;
/// A vendor's own way of authenticating a call.
pub type HeaderFn = fn(&Credentials, Option<&VendorSession>) -> Headers;

impl Auth {
    /// The headers for one call.
    pub fn headers(&self, credentials: &Credentials, session: Option<&VendorSession>) -> Headers {
        match self {
            Self::Header {
                name,
                prefix,
                field,
            } => vec![(name, format!("{prefix}{}", credentials.get(field)))],
            Self::SessionBearer | Self::OAuth(_) => session
                .and_then(|s| s.token.as_deref())
                .map(|token| vec![("authorization", format!("Bearer {token}"))])
                .unwrap_or_default(),
            Self::Custom(headers) => headers(credentials, session),
        }
    }
}

impl Upstream {
    /// The vendor's OAuth 2 token source, when calls carry its tokens.
    pub fn oauth(&self) -> Option<&OAuthApi> {
        match &self.auth {
            Auth::OAuth(oauth) => Some(oauth),
            _ => None,
        }
    }
}

/// "Test connection": one read-only call of any kind and how to read its answer.
#[derive(Debug)]
pub struct Verify {
    /// The call (a GET of an account endpoint, an Autotask query, a GraphQL query).
    pub call: fn() -> Call,
    /// Checks a 2xx body; `Ok(Some(name))` names the account the keys belong to.
    pub check: fn(&[u8]) -> Result<Option<String>, String>,
}

/// Where a vendor's picklists are read: one call per entity, cached per connection.
#[derive(Debug)]
pub struct Picklists {
    /// The call that reads the field definitions of an entity.
    pub request: fn(&str) -> Call,
    /// Reads that answer into the entity's picklist fields.
    pub parse: fn(&[u8]) -> Result<Vec<PicklistField>, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_replaces_the_root_or_carries_it() {
        assert_eq!(
            overridden_root("http://127.0.0.1:9100", "https://api.superops.ai/msp"),
            "http://127.0.0.1:9100"
        );
        assert_eq!(
            overridden_root(
                "http://127.0.0.1:9100/{base}",
                "https://euapi.superops.ai/it/"
            ),
            "http://127.0.0.1:9100/euapi.superops.ai/it"
        );
    }
}
