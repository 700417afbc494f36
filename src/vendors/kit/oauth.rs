//! OAuth 2 against a vendor's own authorisation server (HaloPSA's): a token by client
//! credentials (always with a scope), or a person's "Sign in with <vendor>" (authorization code
//! with PKCE) kept fresh with its refresh token. The `oauth2` crate does the protocol
//! (requests, PKCE, state, answers); the caller supplies the HTTP as an async function (the
//! engine's `fetch` in the Worker, a fake in native tests), so this module stays pure.
//!
//! A vendor declares an [`OAuthApi`] as its [`super::api::Auth::OAuth`]; `../tokens.rs` runs it.

use super::fields::{Credentials, Field};
use super::upstream::{UpstreamError, UpstreamRequest, UpstreamResponse, VendorSession, Verb};
use oauth2::basic::{BasicClient, BasicErrorResponseType, BasicTokenResponse};
use oauth2::{
    AsyncHttpClient, AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    HttpRequest, HttpResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RequestTokenError, Scope, TokenResponse, TokenUrl,
};

/// How a vendor's API gets its bearer tokens from the vendor's authorisation server.
#[derive(Debug)]
pub struct OAuthApi {
    /// The authorisation server's endpoints, given the credentials and the API root (or the
    /// configured override of it).
    pub endpoints: fn(&Credentials, &str) -> Endpoints,
    /// The grant a connection's stored credentials ask a token with.
    pub grant: fn(&Credentials) -> Grant,
    /// "Sign in with <vendor>", when the vendor offers it.
    pub sign_in: Option<SignIn>,
}

/// Where the authorisation server is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The authorization endpoint the person's browser is sent to.
    pub authorize: String,
    /// The token endpoint the gateway calls.
    pub token: String,
}

/// A token request from stored credentials.
#[derive(Clone, PartialEq, Eq)]
pub enum Grant {
    /// A service account: client id and secret, and the scope asked for (never empty: some
    /// vendors issue a token that can read nothing without one).
    ClientCredentials {
        client_id: String,
        client_secret: String,
        scope: String,
    },
    /// A person's sign-in: the refresh token it left, for a public (PKCE) client.
    Refresh {
        client_id: String,
        refresh_token: String,
    },
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ClientCredentials { scope, .. } => f
                .debug_struct("ClientCredentials")
                .field("scope", scope)
                .finish_non_exhaustive(),
            Self::Refresh { .. } => f.debug_struct("Refresh").finish_non_exhaustive(),
        }
    }
}

/// "Sign in with <vendor>": the form that starts it and the credentials it leaves.
#[derive(Debug)]
pub struct SignIn {
    /// The fields the sign-in form asks for (where the vendor is, the application's client
    /// id); read with the connect form's rules.
    pub fields: &'static [Field],
    /// The field holding the application's client id.
    pub client_id_field: &'static str,
    /// The secret the refresh token is sealed under, with the connection's other secrets.
    pub refresh_field: &'static str,
    /// The scopes asked for, space-separated.
    pub scope: &'static str,
    /// How to register the application at the vendor, step by step, for the connect page.
    pub steps: &'static [&'static str],
}

/// What one token request returned.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    pub access_token: String,
    /// A refresh token, when the server issued one (a sign-in, or a rotation on refresh).
    pub refresh_token: Option<String>,
    /// Seconds the access token lives, when the server says.
    pub expires_in: Option<u64>,
    /// The scopes granted, when the server says.
    pub scope: Option<String>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// How long before the stated expiry a cached access token is dropped, in seconds.
const EXPIRY_MARGIN: u64 = 60;
/// The lifetime assumed when the server does not state one (Halo's is an hour).
const DEFAULT_LIFETIME: u64 = 3600;

impl Tokens {
    /// The vendor session the access token makes, cached until shortly before it expires.
    pub fn session(&self) -> VendorSession {
        let lifetime = self.expires_in.unwrap_or(DEFAULT_LIFETIME);
        VendorSession {
            token: Some(self.access_token.clone()),
            base_url: None,
            ttl_seconds: lifetime.saturating_sub(EXPIRY_MARGIN).max(1),
        }
    }
}

