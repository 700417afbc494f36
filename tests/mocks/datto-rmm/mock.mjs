// Offline mock of the Datto RMM API v2 (vendors.md §1): the OAuth2 password-grant token
// endpoint, bearer-authenticated `/api/v2/...` reads, alert resolve and quick jobs, the
// `{ pageDetails, <plural> }` pagination envelope with absolute page URLs, the 600-per-60 s
// account budget with 429 + Retry-After, the 1 s slow-down past 90 % and the 403 IP block.
// Behaviour marked UNVERIFIED is a guess; tests/mocks/README.md lists them all.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import {
  ReplyError, Router, SlidingWindowLimiter, includesIgnoreCase, intParam, pageWindow, reply, startMock,
} from '../http.mjs';
import { DATTO_IDS, DATTO_T0, dattoFixtures, generatedDevices } from './fixtures.mjs';

export { DATTO_IDS, DATTO_T0, dattoFixtures };

const TOKEN_PATH = '/auth/oauth/token';
const PUBLIC_CLIENT = 'public-client:public';
const DEFAULTS = {
  port: 0,
  credentials: [{ apiKey: 'datto-key', apiSecret: 'datto-secret' }],
  tokenTtlSeconds: 360_000, // 100 h
  rateLimit: { limit: 600, windowMs: 60_000 },
  maxPageSize: 250, // UNVERIFIED: GET /v2/system/pagination reports the live value
  slowdown: { ratio: 0.9, delayMs: 1000 },
  ipBlock: { after429s: 10, durationMs: 300_000 }, // UNVERIFIED threshold and duration
  jobCompletesAfterReads: 1,
  absentPageUrl: null, // UNVERIFIED: pncit's client says live pages end with "" instead
  version: '13.4.0',
};

/**
 * Starts the mock. Options (all optional): `port`, `credentials` ([{ apiKey, apiSecret,
 * username? }]), `tokenTtlSeconds`, `rateLimit` ({ limit, windowMs }), `maxPageSize`,
 * `slowdown` ({ ratio, delayMs } or false), `ipBlock` ({ after429s, durationMs } or false),
 * `jobCompletesAfterReads`, `absentPageUrl` (null or ''), `extraDevices` (that many generated
 * workstations besides the fixtures).
 * Returns the common controls plus `expireTokens()`, `revokeCredentials(apiKey)`,
 * `state()` (the live data), `tokens()` (issued token strings) and `accountOf(token)` (the API
 * key a token was issued to).
 */
