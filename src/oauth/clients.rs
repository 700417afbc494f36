//! Finding the client an OAuth request names — a registered (DCR) client in D1, or a Client
//! ID Metadata Document (CIMD) fetched from its URL — and authenticating it at the token and
//! revocation endpoints.

use super::error::OAuthError;
use super::registration::AuthMethod;
use super::{cimd, secrets, store};
use crate::config::Config;
use crate::db::{self, Db};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use subtle::ConstantTimeEq;
use worker::{Env, Request};

/// Registered clients unused for this long are treated as gone (and deleted when swept).
pub const IDLE_SECONDS: i64 = 90 * 86_400;

/// A client, however it was identified.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    /// The name the client gave itself; only a verified client's name is vouched for.
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub auth_method: AuthMethod,
    /// For a metadata-document client, the host its `client_id` URL is on.
    pub document_host: Option<String>,
    /// Whether the gateway vouches for who the client is: only a metadata-document client on
    /// a host in `TRUSTED_CLIENT_HOSTS`. Registered (DCR) clients never are.
    pub verified: bool,
    secret_hash: Option<String>,
}

impl Client {
    /// A client from a validated metadata document (unverified until its host is checked
    /// against the trusted hosts).
    pub fn from_document(id: String, name: String, redirect_uris: Vec<String>) -> Self {
        Self {
            document_host: cimd::address::host(&id),
            id,
            name,
            redirect_uris,
            auth_method: AuthMethod::None,
            verified: false,
            secret_hash: None,
        }
    }
}

/// Looks a client up by `client_id`. Unknown, deleted and expired clients are `invalid_client`.
pub async fn find(
    env: &Env,
    config: &Config,
    db: &Db,
    client_id: &str,
) -> Result<Client, OAuthError> {
    if cimd::is_document_url(client_id) {
        return cimd::resolve(env, config, client_id).await;
    }
    let now = db::now();
    let row = store::client(db, client_id, now - IDLE_SECONDS)
        .await
        .map_err(|e| OAuthError::new(super::error::ErrorCode::ServerError, e.to_string()))?
        .ok_or_else(|| OAuthError::invalid_client(format!("client {client_id} is not registered (or was deleted for inactivity); register again")))?;
    if row.last_used_at < now - store::TOUCH_INTERVAL {
        let _ = store::touch_client(db, client_id, now).await;
    }
    Ok(Client {
        redirect_uris: row.redirect_uris(),
        auth_method: row.auth_method(),
        id: row.id,
        name: row.name,
        document_host: None,
        verified: false,
        secret_hash: row.secret_hash,
    })
}

/// The client credentials a token or revocation request presents.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Presented {
    pub client_id: Option<String>,
    pub secret: Option<String>,
    pub method: Option<AuthMethod>,
}

/// Reads client credentials from HTTP Basic or the form body; both at once is an error.
pub fn presented(req: &Request, form: &crate::form::Form) -> Result<Presented, OAuthError> {
    let basic = req
        .headers()
        .get("authorization")
        .ok()
        .flatten()
        .and_then(|value| value.strip_prefix("Basic ").map(str::to_owned));
    match basic {
        Some(encoded) => {
            if form.get("client_secret").is_some() {
                return Err(OAuthError::invalid_request(
                    "use one client authentication method, not two",
                ));
            }
            let decoded = STANDARD
                .decode(encoded.trim())
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| {
                    OAuthError::invalid_client("the Basic credentials are not valid base64")
                })?;
            let (id, secret) = decoded
                .split_once(':')
                .ok_or_else(|| OAuthError::invalid_client("the Basic credentials lack a colon"))?;
            let decode = |s: &str| {
                url::form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Ok(Presented {
                client_id: decode(id),
                secret: decode(secret),
                method: Some(AuthMethod::ClientSecretBasic),
            })
        }
        None => {
            let secret = form.get("client_secret").map(str::to_owned);
            let method = Some(if secret.is_some() {
                AuthMethod::ClientSecretPost
            } else {
                AuthMethod::None
            });
            Ok(Presented {
                client_id: form.get("client_id").map(str::to_owned),
                secret,
                method,
            })
        }
    }
}

/// A form-encoded request from a client to the token or revocation endpoint.
pub struct ClientRequest {
    /// The parsed body.
    pub form: crate::form::Form,
    /// The credentials it presents.
    pub presented: Presented,
}

impl ClientRequest {
    /// Reads the body (which must be form-encoded, with no parameter in `single_valued`
    /// repeated) and the client credentials.
    pub async fn read(
        req: &mut Request,
        single_valued: &[&str],
    ) -> worker::Result<Result<Self, OAuthError>> {
        let content_type = req
            .headers()
            .get("content-type")?
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !content_type.starts_with("application/x-www-form-urlencoded") {
            return Ok(Err(OAuthError::invalid_request(
                "send the request as application/x-www-form-urlencoded",
            )));
        }
        let form = match crate::body::read(req, crate::body::FORM_LIMIT).await? {
            Ok(bytes) => crate::form::Form::parse(&bytes),
            Err(error) => return Ok(Err(OAuthError::invalid_request(error.to_string()))),
        };
        if let Some(name) = form.repeated(single_valued) {
            return Ok(Err(OAuthError::invalid_request(format!(
                "{name} appears more than once"
            ))));
        }
        Ok(presented(req, &form).map(|presented| Self { form, presented }))
    }

    /// Whether the client used HTTP Basic (an `invalid_client` answer then carries a challenge).
    pub fn used_basic(&self) -> bool {
        self.presented.method == Some(AuthMethod::ClientSecretBasic)
    }

    /// Finds the client the request names and checks its credentials.
    pub async fn authenticate(
        &self,
        env: &Env,
        config: &Config,
        db: &Db,
    ) -> Result<Client, OAuthError> {
        let client_id = self
            .presented
            .client_id
            .as_deref()
            .ok_or_else(|| OAuthError::invalid_client("client_id is required"))?;
        let client = find(env, config, db, client_id).await?;
        authenticate(&client, &self.presented)?;
        Ok(client)
    }
}

/// Authenticates the presented credentials against the client's registration.
pub fn authenticate(client: &Client, presented: &Presented) -> Result<(), OAuthError> {
    match (&client.secret_hash, &presented.secret) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(OAuthError::invalid_client(
            "this client is public and has no secret",
        )),
        (Some(_), None) => Err(OAuthError::invalid_client(format!(
            "client authentication is required ({})",
            client.auth_method.as_str()
        ))),
        (Some(expected), Some(secret)) => {
            if bool::from(secrets::hash(secret).as_bytes().ct_eq(expected.as_bytes())) {
                Ok(())
            } else {
                Err(OAuthError::invalid_client("client authentication failed"))
            }
        }
    }
}
