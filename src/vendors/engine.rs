//! The engine's upstream client: sends vendor requests over `fetch` with a timeout, applies
//! the vendor's authentication from unsealed credentials, runs and caches token exchanges and
//! OAuth tokens (sealed, in KV; the OAuth requests themselves are `tokens.rs`) and refreshes
//! them once when the vendor answers 401, reads failures through the vendor's hook, keeps
//! within the vendor's concurrency and request budget, and reads and caches picklists.
//!
//! Written once for every vendor; a vendor folder only supplies data and small functions.

use super::kit::api::{overridden_root, Upstream};
use super::kit::breaker::{self, Breakers, Outcome};
use super::kit::fields::{self, Credentials};
use super::kit::pace::{self, Admission, Pace, Window};
use super::kit::picklist::PicklistField;
use super::kit::request::{Call, Safety};
use super::kit::retry::{self, Decision};
use super::kit::upstream::{
    Body, UpstreamError, UpstreamRequest, UpstreamResponse, VendorSession, Verb,
};
use super::Vendor;
use crate::config::Config;
use crate::governor::{self, Permit};
use crate::stream_read::{read_whole, StreamError};
use crate::timing::{Phase, Timings};
use crate::vault::seal::{self, Binding, Contents, Sealed};
use futures::future::{select, Either};
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;
use worker::{
    AbortController, Delay, Env, Fetch, Headers, Method, Request, RequestInit, RequestRedirect,
};

/// The KV namespace holding caches.
const CACHE: &str = "CACHE";
/// The largest vendor answer read, in bytes (a page of vendor records is far smaller).
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// KV refuses expirations shorter than this, in seconds.
const KV_MIN_TTL: u64 = 60;

/// Everything needed to call one vendor for one connection.
pub struct Target<'a> {
    pub vendor: &'static Vendor,
    pub upstream: &'static Upstream,
    pub credentials: &'a Credentials,
    pub tenant_id: &'a str,
    pub user_id: &'a str,
    pub connection_id: &'a str,
    /// Changes whenever the credentials change, so a cached session never outlives them.
    pub fingerprint: &'a str,
    /// Where the time spent waiting for the vendor is added up, when the caller keeps count.
    pub timings: Option<&'a Timings>,
}

impl Target<'_> {
    /// Waits for `work` (an exchange with the vendor), counting the wait as vendor time.
    async fn waiting<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        self.timed(Phase::Vendor, work).await
    }

    /// Waits for `work`, counting the wait towards `phase` when the caller keeps count.
    async fn timed<T>(&self, phase: Phase, work: impl std::future::Future<Output = T>) -> T {
        match self.timings {
            Some(timings) => timings.time(phase, work).await,
            None => work.await,
        }
    }

    /// The API root: the vendor's own for these credentials, or the configured override
    /// (which may carry the vendor's own root, `kit::api::overridden_root`).
    pub fn base_url(&self, config: &Config) -> String {
        let own = (self.upstream.base_url)(self.credentials);
        match config.upstream_override(self.vendor.id) {
            Some(root) => overridden_root(root, &own),
            None => own,
        }
    }

    fn session_binding(&self) -> Binding<'_> {
        Binding {
            tenant_id: self.tenant_id,
            user_id: self.user_id,
            vendor: self.vendor.id,
            connection_id: self.connection_id,
            // The session is keyed by the credentials' fingerprint, which changes with them.
            settings: "",
            contents: Contents::VendorSession,
        }
    }

    fn cache_key(&self) -> String {
        session_cache_key(self.connection_id, self.fingerprint)
    }

    /// The credentials calls use: the connection's, with the operator's settings where the
    /// connect form falls back to them (ConnectWise's client id).
    fn effective_credentials<'c>(
        &'c self,
        config: &'c Config,
    ) -> Result<std::borrow::Cow<'c, Credentials>, UpstreamError> {
        fields::with_operator_defaults(self.vendor.connect.fields, self.credentials, |name| {
            config.vendor_setting(name)
        })
        .map_err(|setting| UpstreamError::NotConfigured { setting })
    }
}