export async function startDattoMock(options = {}) {
  const config = {
    ...DEFAULTS,
    ...options,
    slowdown: mergeSetting(DEFAULTS.slowdown, options.slowdown),
    ipBlock: mergeSetting(DEFAULTS.ipBlock, options.ipBlock),
  };
  const rateLimit = { ...DEFAULTS.rateLimit, ...options.rateLimit };
  const freshData = () => {
    const fresh = { ...structuredClone(dattoFixtures), jobs: new Map(), jobSeq: 440_000 };
    if (config.extraDevices) fresh.devices.push(...generatedDevices(config.extraDevices));
    return fresh;
  };
  let data = freshData();
  const tokens = new Map(); // access token -> { credential, expiresAt }
  const revoked = new Set();
  const writes = new SlidingWindowLimiter({ windowMs: rateLimit.windowMs });
  const blocker = new IpBlocker(config.ipBlock, rateLimit.windowMs);
  const router = buildRouter();

  const { kit, controls } = await startMock({
    port: config.port,
    contentType: 'application/json',
    rateLimit,
    errorBody: (status, request) => springError(status, undefined, request.path),
    handle,
    onReset() {
      data = freshData();
      writes.reset();
      blocker.reset();
      revoked.clear();
    },
  });

  // The request pipeline: early faults, IP block, then either a public endpoint or
  // bearer auth -> account budget -> late faults -> route.
  async function handle(request) {
    const early = (await kit.intercept(request, 'beforeAuth')) ?? blocker.refusal(request);
    if (early) return early;
    if (isPublic(request)) {
      return (await kit.intercept(request, 'afterAuth')) ?? dispatch(request, null);
    }
    const auth = authenticate(request);
    if (auth.reply) return auth.reply;
    const account = auth.credential.apiKey;
    const rate = kit.limiter.hit(account);
    if (!rate.allowed) {
      blocker.note429(request);
      return tooManyRequests(request, rate.retryAfterSeconds);
    }
    if (config.slowdown && rate.count > config.slowdown.ratio * rateLimit.limit) {
      await kit.sleep(config.slowdown.delayMs);
    }
    if (request.method !== 'GET') writes.hit(account);
    return (await kit.intercept(request, 'afterAuth')) ?? dispatch(request, auth.credential);
  }

  function dispatch(request, credential) {
    if (request.path === TOKEN_PATH) return tokenEndpoint(request);
    const { handler, params, status } = router.match(request.method, request.path);
    if (!handler) return springReply(status, undefined, request.path);
    return handler({ request, params, credential, query: request.url.searchParams });
  }

  // ---- authentication -----------------------------------------------------------------

  function tokenEndpoint(request) {
    if (request.method !== 'POST') {
      return oauthError(405, 'method_not_allowed', `Request method '${request.method}' not supported`);
    }
    // UNVERIFIED body text (Spring Security OAuth wording).
    if (basicCredentials(request.headers.authorization) !== PUBLIC_CLIENT) {
      return oauthError(401, 'unauthorized', 'Full authentication is required to access this resource',
        { 'www-authenticate': 'Basic realm="oauth2/client"' });
    }
    const form = isForm(request) ? new URLSearchParams(request.body) : new URLSearchParams();
    const grantType = form.get('grant_type');
    if (!grantType) return oauthError(400, 'invalid_request', 'Missing grant type');
    if (grantType !== 'password') {
      return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    }
    const credential = config.credentials.find((c) =>
      c.apiKey === form.get('username') && c.apiSecret === form.get('password'));
    if (!credential || revoked.has(credential.apiKey)) {
      return oauthError(400, 'invalid_grant', 'Bad credentials');
    }
    const accessToken = randomUUID();
    tokens.set(accessToken, { credential, expiresAt: Date.now() + config.tokenTtlSeconds * 1000 });
    return reply(200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: Math.round(config.tokenTtlSeconds),
      scope: 'default',
    }, { 'cache-control': 'no-store', pragma: 'no-cache' });
  }

  // UNVERIFIED 401 bodies: a Spring OAuth2 resource server's, without echoing the token.
  function authenticate(request) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      return { reply: bearerError('unauthorized', 'Full authentication is required to access this resource') };
    }
    const token = tokens.get(match[1]);
    if (!token) return { reply: bearerError('invalid_token', 'Invalid access token') };
    if (token.expiresAt <= Date.now()) return { reply: bearerError('invalid_token', 'Access token expired') };
    return { credential: token.credential };
  }

  // ---- routes --------------------------------------------------------------------------

  function buildRouter() {
    const r = new Router();
    r.on('GET', '/api/v2/system/status', () => reply(200, { version: config.version, status: 'OK', started: DATTO_T0 - 86_400_000 }));
    r.on('GET', '/api/v2/system/pagination', () => reply(200, { max: config.maxPageSize }));
    r.on('GET', '/api/v2/system/request_rate', requestRate);
    r.on('GET', '/api/v2/account', () => reply(200, data.account));
    r.on('GET', '/api/v2/account/devices', (ctx) => paged(ctx, 'devices', accountDevices(ctx)));
    r.on('GET', '/api/v2/account/sites', (ctx) => paged(ctx, 'sites', data.sites.filter((s) => like(ctx, 'siteName', s.name))));
    r.on('GET', '/api/v2/account/components', (ctx) => paged(ctx, 'components', data.components));
    r.on('GET', '/api/v2/filter/default-filters', (ctx) => paged(ctx, 'filters', data.filters.filter((f) => f.type === 'rmm_default')));
    r.on('GET', '/api/v2/filter/custom-filters', (ctx) => paged(ctx, 'filters', data.filters.filter((f) => f.type === 'custom')));
    r.on('GET', '/api/v2/site/:siteUid', (ctx) => reply(200, site(ctx)));
    r.on('GET', '/api/v2/site/:siteUid/devices', (ctx) => paged(ctx, 'devices', siteDevices(ctx)));
    r.on('GET', '/api/v2/device/id/:deviceId', (ctx) => reply(200, deviceById(ctx)));
    r.on('GET', '/api/v2/device/:deviceUid', (ctx) => reply(200, device(ctx)));
    r.on('PUT', '/api/v2/device/:deviceUid/quickjob', createQuickJob);
    r.on('GET', '/api/v2/alert/:alertUid', (ctx) => reply(200, alert(ctx)));
    r.on('POST', '/api/v2/alert/:alertUid/resolve', resolveAlert);
    for (const [state, resolved] of [['open', false], ['resolved', true]]) {
      r.on('GET', `/api/v2/account/alerts/${state}`, (ctx) => alertsPage(ctx, resolved, () => true));
      r.on('GET', `/api/v2/site/:siteUid/alerts/${state}`, (ctx) => {
        const { uid } = site(ctx);
        return alertsPage(ctx, resolved, (a) => a.alertSourceInfo.siteUid === uid);
      });
      r.on('GET', `/api/v2/device/:deviceUid/alerts/${state}`, (ctx) => {
        const { uid } = device(ctx);
        return alertsPage(ctx, resolved, (a) => a.alertSourceInfo.deviceUid === uid);
      });
    }
    r.on('GET', '/api/v2/job/:jobUid', (ctx) => reply(200, readJob(ctx).job));
    r.on('GET', '/api/v2/job/:jobUid/components', (ctx) => paged(ctx, 'jobComponents', readJob(ctx).components));
    r.on('GET', '/api/v2/job/:jobUid/results/:deviceUid', jobResults);
    r.on('GET', '/api/v2/job/:jobUid/results/:deviceUid/stdout', (ctx) => jobOutput(ctx, 'stdout'));
    r.on('GET', '/api/v2/job/:jobUid/results/:deviceUid/stderr', (ctx) => jobOutput(ctx, 'stderr'));
    r.on('GET', '/api/v2/audit/device/:deviceUid', (ctx) => reply(200, data.audits[auditableDevice(ctx).uid]));
    r.on('GET', '/api/v2/audit/device/:deviceUid/software', (ctx) => paged(ctx, 'software', data.software[auditableDevice(ctx).uid]));
    return r;
  }

  function requestRate(ctx) {
    const account = ctx.credential.apiKey;
    return reply(200, {
      slidingTimeWindowSizeSeconds: Math.round(rateLimit.windowMs / 1000),
      accountUid: data.account.uid,
      accountCount: kit.limiter.count(account),
      accountRateLimit: rateLimit.limit,
      accountCutOffRatio: config.slowdown ? config.slowdown.ratio : 1,
      accountWriteRateLimit: rateLimit.limit,
      accountWriteCount: writes.count(account),
      operationWriteStatus: {}, // per-operation write budgets are not modelled
    });
  }

  /**
   * One page of `items` as `{ pageDetails, [key]: [...] }`. `page` is 0-based (UNVERIFIED,
   * see README); `max` defaults to and is capped at `maxPageSize`. Page URLs are absolute on
   * the mock's origin and keep the request's other parameters.
   */
  function paged(ctx, key, items) {
    const page = intParam(ctx.query, 'page', 0) ?? 0;
    const max = intParam(ctx.query, 'max', 1) ?? config.maxPageSize;
    if (Number.isNaN(page)) throw badRequest(ctx, "Parameter 'page' must be an integer >= 0");
    if (Number.isNaN(max)) throw badRequest(ctx, "Parameter 'max' must be an integer >= 1");
    const size = Math.min(max, config.maxPageSize);
    const window = pageWindow(items, page, size);
    const pageUrl = (n) => {
      const url = new URL(ctx.request.path, kit.url);
      for (const [name, value] of ctx.query) if (name !== 'page' && name !== 'max') url.searchParams.append(name, value);
      url.searchParams.set('max', String(size));
      url.searchParams.set('page', String(n));
      return url.href;
    };
    return reply(200, {
      pageDetails: {
        count: window.items.length,
        totalCount: window.total,
        prevPageUrl: page > 0 ? pageUrl(page - 1) : config.absentPageUrl,
        nextPageUrl: window.hasNext ? pageUrl(page + 1) : config.absentPageUrl,
      },
      [key]: window.items,
    });
  }

  /** `filterId`, when given, "exclusively determines the results"; otherwise LIKE filters. */
  function accountDevices(ctx) {
    if (ctx.query.has('filterId')) return filteredDevices(ctx, data.devices);
    return data.devices.filter((d) => like(ctx, 'hostname', d.hostname)
      && (like(ctx, 'deviceType', d.deviceType.category) || like(ctx, 'deviceType', d.deviceType.type))
      && like(ctx, 'operatingSystem', d.operatingSystem)
      && like(ctx, 'siteName', d.siteName));
  }

  function siteDevices(ctx) {
    const { uid } = site(ctx);
    const devices = data.devices.filter((d) => d.siteUid === uid);
    return ctx.query.has('filterId') ? filteredDevices(ctx, devices) : devices;
  }

  function filteredDevices(ctx, devices) {
    const members = data.filterDeviceUids[ctx.query.get('filterId')];
    if (!members) throw notFound(ctx, 'Filter was not found.');
    return devices.filter((d) => members.includes(d.uid));
  }

  function site(ctx) {
    return data.sites.find((s) => s.uid === ctx.params.siteUid) ?? raise(notFound(ctx, 'Site was not found.'));
  }

  function device(ctx) {
    return data.devices.find((d) => d.uid === ctx.params.deviceUid) ?? raise(notFound(ctx, 'Device was not found.'));
  }

  function deviceById(ctx) {
    return data.devices.find((d) => String(d.id) === ctx.params.deviceId) ?? raise(notFound(ctx, 'Device was not found.'));
  }

  function auditableDevice(ctx) {
    const found = device(ctx);
    if (found.deviceClass !== 'device') {
      throw badRequest(ctx, 'The device identified by the given device UID is not of class device.');
    }
    return found;
  }

  function alert(ctx) {
    return data.alerts.find((a) => a.alertUid === ctx.params.alertUid) ?? raise(notFound(ctx, 'Alert was not found.'));
  }

  /** Newest first (UNVERIFIED order); `muted` absent = both muted and unmuted. */
  function alertsPage(ctx, resolved, belongs) {
    const muted = ctx.query.get('muted');
    if (muted !== null && muted !== 'true' && muted !== 'false') {
      throw badRequest(ctx, "Parameter 'muted' must be true or false");
    }
    const alerts = data.alerts
      .filter((a) => a.resolved === resolved && belongs(a) && (muted === null || String(a.muted) === muted))
      .sort((a, b) => b.timestamp - a.timestamp);
    return paged(ctx, 'alerts', alerts);
  }

  /** 200 with no body (the spec declares none). Resolving twice is a no-op 200 (UNVERIFIED). */
  function resolveAlert(ctx) {
    const found = alert(ctx);
    if (!found.resolved) {
      Object.assign(found, { resolved: true, resolvedOn: Date.now(), resolvedBy: ctx.credential.username ?? ctx.credential.apiKey });
    }
    return reply(200);
  }

  // ---- quick jobs ------------------------------------------------------------------------

  function createQuickJob(ctx) {
    const target = device(ctx);
    const body = jsonBody(ctx);
    const jobName = body?.jobName;
    const componentUid = body?.jobComponent?.componentUid;
    if (typeof jobName !== 'string' || !jobName.trim() || typeof componentUid !== 'string') {
      throw badRequest(ctx, 'jobName and jobComponent.componentUid are required');
    }
    // An unknown component is "request data is invalid" (400), not 404 (UNVERIFIED).
    const component = data.components.find((c) => c.uid === componentUid)
      ?? raise(badRequest(ctx, `Component ${componentUid} was not found`));
    const variables = jobVariables(ctx, component, body.jobComponent.variables ?? []);
    const created = Date.now();
    data.jobSeq += 1;
    const record = {
      job: { id: data.jobSeq, uid: randomUUID(), name: jobName, dateCreated: created, status: 'active' },
      components: [{ uid: component.uid, name: component.name, variables }],
      deviceUid: target.uid,
      ranOn: created + 4000,
      reads: 0,
    };
    data.jobs.set(record.job.uid, record);
    return reply(200, { job: { ...record.job }, jobComponents: record.components });
  }

  /** Given variables must name component variables; missing ones take the default value. */
  function jobVariables(ctx, component, given) {
    if (!Array.isArray(given)) throw badRequest(ctx, 'jobComponent.variables must be an array');
    const values = new Map(component.variables.map((v) => [v.name, v.defaultVal]));
    for (const v of given) {
      if (!values.has(v?.name)) throw badRequest(ctx, `Unknown variable '${v?.name}' for component ${component.name}`);
      values.set(v.name, String(v.value ?? ''));
    }
    return [...values].map(([name, value]) => ({ name, value }));
  }

  /** Every read of a job counts; it is 'active' for the first `jobCompletesAfterReads` reads. */
  function readJob(ctx) {
    const record = data.jobs.get(ctx.params.jobUid) ?? raise(notFound(ctx, 'Job was not found.'));
    record.reads += 1;
    if (record.reads > config.jobCompletesAfterReads) record.job.status = 'completed';
    return record;
  }

  function jobOnDevice(ctx) {
    const record = readJob(ctx);
    if (record.deviceUid !== ctx.params.deviceUid) throw notFound(ctx, 'Job or device was not found.');
    return record;
  }

  function jobResults(ctx) {
    const record = jobOnDevice(ctx);
    const done = record.job.status === 'completed';
    return reply(200, {
      jobUid: record.job.uid,
      deviceUid: record.deviceUid,
      ranOn: done ? record.ranOn : null,
      jobDeploymentStatus: done ? 'Success' : 'Running',
      componentResults: done
        ? record.components.map((c) => ({
          componentUid: c.uid,
          componentName: c.name,
          componentStatus: 'Success',
          numberOfWarnings: data.componentOutput[c.uid].stderr ? 1 : 0,
          hasStdOut: true,
          hasStdErr: Boolean(data.componentOutput[c.uid].stderr),
        }))
        : [],
    });
  }

  /** `[{ componentUid, componentName, stdData }]`, empty until the job has completed. */
  function jobOutput(ctx, stream) {
    const record = jobOnDevice(ctx);
    if (record.job.status !== 'completed') return reply(200, []);
    const lines = record.components
      .map((c) => ({ c, text: data.componentOutput[c.uid][stream] }))
      .filter(({ text }) => text)
      .map(({ c, text }) => ({ componentUid: c.uid, componentName: c.name, stdData: fillVariables(text, c.variables) }));
    return reply(200, lines);
  }

  // ---- helpers bound to this instance -------------------------------------------------------

  function tooManyRequests(request, retryAfterSeconds) {
    // UNVERIFIED body; Retry-After in seconds.
    return springReply(429, 'Request rate limit exceeded', request.path, { 'retry-after': String(retryAfterSeconds) });
  }

  return {
    ...controls,
    /** Invalidates every token issued so far (as if the 100 h TTL had passed). */
    expireTokens() {
      for (const token of tokens.values()) token.expiresAt = 0;
    },
    /** The token endpoint refuses this key pair from now on; issued tokens keep working. */
    revokeCredentials(apiKey) {
      revoked.add(apiKey);
    },
    /** The live (mutable) data: alerts after resolves, jobs, ... */
    state: () => data,
    /** Access tokens issued so far, oldest first. */
    tokens: () => [...tokens.keys()],
    /** The API key (the account) an access token was issued to, or undefined. */
    accountOf: (accessToken) => tokens.get(accessToken)?.credential.apiKey,
  };
}

