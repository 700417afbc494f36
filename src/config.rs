//! Typed configuration from the Worker's vars and secrets, validated once per request before
//! anything else runs.
//!
//! Parsing is pure: [`Config::from_source`] reads through a [`Source`], so every rule is tested
//! natively. Errors name the setting and what is wrong with it, never its value.

use crate::observability::RequestLogPolicy;
use crate::vendors::kit::breaker::Policy;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use std::collections::BTreeMap;
use std::fmt;
use url::Url;

/// Where configuration values come from: the Worker `Env` in production, a map in tests.
pub trait Source {
    /// The raw value of a var or secret, if it is set.
    fn get(&self, name: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> Source for F {
    fn get(&self, name: &str) -> Option<String> {
        self(name)
    }
}

/// Names of every setting, as written in `wrangler.toml`, `.dev.vars` and `wrangler secret put`.
pub mod names {
    /// Var: the origin clients reach the gateway at, e.g. `https://mcp.example.com`.
    pub const PUBLIC_ORIGIN: &str = "PUBLIC_ORIGIN";
    /// Var: `development` or `production`.
    pub const ENVIRONMENT: &str = "ENVIRONMENT";
    /// Var (optional): the jurisdiction Durable Objects are created in, e.g. `eu`.
    pub const DURABLE_OBJECT_JURISDICTION: &str = "DURABLE_OBJECT_JURISDICTION";
    /// Var (optional): access-token lifetime in seconds (default 3600).
    pub const ACCESS_TOKEN_TTL_SECONDS: &str = "ACCESS_TOKEN_TTL_SECONDS";
    /// Var (optional): refresh-token lifetime in seconds (default 30 days).
    pub const REFRESH_TOKEN_TTL_SECONDS: &str = "REFRESH_TOKEN_TTL_SECONDS";
    /// Var (optional): authorization-code lifetime in seconds (default and maximum 60).
    pub const AUTHORIZATION_CODE_TTL_SECONDS: &str = "AUTHORIZATION_CODE_TTL_SECONDS";
    /// Var (optional): how long after a rotation the previous refresh token may be retried,
    /// once (default 2, at most 10).
    pub const REFRESH_GRACE_SECONDS: &str = "REFRESH_GRACE_SECONDS";
    /// Secret: key ring for signing access tokens.
    pub const TOKEN_SIGNING_KEYS: &str = "TOKEN_SIGNING_KEYS";
    /// Secret: key ring of master keys sealing vendor credentials.
    pub const CREDENTIAL_KEYS: &str = "CREDENTIAL_KEYS";
    /// Var (optional): JSON object mapping vendor ids to the base URL to call instead of the
    /// vendor's own (sandboxes, local mocks). http and loopback only in development.
    pub const UPSTREAM_OVERRIDES: &str = "UPSTREAM_OVERRIDES";
    /// Var (optional): how long one vendor call may take, in seconds (default 15).
    pub const UPSTREAM_TIMEOUT_SECONDS: &str = "UPSTREAM_TIMEOUT_SECONDS";
    /// Var (optional): how long audit events are kept, in days (default 365).
    pub const AUDIT_RETENTION_DAYS: &str = "AUDIT_RETENTION_DAYS";
    /// Var (optional): how long usage counters are kept, in days (default 395: 13 months).
    pub const USAGE_RETENTION_DAYS: &str = "USAGE_RETENTION_DAYS";
    /// Var (optional): the wait before retrying a failed alert or audit-stream delivery, in
    /// seconds (default 60); it doubles with each further failure.
    pub const DELIVERY_RETRY_SECONDS: &str = "DELIVERY_RETRY_SECONDS";
    /// Var (optional): the longest wait between delivery retries, in seconds (default 3600).
    pub const DELIVERY_RETRY_MAX_SECONDS: &str = "DELIVERY_RETRY_MAX_SECONDS";
    /// Var (optional): how long a list's `next_cursor` can be used, in seconds (default 900).
    pub const LIST_CURSOR_TTL_SECONDS: &str = "LIST_CURSOR_TTL_SECONDS";
    /// Var (optional): comma-separated browser origins, besides the gateway's own, that may
    /// call the MCP endpoints (browser-based MCP clients). Every other `Origin` gets 403.
    pub const MCP_ALLOWED_ORIGINS: &str = "MCP_ALLOWED_ORIGINS";
    /// Var (optional): comma-separated hosts whose Client ID Metadata Documents the operator
    /// vouches for; clients identified by a URL on one of them are shown as verified.
    pub const TRUSTED_CLIENT_HOSTS: &str = "TRUSTED_CLIENT_HOSTS";
    /// Var (optional): how the gateway sends mail (sign-up and password reset links): `log`
    /// (development only: each mail is written to the log, never sent) or the https URL of a
    /// JSON mail API. Unset: `log` in development, no mail in production.
    pub const MAIL_SENDER: &str = "MAIL_SENDER";
    /// Var (with an API sender): the From address, e.g. `MCP Gateway <no-reply@example.com>`.
    pub const MAIL_FROM: &str = "MAIL_FROM";
    /// Secret (with an API sender): the mail API's key, sent as a bearer token.
    pub const MAIL_API_KEY: &str = "MAIL_API_KEY";
    /// Var (optional): the first refusal window after repeated failed sign-ins from one
    /// address for one email, in seconds (default 60); it doubles with every further failure.
    pub const SIGN_IN_BACKOFF_SECONDS: &str = "SIGN_IN_BACKOFF_SECONDS";
    /// Var (optional): `on` sends a `Server-Timing` header naming where each request's time
    /// went (see `src/timing.rs`); `off` (the default) sends none.
    pub const SERVER_TIMING: &str = "SERVER_TIMING";
    /// Var (optional): which requests get a `request` log line: `all` (the default) or
    /// `errors` (status 400 and above, and gateway failures); see `src/observability.rs`.
    pub const REQUEST_LOG: &str = "REQUEST_LOG";
    /// Var (optional): consecutive failures (5xx, timeouts) of one vendor account that stop
    /// calls to it for a cool-down (default 5).
    pub const BREAKER_FAILURES: &str = "BREAKER_FAILURES";
    /// Var (optional): how long a tripped vendor account is not called, in seconds (default 30).
    pub const BREAKER_COOLDOWN_SECONDS: &str = "BREAKER_COOLDOWN_SECONDS";
    /// Var (optional): the gateway's ConnectWise integration client id (a GUID from
    /// developer.connectwise.com), sent on every ConnectWise PSA and Automate call. Without it,
    /// only connections that give their own under "Advanced" work.
    pub const CONNECTWISE_CLIENT_ID: &str = "CONNECTWISE_CLIENT_ID";
    /// Var (optional): comma-separated vendor ids the operator pauses for everyone (a vendor
    /// outage, an API change): their tool calls get a tool error and never reach the vendor.
    pub const PAUSED_VENDORS: &str = "PAUSED_VENDORS";
    /// Var (optional): request budgets replacing vendors' own, as comma-separated
    /// `vendor=requests/seconds` (`autotask=40/3600,syncro=90/60`), kept fleet-wide per vendor
    /// account by the quota governor (`src/governor/`).
    pub const VENDOR_BUDGETS: &str = "VENDOR_BUDGETS";
    /// Var (optional): the share of each vendor account's budget the gateway leaves to the
    /// MSP's other integrations, in percent (default 20, at most 90).
    pub const BUDGET_HEADROOM_PERCENT: &str = "BUDGET_HEADROOM_PERCENT";
}

/// Why the configuration cannot be used. The messages are safe to log and to show: they name
/// the setting, never its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A required var or secret is not set (or is blank).
    #[error("{name} is not set")]
    Missing {
        /// The setting's name.
        name: &'static str,
    },
    /// A setting is present but unusable.
    #[error("{name} is malformed: {reason}")]
    Malformed {
        /// The setting's name.
        name: &'static str,
        /// What is wrong, in terms that do not reveal the value.
        reason: String,
    },
}

impl ConfigError {
    fn malformed(name: &'static str, reason: impl Into<String>) -> Self {
        Self::Malformed {
            name,
            reason: reason.into(),
        }
    }

