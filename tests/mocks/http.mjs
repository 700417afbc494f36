// Shared machinery of the offline vendor mocks (datto-rmm.mjs, itglue.mjs): an HTTP server on
// 127.0.0.1 with a request log, a small route table, fault injection, a sliding-window rate
// limiter and page windows. Vendor specifics (auth, envelopes, error bodies) live in the mocks.
//
// A handler answers with a reply `{ status, headers?, body? }`: an object body is sent as JSON
// with the mock's content type, a string as is, no body as an empty response. A handler may
// also throw `new ReplyError(reply)` from deep inside a helper.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

const DEFAULT_PORT = 0;
/** With `compress(true)`, answers longer than this are sent gzipped. */
const COMPRESS_ABOVE_BYTES = 1024;

/** Thrown by request helpers to answer at once with `reply`. */
export class ReplyError extends Error {
  constructor(reply) {
    super(`mock reply ${reply.status}`);
    this.reply = reply;
  }
}

/** A reply object. */
export const reply = (status, body, headers = {}) => ({ status, body, headers });

/**
 * Starts a node:http server on 127.0.0.1 that logs every request and hands it to `handle`.
 * A logged request holds `at` (ms since the epoch it arrived), the method, path, query,
 * headers, body, `status` once it was answered, and `injected: true` when an armed fault answered it.
 * Returns `{ url, requests, sleep, stop, compress }`; `sleep(ms)` resolves early when the
 * server stops, so a hanging reply never outlives `stop()`; `compress()` gzips the answers
 * over 1 KiB from then on, as vendors behind a CDN do.
 */