/// Where a person's browser goes to sign in, and what the callback needs to finish.
pub struct Authorization {
    pub url: String,
    /// The `state` sent along; the callback finds the pending sign-in by it.
    pub state: String,
    /// The PKCE verifier whose S256 challenge the URL carries.
    pub verifier: String,
}

/// Why a sign-in could not start: an endpoint or the callback is not a URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {0} address is not a valid URL")]
pub struct BadEndpoint(pub &'static str);

type Client = BasicClient<
    oauth2::EndpointSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

/// The client for `endpoints`: credentials go in the form body (as Halo expects), never as
/// HTTP Basic.
fn client(
    endpoints: &Endpoints,
    client_id: &str,
    secret: Option<&str>,
) -> Result<Client, BadEndpoint> {
    let client = BasicClient::new(ClientId::new(client_id.to_owned()))
        .set_auth_uri(
            AuthUrl::new(endpoints.authorize.clone()).map_err(|_| BadEndpoint("authorization"))?,
        )
        .set_token_uri(TokenUrl::new(endpoints.token.clone()).map_err(|_| BadEndpoint("token"))?)
        .set_auth_type(AuthType::RequestBody);
    Ok(match secret {
        Some(secret) => client.set_client_secret(ClientSecret::new(secret.to_owned())),
        None => client,
    })
}

fn scopes(text: &str) -> impl Iterator<Item = Scope> + '_ {
    text.split_whitespace().map(|s| Scope::new(s.to_owned()))
}

/// The authorization URL of a sign-in (code flow, S256 PKCE, a random `state`).
pub fn authorization(
    endpoints: &Endpoints,
    client_id: &str,
    redirect: &str,
    scope: &str,
) -> Result<Authorization, BadEndpoint> {
    let client = client(endpoints, client_id, None)?.set_redirect_uri(
        RedirectUrl::new(redirect.to_owned()).map_err(|_| BadEndpoint("callback"))?,
    );
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(scopes(scope))
        .set_pkce_challenge(challenge)
        .url();
    Ok(Authorization {
        url: url.to_string(),
        state: state.secret().clone(),
        verifier: verifier.secret().clone(),
    })
}

/// What a token request asks for.
pub enum Exchange<'a> {
    /// Stored credentials' grant.
    Grant(&'a Grant),
    /// The code a sign-in came back with.
    Code {
        client_id: &'a str,
        code: &'a str,
        verifier: &'a str,
        redirect: &'a str,
    },
}

/// Runs one token request over `http` (a function from the crate's request to its answer,
/// whose futures own what they use), whose errors are already [`UpstreamError`]s (see
/// [`answer`]). An OAuth refusal of the grant (`invalid_grant`, `invalid_client`,
/// `unauthorized_client`) is [`UpstreamError::Unauthorized`]: the connection needs a new
/// sign-in or new keys. `secrets` are redacted from any reason passed on.
pub async fn request<C>(
    http: &C,
    endpoints: &Endpoints,
    exchange: Exchange<'_>,
    secrets: &[&str],
) -> Result<Tokens, UpstreamError>
where
    C: for<'c> AsyncHttpClient<'c, Error = UpstreamError>,
{
    let bad = |e: BadEndpoint| UpstreamError::InvalidResponse {
        detail: e.to_string(),
    };
    let answer = match exchange {
        Exchange::Grant(Grant::ClientCredentials {
            client_id,
            client_secret,
            scope,
        }) => {
            let client = client(endpoints, client_id, Some(client_secret)).map_err(bad)?;
            client
                .exchange_client_credentials()
                .add_scopes(scopes(scope))
                .request_async(http)
                .await
        }
        Exchange::Grant(Grant::Refresh {
            client_id,
            refresh_token,
        }) => {
            let client = client(endpoints, client_id, None).map_err(bad)?;
            let token = RefreshToken::new(refresh_token.clone());
            client
                .exchange_refresh_token(&token)
                .request_async(http)
                .await
        }
        Exchange::Code {
            client_id,
            code,
            verifier,
            redirect,
        } => {
            let client = client(endpoints, client_id, None)
                .map_err(bad)?
                .set_redirect_uri(
                    RedirectUrl::new(redirect.to_owned())
                        .map_err(|_| bad(BadEndpoint("callback")))?,
                );
            client
                .exchange_code(AuthorizationCode::new(code.to_owned()))
                .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
                .request_async(http)
                .await
        }
    };
    answer.map(tokens).map_err(|error| refusal(error, secrets))
}