    /// The name of the setting at fault.
    pub fn setting(&self) -> &'static str {
        match self {
            Self::Missing { name } | Self::Malformed { name, .. } => name,
        }
    }
}

/// The deployment stage, which decides how strict network rules are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Local `wrangler dev`: http origins and loopback upstreams are allowed.
    Development,
    /// Anything reachable by users: https only.
    Production,
}

impl Environment {
    /// The value as written in `ENVIRONMENT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Production => "production",
        }
    }
}

/// The validated configuration every handler receives.
#[derive(Debug, Clone)]
pub struct Config {
    /// The gateway's public origin (scheme, host and optional port; no path).
    pub public_origin: Url,
    /// The deployment stage.
    pub environment: Environment,
    /// The jurisdiction Durable Objects are created in, when data must stay in one.
    pub durable_object_jurisdiction: Option<String>,
    /// How long access tokens live, in seconds.
    pub access_token_ttl: i64,
    /// How long refresh tokens live, in seconds (each rotation starts a new lifetime).
    pub refresh_token_ttl: i64,
    /// How long authorization codes stay redeemable, in seconds.
    pub authorization_code_ttl: i64,
    /// How long after a rotation the previous refresh token may be retried (once), in seconds.
    pub refresh_grace: i64,
    /// Keys that sign and verify access tokens.
    pub token_signing_keys: KeyRing,
    /// Master keys that seal and open vendor credentials.
    pub credential_keys: KeyRing,
    /// Vendor id → base URL replacing the vendor's own API root.
    pub upstream_overrides: BTreeMap<String, String>,
    /// How long one vendor call may take, in seconds.
    pub upstream_timeout: i64,
    /// How long audit events are kept, in days.
    pub audit_retention_days: i64,
    /// How long a list cursor can be used, in seconds.
    pub list_cursor_ttl: i64,
    /// How long usage counters are kept, in days.
    pub usage_retention_days: i64,
    /// The first wait before retrying a failed delivery, in seconds (doubling after).
    pub delivery_retry_first: i64,
    /// The longest wait between delivery retries, in seconds.
    pub delivery_retry_max: i64,
    /// Browser origins, besides the gateway's own, that may call the MCP endpoints.
    pub mcp_allowed_origins: Vec<String>,
    /// Hosts (lowercase DNS names) whose Client ID Metadata Documents are trusted.
    pub trusted_client_hosts: Vec<String>,
    /// How mail (sign-up and password reset links) leaves the gateway.
    pub mail_sender: MailSender,
    /// The first refusal window of the sign-in throttle, in seconds.
    pub sign_in_backoff: i64,
    /// Whether responses carry a `Server-Timing` header.
    pub server_timing: bool,
    /// Which requests get a `request` log line.
    pub request_log: RequestLogPolicy,
    /// When a vendor account's circuit breaker trips, and for how long.
    pub breaker: Policy,
    /// The ConnectWise integration client id (lowercase GUID), if the operator set one.
    pub connectwise_client_id: Option<String>,
    /// The vendors the operator paused for everyone (`PAUSED_VENDORS`), by id.
    pub paused_vendors: Vec<&'static str>,
    /// Vendor id → (requests, per seconds) replacing the vendor's own request budget.
    pub vendor_budgets: BTreeMap<String, (u32, u32)>,
    /// The share of a vendor account's budget left to the MSP's other integrations (percent).
    pub budget_headroom_percent: u32,
}

/// How the gateway sends mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailSender {
    /// Development only: each mail is written to the log as one JSON line and never sent
    /// (the log then holds sign-up and reset links, which is why production refuses it).
    Log,
    /// A JSON mail API: `POST url` with `{from, to, subject, text}` and the key as a bearer
    /// token (Resend's `https://api.resend.com/emails` takes exactly this shape).
    Api {
        /// Where to post each mail.
        url: String,
        /// The From address.
        from: String,
        /// The API key; never in `Debug` output.
        key: ApiKey,
    },
    /// No sender (production without `MAIL_SENDER`): sign-up and password reset are
    /// unavailable and say so.
    Off,
}

/// A mail API key. Its value never appears in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// The key, to put in the one request header that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Jurisdictions Durable Objects accept (Cloudflare's data location documentation).
const JURISDICTIONS: &[&str] = &["eu", "fedramp"];