/** A settings object merged over its defaults; `false` turns the feature off. */
const mergeSetting = (defaults, given) => (given === false ? false : { ...defaults, ...given });

const isPublic = (request) => request.path === TOKEN_PATH || request.path === '/api/v2/system/status';

const isForm = (request) => /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');

function basicCredentials(header) {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? Buffer.from(match[1], 'base64').toString('utf8') : undefined;
}

function jsonBody(ctx) {
  if (!/^application\/json\b/i.test(ctx.request.headers['content-type'] ?? '')) {
    throw new ReplyError(springReply(415, `Content type '${ctx.request.headers['content-type'] ?? ''}' not supported`, ctx.request.path));
  }
  try {
    return JSON.parse(ctx.request.body);
  } catch {
    throw badRequest(ctx, 'JSON parse error: malformed request body');
  }
}

/** SQL LIKE '%value%' (case-insensitive) when the query parameter is present. */
function like(ctx, name, field) {
  const wanted = ctx.query.get(name);
  return wanted === null || wanted === '' || includesIgnoreCase(field, wanted);
}

const fillVariables = (text, variables) =>
  text.replace(/\{(\w+)\}/g, (whole, name) => variables.find((v) => v.name === name)?.value ?? whole);

// UNVERIFIED: the spec declares no error body; this is Spring Boot's default error shape.
function springError(status, message, path) {
  return { timestamp: new Date().toISOString(), status, error: STATUS_CODES[status] ?? 'Error', message: message ?? '', path };
}