thread_local! {
    /// Vendor sessions this isolate has used, by [`session_cache_key`], with the time (ms since
    /// the epoch) they stop being used. Saves the KV read and the unseal on every call; KV stays
    /// the cache shared between isolates.
    static IN_MEMORY: RefCell<HashMap<String, (VendorSession, f64)>> = RefCell::new(HashMap::new());
}

/// The isolate's copy of a vendor session, if it has one that has not expired.
fn remembered(key: &str) -> Option<VendorSession> {
    let now = js_sys::Date::now();
    IN_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        match memory.get(key) {
            Some((session, until)) if *until > now => Some(session.clone()),
            Some(_) => {
                memory.remove(key);
                None
            }
            None => None,
        }
    })
}

fn remember(key: String, session: &VendorSession) {
    let until = js_sys::Date::now() + session.ttl_seconds as f64 * 1000.0;
    IN_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        // A bound on memory: connections are few per isolate, so clearing is rare.
        if memory.len() >= 1024 {
            memory.clear();
        }
        memory.insert(key, (session.clone(), until));
    });
}

/// Where a connection's sealed vendor session is cached; the fingerprint changes with the
/// credentials, so a session never outlives the keys that bought it.
pub(super) fn session_cache_key(connection_id: &str, fingerprint: &str) -> String {
    format!("vendor-session:{connection_id}:{fingerprint}")
}

/// How many redirects on the vendor's own origin are followed for one call.
const MAX_REDIRECTS: usize = 3;

/// Sends one request and reads the whole answer, giving up after the configured timeout.
/// Redirects are followed only on the origin of the request, so the credentials it carries
/// never go to a host a vendor's answer names; a redirect elsewhere is a failure.
pub async fn send(
    config: &Config,
    request: &UpstreamRequest,
) -> Result<UpstreamResponse, UpstreamError> {
    let mut request = request.clone();
    for _ in 0..=MAX_REDIRECTS {
        let (response, location) = send_once(config, &request).await?;
        let Some(location) = location else {
            return Ok(response);
        };
        let here = url::Url::parse(&request.url).map_err(|_| UpstreamError::Unreachable)?;
        let there = here
            .join(&location)
            .map_err(|_| UpstreamError::InvalidResponse {
                detail: "the vendor redirected to an address that is not a URL".into(),
            })?;
        if there.origin() != here.origin() {
            return Err(UpstreamError::InvalidResponse {
                detail: format!(
                    "the vendor redirected to {}; credentials are only sent to the vendor's API host",
                    there.host_str().unwrap_or("another host")
                ),
            });
        }
        if response.status == 303 {
            request.method = Verb::Get;
            request.body = None;
        }
        request.url = there.to_string();
    }
    Err(UpstreamError::InvalidResponse {
        detail: format!("the vendor redirected more than {MAX_REDIRECTS} times"),
    })
}