impl Config {
    /// Reads and validates every setting; the first problem found is returned.
    pub fn from_source(source: &impl Source) -> Result<Self, ConfigError> {
        let environment = match required(source, names::ENVIRONMENT)?.as_str() {
            "development" => Environment::Development,
            "production" => Environment::Production,
            _ => {
                return Err(ConfigError::malformed(
                    names::ENVIRONMENT,
                    "expected `development` or `production`",
                ))
            }
        };
        let public_origin = parse_origin(&required(source, names::PUBLIC_ORIGIN)?, environment)?;
        let durable_object_jurisdiction = match optional(source, names::DURABLE_OBJECT_JURISDICTION)
        {
            None => None,
            Some(value) if JURISDICTIONS.contains(&value.as_str()) => Some(value),
            Some(_) => {
                return Err(ConfigError::malformed(
                    names::DURABLE_OBJECT_JURISDICTION,
                    format!("expected one of {}", JURISDICTIONS.join(", ")),
                ))
            }
        };
        Ok(Self {
            public_origin,
            environment,
            durable_object_jurisdiction,
            access_token_ttl: seconds(source, names::ACCESS_TOKEN_TTL_SECONDS, 3_600, 5..=86_400)?,
            authorization_code_ttl: seconds(
                source,
                names::AUTHORIZATION_CODE_TTL_SECONDS,
                60,
                1..=60,
            )?,
            refresh_grace: seconds(source, names::REFRESH_GRACE_SECONDS, 2, 0..=10)?,
            refresh_token_ttl: seconds(
                source,
                names::REFRESH_TOKEN_TTL_SECONDS,
                30 * 86_400,
                300..=365 * 86_400,
            )?,
            token_signing_keys: KeyRing::parse(
                names::TOKEN_SIGNING_KEYS,
                &required(source, names::TOKEN_SIGNING_KEYS)?,
            )?,
            credential_keys: KeyRing::parse(
                names::CREDENTIAL_KEYS,
                &required(source, names::CREDENTIAL_KEYS)?,
            )?,
            upstream_overrides: match optional(source, names::UPSTREAM_OVERRIDES) {
                None => BTreeMap::new(),
                Some(value) => parse_overrides(&value, environment)?,
            },
            upstream_timeout: seconds(source, names::UPSTREAM_TIMEOUT_SECONDS, 15, 1..=60)?,
            audit_retention_days: seconds(source, names::AUDIT_RETENTION_DAYS, 365, 1..=3_650)?,
            list_cursor_ttl: seconds(source, names::LIST_CURSOR_TTL_SECONDS, 900, 1..=3_600)?,
            usage_retention_days: seconds(source, names::USAGE_RETENTION_DAYS, 395, 1..=3_650)?,
            delivery_retry_first: seconds(source, names::DELIVERY_RETRY_SECONDS, 60, 1..=3_600)?,
            delivery_retry_max: seconds(
                source,
                names::DELIVERY_RETRY_MAX_SECONDS,
                3_600,
                1..=86_400,
            )?,
            mcp_allowed_origins: match optional(source, names::MCP_ALLOWED_ORIGINS) {
                None => Vec::new(),
                Some(value) => parse_origins(&value)?,
            },
            trusted_client_hosts: match optional(source, names::TRUSTED_CLIENT_HOSTS) {
                None => Vec::new(),
                Some(value) => parse_hosts(&value)?,
            },
            mail_sender: parse_mail_sender(source, environment)?,
            sign_in_backoff: seconds(source, names::SIGN_IN_BACKOFF_SECONDS, 60, 1..=3_600)?,
            server_timing: switch(source, names::SERVER_TIMING)?,
            request_log: match optional(source, names::REQUEST_LOG) {
                None => RequestLogPolicy::All,
                Some(value) => RequestLogPolicy::parse(&value).ok_or_else(|| {
                    ConfigError::malformed(names::REQUEST_LOG, "expected `all` or `errors`")
                })?,
            },
            breaker: Policy {
                failures: whole(source, names::BREAKER_FAILURES, 5, 1..=100, "failures")? as u32,
                cooldown_ms: seconds(source, names::BREAKER_COOLDOWN_SECONDS, 30, 1..=600)? as u64
                    * 1000,
            },
            connectwise_client_id: match optional(source, names::CONNECTWISE_CLIENT_ID) {
                None => None,
                Some(value) => {
                    Some(crate::vendors::kit::fields::guid(&value).ok_or_else(|| {
                        ConfigError::malformed(
                            names::CONNECTWISE_CLIENT_ID,
                            "expected a GUID such as 0a1b2c3d-1111-2222-3333-444455556666",
                        )
                    })?)
                }
            },
            paused_vendors: match optional(source, names::PAUSED_VENDORS) {
                None => Vec::new(),
                Some(value) => parse_paused_vendors(&value)?,
            },
            vendor_budgets: match optional(source, names::VENDOR_BUDGETS) {
                None => BTreeMap::new(),
                Some(value) => parse_budgets(&value)?,
            },
            budget_headroom_percent: whole(
                source,
                names::BUDGET_HEADROOM_PERCENT,
                20,
                0..=90,
                "percent",
            )? as u32,
        })
    }

    /// Whether the operator paused `vendor_id` for everyone (`PAUSED_VENDORS`).
    pub fn operator_paused(&self, vendor_id: &str) -> bool {
        self.paused_vendors.contains(&vendor_id)
    }

    /// The base URL to call a vendor at, when an override replaces the vendor's own.
    pub fn upstream_override(&self, vendor_id: &str) -> Option<&str> {
        self.upstream_overrides.get(vendor_id).map(String::as_str)
    }

    /// The value of an operator setting a vendor's connect form falls back to
    /// ([`crate::vendors::kit::fields::FieldKind::OperatorDefault`]), if it is set.
    pub fn vendor_setting(&self, name: &str) -> Option<&str> {
        match name {
            names::CONNECTWISE_CLIENT_ID => self.connectwise_client_id.as_deref(),
            _ => None,
        }
    }

    /// The public origin without a trailing slash, ready to prefix paths with.
    pub fn origin(&self) -> &str {
        self.public_origin.as_str().trim_end_matches('/')
    }
}

fn optional(source: &impl Source, name: &str) -> Option<String> {
    source
        .get(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn required(source: &impl Source, name: &'static str) -> Result<String, ConfigError> {
    optional(source, name).ok_or(ConfigError::Missing { name })
}

/// An `on`/`off` var, off when unset.
fn switch(source: &impl Source, name: &'static str) -> Result<bool, ConfigError> {
    match optional(source, name).as_deref() {
        None | Some("off") => Ok(false),
        Some("on") => Ok(true),
        Some(_) => Err(ConfigError::malformed(name, "expected `on` or `off`")),
    }
}

fn seconds(
    source: &impl Source,
    name: &'static str,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, ConfigError> {
    whole(source, name, default, range, "seconds")
}

/// A whole number of `unit` within `range`, `default` when unset.
fn whole(
    source: &impl Source,
    name: &'static str,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
    unit: &str,
) -> Result<i64, ConfigError> {
    match optional(source, name) {
        None => Ok(default),
        Some(value) => value
            .parse::<i64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                ConfigError::malformed(
                    name,
                    format!(
                        "expected whole {unit} from {} to {}",
                        range.start(),
                        range.end()
                    ),
                )
            }),
    }
}