export async function startHttpMock({ port = DEFAULT_PORT, contentType, handle }) {
  const requests = [];
  const sockets = new Set();
  const sleepers = new Set();
  let stopped = false;
  let compressed = false;
  let origin;

  const server = createServer((req, res) => {
    serve(req, res).catch((error) => send(res, failure(error)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req, res) {
    const body = await readBody(req);
    const url = new URL(req.url, origin);
    const entry = {
      at: Date.now(),
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      body,
    };
    requests.push(entry);
    const request = { ...entry, url, remoteAddress: req.socket.remoteAddress };
    let result;
    try {
      result = await handle(request);
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      result = error.reply;
    }
    entry.status = result.status;
    if (result.injected) entry.injected = true;
    send(res, result);
  }

  function send(res, { status, headers = {}, body }) {
    if (res.destroyed || res.writableEnded) return;
    const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    let payload = '';
    if (body !== undefined && body !== null) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      if (typeof body !== 'string') lowered['content-type'] ??= contentType;
    }
    if (compressed && Buffer.byteLength(payload) > COMPRESS_ABOVE_BYTES) {
      // As a vendor behind a CDN answers: gzip, its length the compressed one.
      const zipped = gzipSync(payload);
      lowered['content-encoding'] = 'gzip';
      lowered['content-length'] = zipped.length;
      res.writeHead(status, lowered);
      res.end(zipped);
      return;
    }
    lowered['content-length'] = Buffer.byteLength(payload);
    res.writeHead(status, lowered);
    res.end(payload);
  }

  function sleep(ms) {
    if (stopped || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = { resolve, timer: setTimeout(() => wake(sleeper), ms) };
      sleepers.add(sleeper);
    });
  }

  function wake(sleeper) {
    clearTimeout(sleeper.timer);
    sleepers.delete(sleeper);
    sleeper.resolve();
  }

  async function stop() {
    if (stopped) return;
    stopped = true;
    for (const sleeper of [...sleepers]) wake(sleeper);
    const closed = new Promise((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${server.address().port}`;
  /** From now on, answers over 1 KiB are gzipped (`compress(false)` stops it). */
  const compress = (on = true) => {
    compressed = on;
  };
  return { url: origin, requests, sleep, stop, compress };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A bug in a mock answers 500 with the message, so the test that hit it sees why. */
function failure(error) {
  return reply(500, { mockError: String(error?.stack ?? error) }, {});
}

/**
 * Route table with `:name` placeholders. `match` returns `{ handler, params }`, or
 * `{ handler: null, status }` with 405 when only the method differs, 404 otherwise.
 * Routes are tried in the order they were added.
 */
export class Router {
  #routes = [];

  on(method, pattern, handler) {
    this.#routes.push({ method, segments: splitPath(pattern), handler });
    return this;
  }

  match(method, path) {
    const segments = splitPath(path);
    let pathKnown = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      pathKnown = true;
    }
    return { handler: null, status: pathKnown ? 405 : 404 };
  }
}

const splitPath = (path) => path.split('/').filter(Boolean);

function matchSegments(pattern, actual) {
  if (pattern.length !== actual.length) return null;
  const params = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) {
      try {
        params[pattern[i].slice(1)] = decodeURIComponent(actual[i]);
      } catch {
        return null;
      }
    } else if (pattern[i] !== actual[i]) {
      return null;
    }
  }
  return params;
}

/**
 * Armed faults, consumed by the next matching requests. A spec is
 * `{ status, times = 1, forMs, retryAfter, body, delayMs, path, method, beforeAuth }`:
 * `forMs` keeps the fault armed for that long from now (an outage of a few seconds: every
 * matching request in it is hit, `times` then defaults to unlimited),
 * `headers` are extra answer headers (a `location` for a redirect), `path` is a substring of
 * the request path, `retryAfter` (seconds or an HTTP date) sets the
 * Retry-After header, `delayMs` hangs first. Without `status` the request is only delayed and
 * then answered normally. `times: Infinity` keeps the fault armed.
 */
export class FaultInjector {
  #faults = [];
  #injected = new Map();

  add(spec = {}) {
    const { status, forMs, times = forMs === undefined ? 1 : Infinity, retryAfter, headers, body, delayMs = 0, path, method, beforeAuth = false } = spec;
    if (status === undefined && !(delayMs > 0)) {
      throw new TypeError('fail() needs a status, a delayMs, or both');
    }
    if (!(times >= 1)) throw new TypeError('fail(): times must be at least 1');
    if (forMs !== undefined && !(forMs > 0)) throw new TypeError('fail(): forMs must be positive');
    this.#faults.push({
      status, retryAfter, headers, body, delayMs, path,
      method: method?.toUpperCase(),
      beforeAuth: Boolean(beforeAuth),
      remaining: times,
      until: forMs === undefined ? Infinity : Date.now() + forMs,
    });
  }

  /** Takes one use of the first armed fault of this phase that matches the request. */
  take(request, phase) {
    const now = Date.now();
    this.#faults = this.#faults.filter((fault) => fault.until > now);
    const wantBeforeAuth = phase === 'beforeAuth';
    const index = this.#faults.findIndex((fault) => fault.beforeAuth === wantBeforeAuth
      && (fault.path === undefined || request.path.includes(fault.path))
      && (fault.method === undefined || fault.method === request.method));
    if (index < 0) return null;
    const fault = this.#faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(index, 1);
    const key = fault.status === undefined ? 'delayed' : String(fault.status);
    this.#injected.set(key, (this.#injected.get(key) ?? 0) + 1);
    return fault;
  }

  /**
   * How many requests the armed faults hit so far, by the status they answered (`delayed`
   * for a delay alone): what a test subtracts to tell the vendor's own refusals from its own.
   */
  injected() {
    return Object.fromEntries(this.#injected);
  }

  clear() {
    this.#faults = [];
    this.#injected.clear();
  }
}

/**
 * Counts events per key over a rolling window. `hit` records one if the budget allows it and
 * otherwise says how many seconds until the oldest counted event leaves the window. Refused
 * hits are not counted, so Retry-After is honest.
 */
export class SlidingWindowLimiter {
  #events = new Map();

  constructor({ limit = Infinity, windowMs }) {
    if (!(windowMs > 0)) throw new TypeError('rate limit windowMs must be positive');
    this.limit = limit;
    this.windowMs = windowMs;
  }

  #recent(key) {
    const cutoff = Date.now() - this.windowMs;
    const events = (this.#events.get(key) ?? []).filter((time) => time > cutoff);
    this.#events.set(key, events);
    return events;
  }

  count(key) {
    return this.#recent(key).length;
  }

  hit(key) {
    const events = this.#recent(key);
    if (events.length >= this.limit) {
      const waitMs = events[0] + this.windowMs - Date.now();
      return { allowed: false, count: events.length, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    events.push(Date.now());
    return { allowed: true, count: events.length };
  }

  reset() {
    this.#events.clear();
  }
}

/** The `index`-th (0-based) page of `size` items. */
export function pageWindow(items, index, size) {
  const start = index * size;
  return {
    items: items.slice(start, start + size),
    total: items.length,
    pageCount: Math.ceil(items.length / size),
    hasNext: start + size < items.length,
  };
}

/** An integer query parameter: undefined when absent, NaN when malformed or below `min`. */
export function intParam(searchParams, name, min = -Infinity) {
  const raw = searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) return NaN;
  const value = Number(raw);
  return value < min ? NaN : value;
}

/** Case-insensitive substring test (SQL LIKE '%needle%'); null haystacks never match. */
export const includesIgnoreCase = (haystack, needle) =>
  typeof haystack === 'string' && haystack.toLowerCase().includes(needle.toLowerCase());

/** Deep-freezes fixture data so a test cannot change it by accident; mocks work on clones. */
export function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The part every vendor mock shares: the server, the fault queue, the request budget and the
 * common controls. `handle(request)` is the vendor's pipeline; it calls `kit.intercept(request,
 * phase)` where faults belong ('beforeAuth' first thing, 'afterAuth' once credentials passed),
 * which waits out a fault's delay and returns its reply, or undefined to carry on.
 * `errorBody(status, request)` shapes the body of a fault that brings none.
 * Returns `{ kit, controls }`; `controls` is `{ url, requests, fail, injected, compress, reset,
 * stop }` (`reset` also stops compressing).
 */
export async function startMock({ port, contentType, rateLimit, errorBody, handle, onReset = () => {} }) {
  const faults = new FaultInjector();
  const limiter = new SlidingWindowLimiter(rateLimit);
  const kit = { faults, limiter, url: undefined, sleep: undefined, intercept };

  async function intercept(request, phase) {
    const fault = faults.take(request, phase);
    if (!fault) return undefined;
    if (fault.delayMs > 0) await kit.sleep(fault.delayMs);
    if (fault.status === undefined) return undefined;
    const headers = { ...fault.headers, ...(fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) }) };
    // Marked, so the request log tells an armed fault's answer from the vendor's own.
    return { ...reply(fault.status, fault.body ?? errorBody(fault.status, request), headers), injected: true };
  }

  const server = await startHttpMock({ port, contentType, handle });
  kit.url = server.url;
  kit.sleep = server.sleep;
  const controls = {
    url: server.url,
    requests: server.requests,
    fail: (spec) => faults.add(spec),
    injected: () => faults.injected(),
    compress: server.compress,
    reset() {
      server.compress(false);
      faults.clear();
      limiter.reset();
      server.requests.length = 0;
      onReset();
    },
    stop: server.stop,
  };
  return { kit, controls };
}