/// One request and its answer, read up to [`MAX_RESPONSE_BYTES`] while it streams in; for a
/// redirect, the `Location` it names.
async fn send_once(
    config: &Config,
    request: &UpstreamRequest,
) -> Result<(UpstreamResponse, Option<String>), UpstreamError> {
    let seconds = config.upstream_timeout as u64;
    let headers = Headers::new();
    for (name, value) in &request.headers {
        headers
            .set(name, value)
            .map_err(|_| UpstreamError::Unreachable)?;
    }
    if let Some(body) = &request.body {
        headers
            .set("content-type", body.content_type)
            .map_err(|_| UpstreamError::Unreachable)?;
    }
    let mut init = RequestInit::new();
    init.with_method(method(request.method))
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual);
    if let Some(body) = &request.body {
        init.with_body(Some(body.text.clone().into()));
    }
    let outgoing =
        Request::new_with_init(&request.url, &init).map_err(|_| UpstreamError::Unreachable)?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let fetch = Fetch::Request(outgoing);
    let exchange = Box::pin(async {
        let unreachable = |_| UpstreamError::Unreachable;
        let response = fetch.send_with_signal(&signal).await.map_err(unreachable)?;
        let status = response.status_code();
        let headers = response.headers();
        let location = match status {
            301 | 302 | 303 | 307 | 308 => headers.get("location").map_err(unreachable)?,
            _ => None,
        };
        let retry_after = headers.get("retry-after").map_err(unreachable)?;
        let link = headers.get("link").map_err(unreachable)?;
        // A compressed body's declared length says nothing of what it inflates to.
        let encoded = headers
            .get("content-encoding")
            .map_err(unreachable)?
            .is_some_and(|coding| !coding.eq_ignore_ascii_case("identity"));
        let declared = headers
            .get("content-length")
            .map_err(unreachable)?
            .and_then(|length| length.parse::<u64>().ok())
            .filter(|_| !encoded);
        // A redirect's body is not read.
        let body = match location {
            Some(_) => Vec::new(),
            None => {
                let response = worker::web_sys::Response::from(response);
                read_whole(&response, declared, MAX_RESPONSE_BYTES)
                    .await
                    .map_err(|error| match error {
                        StreamError::TooLarge { .. } => too_large(),
                        StreamError::Broken => UpstreamError::Unreachable,
                    })?
            }
        };
        let answer = UpstreamResponse {
            status,
            retry_after,
            link,
            url: request.url.clone(),
            body,
        };
        Ok((answer, location))
    });
    let outcome = select(
        exchange,
        Box::pin(Delay::from(Duration::from_secs(seconds))),
    )
    .await;
    match outcome {
        Either::Left((result, _)) => {
            if result.is_err() {
                controller.abort();
            }
            result
        }
        Either::Right(_) => {
            controller.abort();
            Err(UpstreamError::Timeout { seconds })
        }
    }
}

/// The failure for an answer over [`MAX_RESPONSE_BYTES`].
fn too_large() -> UpstreamError {
    UpstreamError::InvalidResponse {
        detail: format!(
            "the answer is larger than {} MiB",
            MAX_RESPONSE_BYTES / (1024 * 1024)
        ),
    }
}

fn method(verb: Verb) -> Method {
    match verb {
        Verb::Get => Method::Get,
        Verb::Post => Method::Post,
        Verb::Put => Method::Put,
        Verb::Patch => Method::Patch,
        Verb::Delete => Method::Delete,
    }
}

/// The vendor session for a target: from the sealed KV cache unless `fresh`, else by running
/// the vendor's exchange or OAuth token request (and caching the result). `None` for vendors
/// without one.
async fn session(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    fresh: bool,
) -> Result<Option<(VendorSession, bool)>, UpstreamError> {
    let oauth = target.upstream.oauth();
    if target.upstream.session.is_none() && oauth.is_none() {
        return Ok(None);
    }
    if !fresh {
        if let Some(session) = cached_session(env, config, target, &target.cache_key()).await {
            return Ok(Some((session, true)));
        }
    }
    let session = match (oauth, &target.upstream.session) {
        (Some(oauth), _) => {
            let obtained = super::tokens::obtain(env, config, target, oauth).await?;
            if let Some(fingerprint) = &obtained.renewed {
                // The rotated refresh token changed the connection's fingerprint: the next
                // request looks the token up under the new one.
                let key = session_cache_key(target.connection_id, fingerprint);
                cache_session(env, config, target, key, &obtained.session).await;
            }
            obtained.session
        }
        (None, Some(exchange)) => {
            let base = target.base_url(config);
            let credentials = target.effective_credentials(config)?;
            let request = (exchange.request)(&credentials, &base);
            let response = send(config, &request).await?;
            let secrets = target.credentials.secret_values();
            let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
            (exchange.parse)(&response, &base, &secrets)?
        }
        (None, None) => return Ok(None),
    };
    cache_session(env, config, target, target.cache_key(), &session).await;
    Ok(Some((session, false)))
}