/// Reads `VENDOR_BUDGETS`: `vendor=requests/seconds` entries, comma-separated, each naming a
/// known vendor once, with 1 to 1,000,000 requests per 1 to 86,400 seconds.
fn parse_budgets(value: &str) -> Result<BTreeMap<String, (u32, u32)>, ConfigError> {
    let name = names::VENDOR_BUDGETS;
    let mut budgets = BTreeMap::new();
    for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let malformed = || {
            ConfigError::malformed(
                name,
                "expected comma-separated vendor=requests/seconds entries, such as autotask=40/3600",
            )
        };
        let (vendor, size) = entry.split_once('=').ok_or_else(malformed)?;
        let (requests, seconds) = size.split_once('/').ok_or_else(malformed)?;
        let vendor = vendor.trim();
        if crate::vendors::find(vendor).is_none() {
            return Err(ConfigError::malformed(
                name,
                format!(
                    "an entry names no known vendor (known: {})",
                    known_vendor_ids()
                ),
            ));
        }
        let requests = requests
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| ConfigError::malformed(name, "requests must be whole, 1 to 1000000"))?;
        let seconds = seconds
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=86_400).contains(n))
            .ok_or_else(|| ConfigError::malformed(name, "seconds must be whole, 1 to 86400"))?;
        if budgets
            .insert(vendor.to_owned(), (requests, seconds))
            .is_some()
        {
            return Err(ConfigError::malformed(name, "a vendor is named twice"));
        }
    }
    Ok(budgets)
}

/// Reads `MAIL_SENDER` and, for an API sender, `MAIL_FROM` and `MAIL_API_KEY`. `log` is
/// refused outside development, and an API URL must be https to a DNS name there.
fn parse_mail_sender(
    source: &impl Source,
    environment: Environment,
) -> Result<MailSender, ConfigError> {
    let name = names::MAIL_SENDER;
    let value = match optional(source, name) {
        None if environment == Environment::Development => return Ok(MailSender::Log),
        None => return Ok(MailSender::Off),
        Some(value) => value,
    };
    if value == "log" {
        return match environment {
            Environment::Development => Ok(MailSender::Log),
            Environment::Production => Err(ConfigError::malformed(
                name,
                "`log` writes sign-up and password reset links to the log: development only",
            )),
        };
    }
    let url = Url::parse(&value)
        .ok()
        .filter(|url| {
            url.fragment().is_none() && url.username().is_empty() && url.password().is_none()
        })
        .ok_or_else(|| {
            ConfigError::malformed(
                name,
                "expected `log` or the absolute URL of a mail API, without credentials",
            )
        })?;
    let allowed = match environment {
        Environment::Development => matches!(url.scheme(), "http" | "https"),
        Environment::Production => {
            url.scheme() == "https"
                && matches!(url.host(), Some(url::Host::Domain(host)) if host != "localhost")
        }
    };
    if !allowed {
        return Err(ConfigError::malformed(
            name,
            "the mail API must be https to a DNS name (http and loopback only in development)",
        ));
    }
    let from = required(source, names::MAIL_FROM)?;
    if from.len() > 200 || !from.contains('@') || from.chars().any(char::is_control) {
        return Err(ConfigError::malformed(
            names::MAIL_FROM,
            "expected one address such as `MCP Gateway <no-reply@example.com>` on one line",
        ));
    }
    let key = ApiKey(required(source, names::MAIL_API_KEY)?);
    Ok(MailSender::Api {
        url: value,
        from,
        key,
    })
}

/// Reads `MCP_ALLOWED_ORIGINS`: each entry a bare origin (scheme, host, optional port).
fn parse_origins(value: &str) -> Result<Vec<String>, ConfigError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let url = Url::parse(entry).ok().filter(|url| {
                matches!(url.scheme(), "http" | "https")
                    && url.host_str().is_some()
                    && url.path() == "/"
                    && !entry.ends_with('/')
                    && url.query().is_none()
            });
            url.map(|url| url.origin().ascii_serialization())
                .ok_or_else(|| {
                    ConfigError::malformed(
                        names::MCP_ALLOWED_ORIGINS,
                        format!("{entry} is not an origin such as https://app.example.com"),
                    )
                })
        })
        .collect()
}

/// Reads `TRUSTED_CLIENT_HOSTS`: each entry a bare DNS name (no scheme, port or path),
/// lowercased; matched exactly, so a subdomain must be listed itself.
fn parse_hosts(value: &str) -> Result<Vec<String>, ConfigError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let host = entry.to_ascii_lowercase();
            let labels: Vec<&str> = host.split('.').collect();
            let labels_ok = labels.len() >= 2
                && labels
                    .iter()
                    .all(|l| crate::vendors::kit::hosts::valid_label(l))
                && !labels[labels.len() - 1].bytes().all(|b| b.is_ascii_digit());
            if labels_ok {
                Ok(host)
            } else {
                Err(ConfigError::malformed(
                    names::TRUSTED_CLIENT_HOSTS,
                    format!("{entry} is not a host name such as app.example.com"),
                ))
            }
        })
        .collect()
}

/// The registered vendor ids, comma-separated, for an error naming an unknown one.
fn known_vendor_ids() -> String {
    let known: Vec<&str> = crate::vendors::VENDORS.iter().map(|v| v.id).collect();
    known.join(", ")
}

/// Reads `PAUSED_VENDORS`: registered vendor ids, comma-separated; an unknown id is an error
/// (a typo must not leave a vendor running that the operator meant to stop).
fn parse_paused_vendors(value: &str) -> Result<Vec<&'static str>, ConfigError> {
    let mut paused: Vec<&'static str> = Vec::new();
    for (position, entry) in value.split(',').map(str::trim).enumerate() {
        if entry.is_empty() {
            continue;
        }
        let Some(vendor) = crate::vendors::find(entry) else {
            return Err(ConfigError::malformed(
                names::PAUSED_VENDORS,
                format!(
                    "entry {} is not a vendor id; expected ids among {}",
                    position + 1,
                    known_vendor_ids()
                ),
            ));
        };
        if !paused.contains(&vendor.id) {
            paused.push(vendor.id);
        }
    }
    Ok(paused)
}