fn tokens(response: BasicTokenResponse) -> Tokens {
    Tokens {
        access_token: response.access_token().secret().clone(),
        refresh_token: response.refresh_token().map(|t| t.secret().clone()),
        expires_in: response.expires_in().map(|d| d.as_secs()),
        scope: response.scopes().map(|scopes| {
            scopes
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        }),
    }
}

fn refusal(
    error: RequestTokenError<UpstreamError, oauth2::basic::BasicErrorResponse>,
    secrets: &[&str],
) -> UpstreamError {
    match error {
        RequestTokenError::Request(error) => error,
        RequestTokenError::ServerResponse(response) => {
            let reason = response
                .error_description()
                .map(|d| super::upstream::redact(d, secrets))
                .or_else(|| Some(response.error().to_string()));
            match response.error() {
                BasicErrorResponseType::InvalidGrant
                | BasicErrorResponseType::InvalidClient
                | BasicErrorResponseType::UnauthorizedClient => {
                    UpstreamError::Unauthorized { reason }
                }
                BasicErrorResponseType::InvalidScope => UpstreamError::Forbidden { reason },
                _ => UpstreamError::Refused {
                    status: 400,
                    reason,
                },
            }
        }
        RequestTokenError::Parse(_, _) => UpstreamError::InvalidResponse {
            detail: "the token answer is not an OAuth token".into(),
        },
        RequestTokenError::Other(detail) => UpstreamError::InvalidResponse { detail },
    }
}

/// The `oauth2` crate's request as the engine sends it.
pub fn outgoing(request: &HttpRequest) -> Result<UpstreamRequest, UpstreamError> {
    let method = if request.method() == oauth2::http::Method::POST {
        Verb::Post
    } else if request.method() == oauth2::http::Method::GET {
        Verb::Get
    } else {
        return Err(UpstreamError::Unreachable);
    };
    let mut upstream = UpstreamRequest::new(method, request.uri().to_string())
        .header("accept", "application/json");
    if !request.body().is_empty() {
        upstream.body = Some(super::upstream::Body {
            content_type: "application/x-www-form-urlencoded",
            text: String::from_utf8_lossy(request.body()).into_owned(),
        });
    }
    Ok(upstream)
}