/// A target's vendor session cached under `key`: this isolate's copy, else KV's (unsealed).
pub(super) async fn cached_session(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    key: &str,
) -> Option<VendorSession> {
    if let Some(session) = remembered(key) {
        return Some(session);
    }
    let kv = env.kv(CACHE).ok()?;
    let cached = kv.get(key).json::<CachedSession>().await.ok()??;
    let sealed = Sealed {
        key_version: cached.key_version,
        blob: cached.blob,
    };
    let session = seal::open(&config.credential_keys, &target.session_binding(), &sealed)
        .ok()
        .and_then(|plain| serde_json::from_slice::<VendorSession>(&plain).ok())?;
    remember(key.to_owned(), &session);
    Some(session)
}

/// Caches a target's vendor session under `key`, in this isolate and sealed in KV.
async fn cache_session(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    key: String,
    session: &VendorSession,
) {
    remember(key.clone(), session);
    let Ok(kv) = env.kv(CACHE) else {
        return;
    };
    let plain = serde_json::to_vec(session).expect("a session always serializes");
    let sealed = seal::seal(&config.credential_keys, &target.session_binding(), &plain);
    let cached = CachedSession {
        key_version: sealed.key_version,
        blob: sealed.blob,
    };
    if let Ok(put) = kv.put(&key, &cached) {
        let _ = put
            .expiration_ttl(session.ttl_seconds.max(KV_MIN_TTL))
            .execute()
            .await;
    }
}

/// Caches a session obtained outside a call (the tokens a vendor sign-in just brought) as
/// the target's, so the first call uses it instead of asking the vendor again.
pub async fn seed_session(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    session: &VendorSession,
) {
    cache_session(env, config, target, target.cache_key(), session).await;
}

/// A sealed vendor session as cached in KV.
#[derive(serde::Serialize, serde::Deserialize)]
struct CachedSession {
    key_version: String,
    blob: String,
}

/// Makes one authenticated call, retrying what a retry can fix ([`retry::decide`]): a 429
/// within the vendor's `Retry-After`, and a 5xx or a connection failure on reads (`safety`,
/// from the tool's access, not from the verb). A 401 on a cached vendor token runs the
/// exchange again and retries once. A failure the vendor's hook reads, or any other non-2xx
/// answer, becomes an [`UpstreamError`]. At most the vendor's concurrency is in flight per
/// connection and API resource.
pub async fn call(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    call: &Call,
    safety: Safety,
) -> Result<UpstreamResponse, UpstreamError> {
    let account = target.cache_key();
    let mut attempt = 1;
    loop {
        let admission = BREAKERS.with(|b| {
            b.borrow_mut()
                .admit(&account, config.breaker, js_sys::Date::now())
        });
        if let breaker::Admission::Refuse { retry_in_seconds } = admission {
            return Err(UpstreamError::CircuitOpen { retry_in_seconds });
        }
        let result = call_once(env, config, target, call).await;
        let outcome = match &result {
            Err(
                UpstreamError::Unavailable { .. }
                | UpstreamError::Timeout { .. }
                | UpstreamError::Unreachable,
            ) => Some(Outcome::Failed),
            // Not sent: the governor kept it back, the vendor said nothing.
            Err(UpstreamError::BudgetUsedUp { .. } | UpstreamError::BudgetUnavailable) => None,
            _ => Some(Outcome::Answered),
        };
        if let Some(outcome) = outcome {
            BREAKERS.with(|b| {
                b.borrow_mut()
                    .record(&account, config.breaker, outcome, js_sys::Date::now())
            });
        }
        match result {
            Ok(response) => return Ok(response),
            Err(error) => {
                if let (
                    Some(_),
                    UpstreamError::RateLimited {
                        retry_after_seconds: Some(seconds),
                    },
                ) = (target.upstream.pace, &error)
                {
                    hold(target.connection_id, *seconds);
                }
                match retry::decide(attempt, &error, safety == Safety::Read, unit_random()) {
                    Decision::GiveUp => return Err(error),
                    Decision::Retry(wait) => {
                        Delay::from(wait).await;
                        attempt += 1;
                    }
                }
            }
        }
    }
}