/// Reads `UPSTREAM_OVERRIDES`: known vendor ids to absolute http(s) URLs without query,
/// fragment or credentials. Honoured only in development (local mocks and sandboxes): in
/// production a vendor's own API root is the only place its credentials go.
fn parse_overrides(
    value: &str,
    environment: Environment,
) -> Result<BTreeMap<String, String>, ConfigError> {
    let name = names::UPSTREAM_OVERRIDES;
    if environment == Environment::Production {
        return Err(ConfigError::malformed(
            name,
            "is honoured only with ENVIRONMENT=development; remove it in production",
        ));
    }
    let map: BTreeMap<String, String> = serde_json::from_str(value).map_err(|_| {
        ConfigError::malformed(
            name,
            "expected a JSON object of vendor id → base URL strings",
        )
    })?;
    let mut overrides = BTreeMap::new();
    for (vendor, base) in map {
        if crate::vendors::find(&vendor).is_none() {
            return Err(ConfigError::malformed(
                name,
                format!("{vendor} is not a vendor id"),
            ));
        }
        let bad = |why: &str| ConfigError::malformed(name, format!("the URL for {vendor} {why}"));
        let url = Url::parse(&base).map_err(|_| bad("is not an absolute URL"))?;
        if url.query().is_some()
            || url.fragment().is_some()
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return Err(bad("must not have a query, fragment or credentials"));
        }
        if !matches!(url.scheme(), "http" | "https") {
            return Err(bad("must be http or https"));
        }
        overrides.insert(vendor, base.trim_end_matches('/').to_owned());
    }
    Ok(overrides)
}

fn parse_origin(value: &str, environment: Environment) -> Result<Url, ConfigError> {
    let name = names::PUBLIC_ORIGIN;
    let url = Url::parse(value).map_err(|_| ConfigError::malformed(name, "not an absolute URL"))?;
    match (url.scheme(), environment) {
        ("https", _) | ("http", Environment::Development) => {}
        ("http", Environment::Production) => {
            return Err(ConfigError::malformed(name, "must use https in production"))
        }
        _ => return Err(ConfigError::malformed(name, "scheme must be https")),
    }
    if url.host().is_none() {
        return Err(ConfigError::malformed(name, "has no host"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::malformed(
            name,
            "must be an origin only (no path, query or fragment)",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ConfigError::malformed(name, "must not contain credentials"));
    }
    // Development relaxes the rules (http origins, overrides, local vendor hosts): it is only
    // for a gateway on this machine, so a deployed one cannot run in it by mistake.
    let loopback = match url.host() {
        Some(url::Host::Domain(host)) => host == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if environment == Environment::Development && !loopback {
        return Err(ConfigError::malformed(
            names::ENVIRONMENT,
            "development is only allowed with a loopback PUBLIC_ORIGIN (127.0.0.1 or localhost); use production",
        ));
    }
    Ok(url)
}

/// The fixed size of every key in a [`KeyRing`], in bytes (256 bits).
pub const KEY_LEN: usize = 32;

/// One versioned secret key. Its bytes never appear in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct VersionedKey {
    /// The key's id (for example `v2`): stored beside what the key sealed or signed, so the
    /// right key is found after a rotation.
    pub id: String,
    bytes: [u8; KEY_LEN],
}

impl VersionedKey {
    /// The raw key material.
    pub fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }
}

impl fmt::Debug for VersionedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VersionedKey")
            .field("id", &self.id)
            .field("bytes", &"<redacted>")
            .finish()
    }
}

/// An ordered set of versioned keys. The first is current (it seals or signs); every key
/// still opens or verifies, so keys rotate without downtime.
///
/// Written as comma-separated `id:key` entries, each key 32 random bytes in base64 (standard
/// or URL-safe alphabet, padding optional): `v2:…,v1:…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRing {
    keys: Vec<VersionedKey>,
}

const MAX_KEY_ID_LEN: usize = 32;

impl KeyRing {
    /// Parses a key ring; `name` is the setting it came from, for errors.
    pub fn parse(name: &'static str, value: &str) -> Result<Self, ConfigError> {
        let mut keys: Vec<VersionedKey> = Vec::new();
        for (position, entry) in value.split(',').map(str::trim).enumerate() {
            let ordinal = position + 1;
            let (id, encoded) = entry.split_once(':').ok_or_else(|| {
                ConfigError::malformed(name, format!("entry {ordinal} is not of the form id:key"))
            })?;
            let id = id.trim();
            if id.is_empty()
                || id.len() > MAX_KEY_ID_LEN
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return Err(ConfigError::malformed(
                    name,
                    format!(
                        "entry {ordinal} has an invalid key id (1-{MAX_KEY_ID_LEN} letters, digits, - or _)"
                    ),
                ));
            }
            if keys.iter().any(|key| key.id == id) {
                return Err(ConfigError::malformed(
                    name,
                    format!("key id {id} appears twice"),
                ));
            }
            let decoded = decode_base64(encoded.trim()).ok_or_else(|| {
                ConfigError::malformed(name, format!("key {id} is not valid base64"))
            })?;
            let bytes: [u8; KEY_LEN] = decoded.try_into().map_err(|_| {
                ConfigError::malformed(
                    name,
                    format!("key {id} must decode to exactly {KEY_LEN} bytes"),
                )
            })?;
            keys.push(VersionedKey {
                id: id.to_owned(),
                bytes,
            });
        }
        Ok(Self { keys })
    }

    /// The key that seals or signs new material.
    pub fn current(&self) -> &VersionedKey {
        // `parse` never builds an empty ring: splitting any string yields at least one entry.
        &self.keys[0]
    }

    /// The key with this id, to open or verify older material.
    pub fn get(&self, id: &str) -> Option<&VersionedKey> {
        self.keys.iter().find(|key| key.id == id)
    }

    /// Every key, current first.
    pub fn keys(&self) -> &[VersionedKey] {
        &self.keys
    }
}