/// The engine's answer as the `oauth2` crate reads it: a 200, or an OAuth error object (which
/// the crate reads into a refusal). Anything else (a rate limit, a failing server, a page that
/// is not JSON) is an [`UpstreamError`] at once, with the vendor's reason redacted of
/// `secrets`.
pub fn answer(response: UpstreamResponse, secrets: &[&str]) -> Result<HttpResponse, UpstreamError> {
    let oauth_error = || {
        serde_json::from_slice::<serde_json::Value>(&response.body)
            .ok()
            .is_some_and(|body| body.get("error").is_some_and(|e| e.is_string()))
    };
    let readable = response.status == 200
        || ((400..500).contains(&response.status) && response.status != 429 && oauth_error());
    if !readable {
        if response.ok() {
            return Err(UpstreamError::InvalidResponse {
                detail: format!("the token endpoint answered HTTP {}", response.status),
            });
        }
        return Err(UpstreamError::from_response(&response, secrets));
    }
    oauth2::http::Response::builder()
        .status(response.status)
        .header("content-type", "application/json")
        .body(response.body)
        .map_err(|_| UpstreamError::InvalidResponse {
            detail: "the token answer could not be read".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::future::Future;
    use std::pin::pin;
    use std::rc::Rc;
    use std::task::{Context, Poll, Waker};

    /// Runs a future that never waits (the fake HTTP answers at once).
    fn ready<F: Future>(future: F) -> F::Output {
        let mut future = pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("the fake HTTP never waits"),
        }
    }

    fn endpoints() -> Endpoints {
        Endpoints {
            authorize: "https://acme.halopsa.com/auth/authorize?tenant=acme".into(),
            token: "https://acme.halopsa.com/auth/token?tenant=acme".into(),
        }
    }

    /// A fake token endpoint: records each request as the engine would send it and answers
    /// with `status` and `body` through [`answer`].
    struct Fake {
        status: u16,
        body: &'static str,
        seen: Rc<RefCell<Vec<UpstreamRequest>>>,
    }

    impl Fake {
        fn new(status: u16, body: &'static str) -> Self {
            Self {
                status,
                body,
                seen: Rc::default(),
            }
        }

        fn run(&self, exchange: Exchange<'_>) -> Result<Tokens, UpstreamError> {
            let (status, body) = (self.status, self.body);
            let seen = Rc::clone(&self.seen);
            let http = move |request: HttpRequest| {
                let sent = outgoing(&request);
                let seen = Rc::clone(&seen);
                async move {
                    seen.borrow_mut().push(sent?);
                    answer(UpstreamResponse::test(status, body), &["s3cret-value"])
                }
            };
            ready(request(&http, &endpoints(), exchange, &["s3cret-value"]))
        }

        fn form(&self) -> Vec<(String, String)> {
            let seen = self.seen.borrow();
            let body = &seen[0].body.as_ref().unwrap().text;
            url::form_urlencoded::parse(body.as_bytes())
                .into_owned()
                .collect()
        }
    }

    const TOKEN: &str = r#"{"access_token":"at-1","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-2","scope":"all offline_access"}"#;

    fn value<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
        form.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn client_credentials_always_ask_for_their_scope_in_the_body() {
        let fake = Fake::new(200, TOKEN);
        let grant = Grant::ClientCredentials {
            client_id: "cid".into(),
            client_secret: "s3cret-value".into(),
            scope: "all".into(),
        };
        let tokens = fake.run(Exchange::Grant(&grant)).unwrap();
        assert_eq!(tokens.access_token, "at-1");
        assert_eq!(tokens.session().ttl_seconds, 3600 - EXPIRY_MARGIN);
        let seen = fake.seen.borrow()[0].clone();
        assert_eq!(seen.method, Verb::Post);
        assert_eq!(seen.url, "https://acme.halopsa.com/auth/token?tenant=acme");
        assert!(
            seen.headers.iter().all(|(n, _)| *n != "authorization"),
            "no HTTP Basic"
        );
        let form = fake.form();
        assert_eq!(value(&form, "grant_type"), Some("client_credentials"));
        assert_eq!(value(&form, "scope"), Some("all"));
        assert_eq!(value(&form, "client_id"), Some("cid"));
        assert_eq!(value(&form, "client_secret"), Some("s3cret-value"));
    }

    #[test]
    fn a_refresh_sends_the_refresh_token_and_reads_a_rotated_one() {
        let fake = Fake::new(200, TOKEN);
        let grant = Grant::Refresh {
            client_id: "native".into(),
            refresh_token: "rt-1".into(),
        };
        let tokens = fake.run(Exchange::Grant(&grant)).unwrap();
        assert_eq!(tokens.refresh_token.as_deref(), Some("rt-2"));
        assert_eq!(tokens.scope.as_deref(), Some("all offline_access"));
        let form = fake.form();
        assert_eq!(value(&form, "grant_type"), Some("refresh_token"));
        assert_eq!(value(&form, "refresh_token"), Some("rt-1"));
        assert_eq!(value(&form, "client_secret"), None, "a public client");
    }

    #[test]
    fn a_code_is_redeemed_with_its_verifier_and_callback() {
        let fake = Fake::new(200, TOKEN);
        fake.run(Exchange::Code {
            client_id: "native",
            code: "c-1",
            verifier: "v".repeat(43).as_str(),
            redirect: "https://gw.example/settings/vendors/halopsa/callback",
        })
        .unwrap();
        let form = fake.form();
        assert_eq!(value(&form, "grant_type"), Some("authorization_code"));
        assert_eq!(value(&form, "code"), Some("c-1"));
        assert_eq!(value(&form, "code_verifier"), Some("v".repeat(43).as_str()));
        assert_eq!(
            value(&form, "redirect_uri"),
            Some("https://gw.example/settings/vendors/halopsa/callback")
        );
    }

    #[test]
    fn refusals_of_the_grant_mean_reconnect_and_are_redacted() {
        let fake = Fake::new(
            400,
            r#"{"error":"invalid_grant","error_description":"token s3cret-value was revoked"}"#,
        );
        let grant = Grant::Refresh {
            client_id: "native".into(),
            refresh_token: "rt-1".into(),
        };
        let error = fake.run(Exchange::Grant(&grant)).unwrap_err();
        assert_eq!(
            error,
            UpstreamError::Unauthorized {
                reason: Some("token [redacted] was revoked".into())
            }
        );
        let scope = Fake::new(400, r#"{"error":"invalid_scope"}"#)
            .run(Exchange::Grant(&grant))
            .unwrap_err();
        assert!(
            matches!(scope, UpstreamError::Forbidden { .. }),
            "{scope:?}"
        );
    }

    #[test]
    fn rate_limits_and_failures_are_the_engines_errors() {
        let grant = Grant::Refresh {
            client_id: "native".into(),
            refresh_token: "rt-1".into(),
        };
        let failing = Fake::new(503, "<html>down</html>")
            .run(Exchange::Grant(&grant))
            .unwrap_err();
        assert!(matches!(
            failing,
            UpstreamError::Unavailable { status: 503, .. }
        ));
        let page = Fake::new(401, "<html>sign in</html>")
            .run(Exchange::Grant(&grant))
            .unwrap_err();
        assert!(
            matches!(page, UpstreamError::Unauthorized { .. }),
            "{page:?}"
        );
        let garbage = Fake::new(200, "{}")
            .run(Exchange::Grant(&grant))
            .unwrap_err();
        assert!(matches!(garbage, UpstreamError::InvalidResponse { .. }));
        let limited = answer(
            UpstreamResponse {
                status: 429,
                retry_after: Some("12".into()),
                ..UpstreamResponse::default()
            },
            &[],
        )
        .unwrap_err();
        assert_eq!(
            limited,
            UpstreamError::RateLimited {
                retry_after_seconds: Some(12)
            }
        );
    }

    #[test]
    fn a_sign_in_url_carries_pkce_state_scope_and_the_tenant() {
        let sign_in = authorization(
            &endpoints(),
            "native",
            "https://gw.example/settings/vendors/halopsa/callback",
            "all offline_access",
        )
        .unwrap();
        let url = url::Url::parse(&sign_in.url).unwrap();
        let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(url.path(), "/auth/authorize");
        assert_eq!(query["tenant"], "acme");
        assert_eq!(query["response_type"], "code");
        assert_eq!(query["client_id"], "native");
        assert_eq!(query["scope"], "all offline_access");
        assert_eq!(query["state"], sign_in.state);
        assert_eq!(query["code_challenge_method"], "S256");
        let expected = PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(
            sign_in.verifier.clone(),
        ));
        assert_eq!(query["code_challenge"], expected.as_str());
        assert!(sign_in.state.len() >= 16 && sign_in.verifier.len() >= 43);
        let again = authorization(&endpoints(), "native", "https://gw.example/cb", "all").unwrap();
        assert_ne!(again.state, sign_in.state, "a fresh state each time");
        assert!(authorization(&endpoints(), "native", "not a url", "all").is_err());
    }

    #[test]
    fn debug_output_hides_tokens_and_secrets() {
        let grant = Grant::ClientCredentials {
            client_id: "cid".into(),
            client_secret: "s3cret-value".into(),
            scope: "all".into(),
        };
        assert!(!format!("{grant:?}").contains("s3cret"));
        let tokens = Tokens {
            access_token: "at-secret".into(),
            refresh_token: Some("rt-secret".into()),
            expires_in: None,
            scope: None,
        };
        let shown = format!("{tokens:?}");
        assert!(
            !shown.contains("at-secret") && !shown.contains("rt-secret"),
            "{shown}"
        );
        assert_eq!(
            tokens.session().ttl_seconds,
            DEFAULT_LIFETIME - EXPIRY_MARGIN
        );
    }
}