thread_local! {
    /// This isolate's circuit breakers, by vendor account (connection and credentials).
    static BREAKERS: RefCell<Breakers> = RefCell::new(Breakers::default());
}

/// One attempt (with the one-off session refresh on a 401).
async fn call_once(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    call: &Call,
) -> Result<UpstreamResponse, UpstreamError> {
    let mut fresh = false;
    loop {
        let session = target.waiting(session(env, config, target, fresh)).await?;
        let base = session
            .as_ref()
            .and_then(|(s, _)| s.base_url.clone())
            .unwrap_or_else(|| target.base_url(config));
        let _slot = match target.upstream.concurrency {
            Some(limit) => {
                let key = format!("{}:{}", target.connection_id, call.resource(&base));
                Some(Slot::take(key, limit).await)
            }
            None => None,
        };
        if let Some(budget) = target.upstream.pace {
            paced(target.connection_id, budget).await?;
        }
        // Every vendor request (each page of a list too) spends one call of the account's
        // budget, from the isolate's slice when it has one (`src/governor/`).
        let governed = governor::budget(config, target.vendor.id, target.upstream).map(|budget| {
            let account = governor::account(
                target.tenant_id,
                target.vendor.id,
                target.upstream,
                target.credentials,
            );
            (budget, account)
        });
        let permit = match &governed {
            Some((budget, account)) => {
                let spending = governor::spend(env, config, account, budget);
                target.timed(Phase::Budget, spending).await?
            }
            None => Permit::Go,
        };
        let url = if call.is_absolute() {
            call.path.clone()
        } else {
            format!("{base}{}", call.path)
        };
        let mut request = UpstreamRequest::new(call.method, url)
            .header("accept", "application/json")
            .header("user-agent", USER_AGENT);
        if let Some(body) = &call.body {
            request.body = Some(Body {
                content_type: target.upstream.json_type,
                text: body.to_string(),
            });
        }
        let credentials = target.effective_credentials(config)?;
        request.headers.extend(
            target
                .upstream
                .auth
                .headers(&credentials, session.as_ref().map(|(s, _)| s)),
        );
        let count_headers = (permit == Permit::GoAndCount).then(|| request.headers.clone());
        let response = target.waiting(send(config, &request)).await?;
        if let (Some(headers), Some((budget, account))) = (count_headers, &governed) {
            count_from_vendor(env, config, target, budget, account, &base, headers).await;
        }
        // The vendor session's token is as secret as the keys that bought it.
        let secrets = || {
            let mut secrets = target.credentials.secret_values();
            secrets.extend(session.as_ref().and_then(|(s, _)| s.token.clone()));
            secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
            secrets
        };
        if let Some(classify) = target.upstream.classify {
            let secrets = secrets();
            let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
            if let Some(error) = classify(&response, &secrets) {
                return Err(signalled(env, config, &governed, error).await);
            }
        }
        if response.ok() {
            return Ok(response);
        }
        // Only a cached token can have gone stale; a discovery step (Autotask's zone) cannot
        // fix a refusal of the keys themselves.
        let stale_token = session
            .as_ref()
            .is_some_and(|(s, cached)| *cached && s.token.is_some());
        if response.status == 401 && stale_token && !fresh {
            fresh = true;
            continue;
        }
        let secrets = secrets();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let error = UpstreamError::from_response(&response, &secrets);
        return Err(signalled(env, config, &governed, error).await);
    }
}