const springReply = (status, message, path, headers = {}) => reply(status, springError(status, message, path), headers);
const notFound = (ctx, message) => new ReplyError(springReply(404, message, ctx.request.path));
const badRequest = (ctx, message) => new ReplyError(springReply(400, message, ctx.request.path));
const raise = (error) => { throw error; };

const oauthError = (status, error, description, headers = {}) =>
  reply(status, { error, error_description: description }, { 'cache-control': 'no-store', ...headers });

const bearerError = (error, description) => reply(401, { error, error_description: description }, {
  'www-authenticate': `Bearer realm="oauth2-resource", error="${error}", error_description="${description}"`,
});

/**
 * "Persistent retries → 403 with temporary IP block" (vendors.md §1.5): once one address has
 * drawn `after429s` 429s within the rate window, it is refused with 403 for `durationMs`.
 * All mock clients share 127.0.0.1, so a block refuses everyone until it ends or `reset()`.
 */
class IpBlocker {
  #rejections;
  #blockedUntil = new Map();

  constructor(settings, windowMs) {
    this.settings = settings;
    this.#rejections = new SlidingWindowLimiter({ windowMs });
  }

  refusal(request) {
    const until = this.#blockedUntil.get(request.remoteAddress);
    if (!until || until <= Date.now()) return undefined;
    // UNVERIFIED body.
    return springReply(403, 'IP address temporarily blocked after repeated rate limit violations', request.path);
  }

  note429(request) {
    if (!this.settings) return;
    const { count } = this.#rejections.hit(request.remoteAddress);
    if (count >= this.settings.after429s) {
      this.#blockedUntil.set(request.remoteAddress, Date.now() + this.settings.durationMs);
      this.#rejections.reset();
    }
  }

  reset() {
    this.#rejections.reset();
    this.#blockedUntil.clear();
  }
}