fn decode_base64(encoded: &str) -> Option<Vec<u8>> {
    let lenient =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    [alphabet::STANDARD, alphabet::URL_SAFE]
        .iter()
        .find_map(|alphabet| GeneralPurpose::new(alphabet, lenient).decode(encoded).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const KEY_A: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"; // bytes 0..32, url-safe, no pad
    const KEY_B: &str = "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s="; // standard alphabet, padded

    fn base() -> HashMap<&'static str, String> {
        HashMap::from([
            (names::PUBLIC_ORIGIN, "https://mcp.example.com".to_owned()),
            (names::ENVIRONMENT, "production".to_owned()),
            (names::TOKEN_SIGNING_KEYS, format!("t1:{KEY_A}")),
            (names::CREDENTIAL_KEYS, format!("v2:{KEY_B}, v1:{KEY_A}")),
        ])
    }

    fn load(values: &HashMap<&'static str, String>) -> Result<Config, ConfigError> {
        Config::from_source(&|name: &str| values.get(name).cloned())
    }

    fn load_with(name: &'static str, value: &str) -> Result<Config, ConfigError> {
        let mut values = base();
        values.insert(name, value.to_owned());
        load(&values)
    }

    #[test]
    fn paused_vendors_are_known_ids() {
        let config = load_with(names::PAUSED_VENDORS, " autotask, syncro,,autotask ").unwrap();
        assert_eq!(config.paused_vendors, vec!["autotask", "syncro"]);
        assert!(config.operator_paused("syncro") && !config.operator_paused("datto-rmm"));
        assert!(load(&base()).unwrap().paused_vendors.is_empty());
        let error = load_with(names::PAUSED_VENDORS, "autotask,autotsak").unwrap_err();
        assert_eq!(error.setting(), names::PAUSED_VENDORS);
        let message = error.to_string();
        assert!(message.contains("entry 2 is not a vendor id"), "{message}");
        assert!(message.contains("datto-rmm"), "{message}");
        assert!(
            !message.contains("autotsak"),
            "the value is not echoed: {message}"
        );
    }

    #[test]
    fn a_complete_configuration_parses() {
        let config = load(&base()).unwrap();
        assert_eq!(config.origin(), "https://mcp.example.com");
        assert_eq!(config.environment, Environment::Production);
        assert_eq!(config.durable_object_jurisdiction, None);
        assert_eq!(config.credential_keys.current().id, "v2");
        assert_eq!(config.credential_keys.current().bytes(), &[0xfb; 32]);
        let old = config.credential_keys.get("v1").unwrap();
        assert_eq!(old.bytes()[31], 31);
        assert_eq!(config.credential_keys.keys().len(), 2);
    }

    #[test]
    fn the_connectwise_client_id_is_an_optional_guid() {
        let config = load(&base()).unwrap();
        assert_eq!(config.vendor_setting(names::CONNECTWISE_CLIENT_ID), None);
        let config = load_with(
            names::CONNECTWISE_CLIENT_ID,
            " 0A1B2C3D-1111-2222-3333-444455556666 ",
        )
        .unwrap();
        assert_eq!(
            config.vendor_setting(names::CONNECTWISE_CLIENT_ID),
            Some("0a1b2c3d-1111-2222-3333-444455556666")
        );
        assert_eq!(config.vendor_setting("OTHER"), None);
        let error = load_with(names::CONNECTWISE_CLIENT_ID, "not-a-guid").unwrap_err();
        assert_eq!(error.setting(), names::CONNECTWISE_CLIENT_ID);
        assert!(!error.to_string().contains("not-a-guid"), "{error}");
    }

    #[test]
    fn each_missing_setting_is_named() {
        for name in [
            names::PUBLIC_ORIGIN,
            names::ENVIRONMENT,
            names::TOKEN_SIGNING_KEYS,
            names::CREDENTIAL_KEYS,
        ] {
            let mut values = base();
            values.remove(name);
            assert_eq!(load(&values).unwrap_err(), ConfigError::Missing { name });
            values.insert(name, "   ".to_owned());
            assert_eq!(
                load(&values).unwrap_err(),
                ConfigError::Missing { name },
                "blank {name}"
            );
        }
    }

    #[test]
    fn origins_must_be_bare_and_https_outside_development() {
        for bad in [
            "mcp.example.com",
            "http://mcp.example.com",
            "ftp://mcp.example.com",
            "https://mcp.example.com/v1",
            "https://mcp.example.com/?x=1",
            "https://user:pw@mcp.example.com",
        ] {
            let error = load_with(names::PUBLIC_ORIGIN, bad).unwrap_err();
            assert_eq!(error.setting(), names::PUBLIC_ORIGIN, "{bad}");
            assert!(matches!(error, ConfigError::Malformed { .. }), "{bad}");
        }
        let mut values = base();
        values.insert(names::ENVIRONMENT, "development".to_owned());
        values.insert(names::PUBLIC_ORIGIN, "http://127.0.0.1:8787".to_owned());
        assert_eq!(load(&values).unwrap().origin(), "http://127.0.0.1:8787");
    }

    #[test]
    fn development_is_only_for_a_gateway_on_this_machine() {
        let mut values = base();
        values.insert(names::ENVIRONMENT, "development".to_owned());
        for origin in [
            "https://mcp.example.com",
            "http://mcp.example.com",
            "http://10.0.0.5:8787",
        ] {
            values.insert(names::PUBLIC_ORIGIN, origin.to_owned());
            let error = load(&values).unwrap_err();
            assert_eq!(error.setting(), names::ENVIRONMENT, "{origin}");
        }
        for origin in [
            "http://localhost:8787",
            "http://127.0.0.1:9000",
            "http://[::1]:8787",
        ] {
            values.insert(names::PUBLIC_ORIGIN, origin.to_owned());
            assert!(load(&values).is_ok(), "{origin}");
        }
    }

    #[test]
    fn unknown_environment_and_jurisdiction_are_rejected() {
        let error = load_with(names::ENVIRONMENT, "staging").unwrap_err();
        assert_eq!(error.setting(), names::ENVIRONMENT);
        let error = load_with(names::DURABLE_OBJECT_JURISDICTION, "mars").unwrap_err();
        assert_eq!(error.setting(), names::DURABLE_OBJECT_JURISDICTION);
        let config = load_with(names::DURABLE_OBJECT_JURISDICTION, "eu").unwrap();
        assert_eq!(config.durable_object_jurisdiction.as_deref(), Some("eu"));
    }

    #[test]
    fn malformed_key_rings_are_explained_without_revealing_the_value() {
        let secret_looking = "hunter2-not-base64!";
        for (value, expected) in [
            (
                secret_looking.to_owned(),
                "entry 1 is not of the form id:key",
            ),
            (format!("v1:{secret_looking}"), "key v1 is not valid base64"),
            (
                "v1:AAEC".to_owned(),
                "key v1 must decode to exactly 32 bytes",
            ),
            (format!("v1:{KEY_A},v1:{KEY_B}"), "key id v1 appears twice"),
            (format!("v1:{KEY_A},"), "entry 2 is not of the form id:key"),
            (format!("bad id:{KEY_A}"), "entry 1 has an invalid key id"),
        ] {
            let error = load_with(names::CREDENTIAL_KEYS, &value).unwrap_err();
            let message = error.to_string();
            assert!(
                message.starts_with("CREDENTIAL_KEYS is malformed: "),
                "{message}"
            );
            assert!(
                message.contains(expected),
                "{message} should say {expected}"
            );
            assert!(
                !message.contains(secret_looking),
                "{message} leaks the value"
            );
            assert!(!message.contains(KEY_A), "{message} leaks the key");
        }
    }

    #[test]
    fn token_lifetimes_default_and_are_bounded() {
        let config = load(&base()).unwrap();
        assert_eq!(
            (config.access_token_ttl, config.refresh_token_ttl),
            (3_600, 2_592_000)
        );
        assert_eq!(
            load_with(names::ACCESS_TOKEN_TTL_SECONDS, "120")
                .unwrap()
                .access_token_ttl,
            120
        );
        assert_eq!(
            (config.authorization_code_ttl, config.refresh_grace),
            (60, 2)
        );
        let error = load_with(names::REFRESH_GRACE_SECONDS, "11").unwrap_err();
        assert_eq!(
            error.setting(),
            names::REFRESH_GRACE_SECONDS,
            "a retry window is seconds, not a second chance for stolen tokens"
        );
        let error = load_with(names::AUTHORIZATION_CODE_TTL_SECONDS, "61").unwrap_err();
        assert_eq!(error.setting(), names::AUTHORIZATION_CODE_TTL_SECONDS);
        for bad in ["0", "4", "abc", "86401"] {
            let error = load_with(names::ACCESS_TOKEN_TTL_SECONDS, bad).unwrap_err();
            assert_eq!(error.setting(), names::ACCESS_TOKEN_TTL_SECONDS, "{bad}");
        }
    }

    #[test]
    fn allowed_origins_are_bare_origins() {
        let mut values = base();
        values.insert(
            names::MCP_ALLOWED_ORIGINS,
            "http://localhost:6274, https://app.example.com".into(),
        );
        let config = load(&values).unwrap();
        assert_eq!(
            config.mcp_allowed_origins,
            ["http://localhost:6274", "https://app.example.com"]
        );
        for bad in [
            "app.example.com",
            "https://app.example.com/path",
            "ftp://x.example",
            "https://x.example/",
        ] {
            values.insert(names::MCP_ALLOWED_ORIGINS, bad.into());
            assert!(load(&values).is_err(), "{bad}");
        }
        assert!(load(&base()).unwrap().mcp_allowed_origins.is_empty());
    }

    #[test]
    fn trusted_client_hosts_are_bare_lowercased_names() {
        let mut values = base();
        values.insert(
            names::TRUSTED_CLIENT_HOSTS,
            "Claude.ai, app.example.com,".into(),
        );
        let config = load(&values).unwrap();
        assert_eq!(
            config.trusted_client_hosts,
            ["claude.ai", "app.example.com"]
        );
        for bad in [
            "https://claude.ai",
            "claude.ai/path",
            "claude.ai:443",
            "localhost",
            "10.0.0.1",
            "*.example.com",
        ] {
            values.insert(names::TRUSTED_CLIENT_HOSTS, bad.into());
            let error = load(&values).unwrap_err();
            assert_eq!(error.setting(), names::TRUSTED_CLIENT_HOSTS, "{bad}");
        }
        assert!(load(&base()).unwrap().trusted_client_hosts.is_empty());
    }

    #[test]
    fn upstream_overrides_are_honoured_only_in_development() {
        let mut values = base();
        values.insert(names::ENVIRONMENT, "development".into());
        values.insert(names::PUBLIC_ORIGIN, "http://127.0.0.1:8787".into());
        values.insert(
            names::UPSTREAM_OVERRIDES,
            r#"{"datto-rmm":"http://127.0.0.1:9100/","itglue":"https://sandbox.itglue.example/api"}"#.into(),
        );
        let config = load(&values).unwrap();
        assert_eq!(
            config.upstream_override("datto-rmm"),
            Some("http://127.0.0.1:9100")
        );
        assert_eq!(
            config.upstream_override("itglue"),
            Some("https://sandbox.itglue.example/api")
        );
        assert_eq!(config.upstream_override("syncro"), None);

        values.insert(names::ENVIRONMENT, "production".into());
        values.insert(names::PUBLIC_ORIGIN, "https://mcp.example.com".into());
        let error = load(&values).unwrap_err();
        assert_eq!(error.setting(), names::UPSTREAM_OVERRIDES);
        assert!(
            error
                .to_string()
                .contains("only with ENVIRONMENT=development"),
            "{error}"
        );
        assert!(
            !error.to_string().contains("9100"),
            "the value is not echoed"
        );
        values.insert(names::ENVIRONMENT, "development".into());
        values.insert(names::PUBLIC_ORIGIN, "http://127.0.0.1:8787".into());
        for (json, needle) in [
            (r#"{"itglue":"ftp://x.example"}"#, "http or https"),
            (r#"{"nope":"https://x.example"}"#, "nope is not a vendor id"),
            (r#"{"itglue":"https://x.example/?a=1"}"#, "query"),
            ("[1]", "JSON object"),
        ] {
            values.insert(names::UPSTREAM_OVERRIDES, json.into());
            let error = load(&values).unwrap_err();
            assert_eq!(error.setting(), names::UPSTREAM_OVERRIDES);
            assert!(error.to_string().contains(needle), "{error}");
        }
    }

    #[test]
    fn mail_is_logged_in_development_and_off_in_production_by_default() {
        assert_eq!(load(&base()).unwrap().mail_sender, MailSender::Off);
        let mut values = base();
        values.insert(names::ENVIRONMENT, "development".into());
        values.insert(names::PUBLIC_ORIGIN, "http://127.0.0.1:8787".into());
        assert_eq!(load(&values).unwrap().mail_sender, MailSender::Log);
        values.insert(names::MAIL_SENDER, "log".into());
        assert_eq!(load(&values).unwrap().mail_sender, MailSender::Log);
        let error = load_with(names::MAIL_SENDER, "log").unwrap_err();
        assert_eq!(error.setting(), names::MAIL_SENDER);
        assert!(error.to_string().contains("development only"), "{error}");
    }

    #[test]
    fn a_mail_api_needs_https_a_from_address_and_a_key() {
        let mut values = base();
        values.insert(names::MAIL_SENDER, "https://api.mail.example/emails".into());
        assert_eq!(
            load(&values).unwrap_err(),
            ConfigError::Missing {
                name: names::MAIL_FROM
            }
        );
        values.insert(
            names::MAIL_FROM,
            "MCP Gateway <no-reply@mcp.example.com>".into(),
        );
        assert_eq!(
            load(&values).unwrap_err(),
            ConfigError::Missing {
                name: names::MAIL_API_KEY
            }
        );
        values.insert(names::MAIL_API_KEY, "re_live_0123456789".into());
        let config = load(&values).unwrap();
        let MailSender::Api { url, from, key } = &config.mail_sender else {
            panic!("expected an API sender, got {:?}", config.mail_sender);
        };
        assert_eq!(url, "https://api.mail.example/emails");
        assert_eq!(from, "MCP Gateway <no-reply@mcp.example.com>");
        assert_eq!(key.expose(), "re_live_0123456789");
        assert!(
            !format!("{config:?}").contains("re_live_0123456789"),
            "the mail key leaked into Debug"
        );

        for bad in [
            "http://api.mail.example/emails",
            "https://127.0.0.1/emails",
            "https://user:pw@api.mail.example/",
            "not a url",
        ] {
            values.insert(names::MAIL_SENDER, bad.into());
            let error = load(&values).unwrap_err();
            assert_eq!(error.setting(), names::MAIL_SENDER, "{bad}");
            assert!(!error.to_string().contains("pw@"), "{error}");
        }
        values.insert(names::MAIL_SENDER, "https://api.mail.example/emails".into());
        for bad in ["no-reply", "a@b.example\r\nBcc: x@y.example"] {
            values.insert(names::MAIL_FROM, bad.into());
            assert_eq!(
                load(&values).unwrap_err().setting(),
                names::MAIL_FROM,
                "{bad}"
            );
        }

        values.insert(names::MAIL_FROM, "no-reply@127.0.0.1".into());
        values.insert(names::ENVIRONMENT, "development".into());
        values.insert(names::PUBLIC_ORIGIN, "http://127.0.0.1:8787".into());
        values.insert(names::MAIL_SENDER, "http://127.0.0.1:9025/emails".into());
        assert!(matches!(
            load(&values).unwrap().mail_sender,
            MailSender::Api { .. }
        ));
    }

    #[test]
    fn the_sign_in_backoff_defaults_to_a_minute_and_is_bounded() {
        assert_eq!(load(&base()).unwrap().sign_in_backoff, 60);
        assert_eq!(
            load_with(names::SIGN_IN_BACKOFF_SECONDS, "5")
                .unwrap()
                .sign_in_backoff,
            5
        );
        for bad in ["0", "3601", "soon"] {
            let error = load_with(names::SIGN_IN_BACKOFF_SECONDS, bad).unwrap_err();
            assert_eq!(error.setting(), names::SIGN_IN_BACKOFF_SECONDS, "{bad}");
        }
    }

    #[test]
    fn every_request_is_logged_unless_the_operator_keeps_only_errors() {
        assert_eq!(load(&base()).unwrap().request_log, RequestLogPolicy::All);
        assert_eq!(
            load_with(names::REQUEST_LOG, "errors").unwrap().request_log,
            RequestLogPolicy::Errors
        );
        let error = load_with(names::REQUEST_LOG, "off").unwrap_err();
        assert_eq!(error.setting(), names::REQUEST_LOG);
        assert!(error.to_string().contains("`all` or `errors`"));
    }

    #[test]
    fn server_timing_is_off_unless_switched_on() {
        assert!(!load(&base()).unwrap().server_timing);
        assert!(load_with(names::SERVER_TIMING, "on").unwrap().server_timing);
        assert!(
            !load_with(names::SERVER_TIMING, "off")
                .unwrap()
                .server_timing
        );
        let error = load_with(names::SERVER_TIMING, "yes").unwrap_err();
        assert_eq!(error.setting(), names::SERVER_TIMING);
    }

    #[test]
    fn vendor_budgets_and_the_headroom_are_typed_and_checked() {
        let defaults = load(&base()).unwrap();
        assert!(defaults.vendor_budgets.is_empty());
        assert_eq!(defaults.budget_headroom_percent, 20);
        let set = load_with(names::VENDOR_BUDGETS, " autotask=40/3600, syncro = 90/60 ").unwrap();
        assert_eq!(
            set.vendor_budgets,
            BTreeMap::from([
                ("autotask".to_owned(), (40, 3_600)),
                ("syncro".to_owned(), (90, 60)),
            ])
        );
        assert_eq!(
            load_with(names::BUDGET_HEADROOM_PERCENT, "0")
                .unwrap()
                .budget_headroom_percent,
            0
        );
        for bad in [
            "autotask",
            "autotask=40",
            "autotask=0/3600",
            "autotask=40/0",
            "autotask=40/86401",
            "autotask=x/60",
            "nosuchvendor=1/60",
            "autotask=1/60,autotask=2/60",
        ] {
            let error = load_with(names::VENDOR_BUDGETS, bad).unwrap_err();
            assert_eq!(error.setting(), names::VENDOR_BUDGETS, "{bad}");
        }
        let unknown = load_with(names::VENDOR_BUDGETS, "nosuchvendor=1/60").unwrap_err();
        assert!(!unknown.to_string().contains("nosuchvendor"), "{unknown}");
        assert!(unknown.to_string().contains("autotask"), "{unknown}");
        let error = load_with(names::BUDGET_HEADROOM_PERCENT, "91").unwrap_err();
        assert_eq!(error.setting(), names::BUDGET_HEADROOM_PERCENT);
    }

    #[test]
    fn the_breaker_trips_after_five_failures_for_thirty_seconds_by_default() {
        let defaults = load(&base()).unwrap().breaker;
        assert_eq!((defaults.failures, defaults.cooldown_ms), (5, 30_000));
        let set = load_with(names::BREAKER_COOLDOWN_SECONDS, "2")
            .unwrap()
            .breaker;
        assert_eq!(set.cooldown_ms, 2_000);
        for (name, bad) in [
            (names::BREAKER_FAILURES, "0"),
            (names::BREAKER_COOLDOWN_SECONDS, "601"),
        ] {
            assert_eq!(load_with(name, bad).unwrap_err().setting(), name);
        }
    }

    #[test]
    fn debug_output_redacts_key_material() {
        let config = load(&base()).unwrap();
        let debug = format!("{config:?}");
        assert!(debug.contains("<redacted>"));
        assert!(
            !debug.contains("251"),
            "raw key bytes leaked into Debug: {debug}"
        );
    }
}