/// Passes a vendor's "wait" on to the account's governor: a 429 (or a vendor's own
/// rate-limit answer) with its wait blocks the account for every isolate until then.
async fn signalled(
    env: &Env,
    config: &Config,
    governed: &Option<(super::kit::budget::Budget, String)>,
    error: UpstreamError,
) -> UpstreamError {
    if let (
        Some((_, account)),
        UpstreamError::RateLimited {
            retry_after_seconds: Some(seconds),
        },
    ) = (governed, &error)
    {
        governor::blocked(env, config, account, *seconds).await;
    }
    error
}

/// Asks the vendor for its own count of the account's requests (Autotask's
/// `ThresholdInformation`, counted by the other integrations too) with the headers of the call
/// just made, and reports it to the account's governor. The call was spent with the slice
/// that asked for it. Best effort: a failure leaves the governor's own count deciding.
async fn count_from_vendor(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    budget: &super::kit::budget::Budget,
    account: &str,
    base: &str,
    headers: Vec<(&'static str, String)>,
) {
    let Some(count) = budget.count else {
        return;
    };
    let call = (count.call)();
    let mut request = UpstreamRequest::new(call.method, format!("{base}{}", call.path));
    request.headers = headers
        .into_iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
        .collect();
    if let Ok(response) = target.waiting(send(config, &request)).await {
        if let Some(observed) = response
            .ok()
            .then(|| (count.parse)(&response.body).ok())
            .flatten()
        {
            governor::observed(env, config, account, &observed).await;
        }
    }
}

thread_local! {
    /// Calls in flight in this isolate, by connection and API resource.
    static IN_FLIGHT: RefCell<HashMap<String, usize>> = RefCell::new(HashMap::new());
}

/// How long a call waiting for a free slot sleeps between looks.
const SLOT_POLL: Duration = Duration::from_millis(20);

/// One of the calls a vendor allows in flight at once for a connection and resource; freed
/// when dropped (also when the request is cancelled mid-call).
struct Slot(String);

impl Slot {
    /// Waits until fewer than `limit` calls hold the key, then takes a slot.
    async fn take(key: String, limit: usize) -> Self {
        loop {
            let taken = IN_FLIGHT.with(|flights| {
                let mut flights = flights.borrow_mut();
                let count = flights.entry(key.clone()).or_insert(0);
                (*count < limit).then(|| *count += 1).is_some()
            });
            if taken {
                return Self(key);
            }
            Delay::from(SLOT_POLL).await;
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        IN_FLIGHT.with(|flights| {
            let mut flights = flights.borrow_mut();
            if let Some(count) = flights.get_mut(&self.0) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    flights.remove(&self.0);
                }
            }
        });
    }
}

thread_local! {
    /// The calls this isolate sent per connection, for vendors with a request budget.
    static PACED: RefCell<HashMap<String, Window>> = RefCell::new(HashMap::new());
}

/// Waits until the connection's budget allows one more call and counts it; a wait longer
/// than [`retry::LONGEST_WAIT_SECONDS`] is not spent inside a tool call but reported as the
/// vendor's rate limit, with the seconds until a call may go.
async fn paced(connection_id: &str, budget: Pace) -> Result<(), UpstreamError> {
    loop {
        let now = js_sys::Date::now();
        let admission = PACED.with(|windows| {
            let mut windows = windows.borrow_mut();
            // A bound on memory: forget the connections that could not delay a call.
            if windows.len() >= 1024 {
                windows.retain(|_, window| !window.idle(budget, now));
            }
            windows
                .entry(connection_id.to_owned())
                .or_default()
                .admit(budget, now)
        });
        match admission {
            Admission::Go => return Ok(()),
            Admission::Wait(wait) if wait <= Duration::from_secs(retry::LONGEST_WAIT_SECONDS) => {
                Delay::from(wait).await;
            }
            Admission::Wait(wait) => {
                return Err(UpstreamError::RateLimited {
                    retry_after_seconds: Some(pace::seconds(wait)),
                })
            }
        }
    }
}

/// Keeps a connection's calls back for `seconds` after the vendor answered 429.
fn hold(connection_id: &str, seconds: u64) {
    let until = js_sys::Date::now() + seconds as f64 * 1000.0;
    PACED.with(|windows| {
        windows
            .borrow_mut()
            .entry(connection_id.to_owned())
            .or_default()
            .hold(until);
    });
}

/// A random number in `[0, 1)` for retry jitter.
fn unit_random() -> f64 {
    let mut bytes = [0u8; 4];
    // The runtime's CSPRNG does not fail on Workers; zero jitter would still be a valid wait.
    let _ = getrandom::getrandom(&mut bytes);
    f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0)
}

/// How the gateway introduces itself to vendors.
const USER_AGENT: &str = concat!("mcp-gateway/", env!("CARGO_PKG_VERSION"));

/// "Test connection": the vendor's cheapest authenticated call. `Ok(Some(name))` names the
/// account the credentials belong to when the vendor says.
pub async fn verify(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
) -> Result<Option<String>, UpstreamError> {
    let verify = &target.upstream.verify;
    let response = call(env, config, target, &(verify.call)(), Safety::Read).await?;
    (verify.check)(&response.body).map_err(|detail| UpstreamError::InvalidResponse { detail })
}

/// How long picklist definitions are used before they are read again, in seconds.
const PICKLIST_TTL_SECONDS: u64 = 60 * 60;

thread_local! {
    /// Picklist definitions this isolate has read, by connection and entity, with the time
    /// (ms since the epoch) they stop being used.
    static PICKLISTS: RefCell<HashMap<String, (Vec<PicklistField>, f64)>> = RefCell::new(HashMap::new());
}

/// The picklist fields of an entity (`Tickets`) for a connection: from this isolate's memory,
/// then from KV, then from the vendor (one call, then cached in both for an hour).
pub async fn picklists(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    entity: &str,
) -> Result<Vec<PicklistField>, UpstreamError> {
    let Some(source) = &target.upstream.picklists else {
        return Ok(Vec::new());
    };
    let key = format!(
        "picklists:{}:{}:{entity}",
        target.connection_id, target.fingerprint
    );
    let now = js_sys::Date::now();
    let remembered = PICKLISTS.with(|memory| {
        memory
            .borrow()
            .get(&key)
            .filter(|(_, until)| *until > now)
            .map(|(fields, _)| fields.clone())
    });
    if let Some(fields) = remembered {
        return Ok(fields);
    }
    let kv = env.kv(CACHE).ok();
    let cached = match &kv {
        Some(kv) => kv
            .get(&key)
            .json::<Vec<PicklistField>>()
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let fields = match cached {
        Some(fields) => fields,
        None => {
            let response =
                call(env, config, target, &(source.request)(entity), Safety::Read).await?;
            let fields = (source.parse)(&response.body)
                .map_err(|detail| UpstreamError::InvalidResponse { detail })?;
            if let Some(put) = kv.as_ref().and_then(|kv| kv.put(&key, &fields).ok()) {
                let _ = put.expiration_ttl(PICKLIST_TTL_SECONDS).execute().await;
            }
            fields
        }
    };
    PICKLISTS.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() >= 1024 {
            memory.clear();
        }
        memory.insert(
            key,
            (fields.clone(), now + PICKLIST_TTL_SECONDS as f64 * 1000.0),
        );
    });
    Ok(fields)
}

/// Drops a connection's cached vendor session (after its keys change or are erased).
pub async fn forget_session(env: &Env, connection_id: &str, fingerprint: &str) {
    let key = session_cache_key(connection_id, fingerprint);
    IN_MEMORY.with(|memory| memory.borrow_mut().remove(&key));
    if let Ok(kv) = env.kv(CACHE) {
        let _ = kv
            .delete(&session_cache_key(connection_id, fingerprint))
            .await;
    }
}
