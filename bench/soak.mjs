// The load-and-fault run (issue 19): `oha` drives authenticated `tools/call` at the gateway under
// `wrangler dev` for a while (default 10 minutes), the Datto RMM mock injects 5xx outages, 429s
// with Retry-After and slow answers on a schedule, and wrangler dev is restarted once half-way
// on the same persisted state. Then it prints a report (also written as JSON under build/) and
// checks the gateway kept its promises: nothing in D1 lost or changed, every answered call
// audited, legacy sessions alive, the breaker tripped and recovered, and the vendor never saw
// more than its budget. Exits 1 when a check fails.
//
// Usage: bash bench/soak.sh [--minutes 10] [--busy-rate 15] [--calm-rate 2] [--concurrency 4]
//                           [--budget 300] [--out build/soak-report.json]
// (bench/soak.sh installs oha under build/tools and builds the worker first; README "Load and
// fault run" says what is checked and why.)
//
// Who calls: two organisations, each with its own Datto RMM account (the mock's budget is per
// account). "Busy" has one user with two grants, each driven by its own oha at --busy-rate
// calls a second: together far over the budget, so the vendor quota governor must hold the
// excess back. "Calm" has one grant at --calm-rate, under the budget, so its answers show the
// faults and the breaker's recovery without the budget in the way. Each organisation also opens
// a legacy (2025-11-25) session before the run, which must still answer afterwards.
//
// oha sees only status codes and times, so its requests go through a tap: a small proxy in this
// process that forwards each request to the gateway, reads the answer whole, and sorts it (HTTP
// status, JSON-RPC error, tool result or the kind of tool error). The tap times the gateway's
// answer itself; oha's own figures (which include the tap's hop) are reported beside them.
//
// The restart drains first: the load stops, the tap waits for every forwarded call to be
// answered, and the run waits until the audit log stops growing (the after-the-answer writes
// have landed) and checks it then matches the calls answered; only then is wrangler stopped and
// started again, and the load resumes. A hard restart under load would cut calls whose answers
// never reach the client (which would retry them) and could cut after-the-answer writes of
// answered calls, which wrangler dev does not promise to finish on SIGTERM; that is a property
// of the local runtime, not of the gateway, so the run does not measure it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Browser } from '../tests/support/browser.mjs';
import { ROOT, freePort, startGateway } from '../tests/support/gateway.mjs';
import { grant } from '../tests/support/oauth-flow.mjs';
import { legacyRequest } from '../tests/support/rpc.mjs';
import { withDatabase } from '../tests/support/state.mjs';
import { summarise } from './lib.mjs';

const { values: options } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'busy-rate': { type: 'string', default: '15' },
    'calm-rate': { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '4' },
    budget: { type: 'string', default: '300' },
    out: { type: 'string', default: path.join(ROOT, 'build/soak-report.json') },
  },
});
const MINUTES = Number(options.minutes);
const BUSY_RATE = Number(options['busy-rate']);
const CALM_RATE = Number(options['calm-rate']);
const CONCURRENCY = Number(options.concurrency);
/** The Datto account budget the mock enforces and the gateway is told (VENDOR_BUDGETS). */
const BUDGET = Number(options.budget);
const BUDGET_WINDOW_SECONDS = 60;
for (const [name, value] of Object.entries({ MINUTES, BUSY_RATE, CALM_RATE, CONCURRENCY, BUDGET })) {
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
}

const OHA = process.env.OHA ?? path.join(ROOT, 'build/tools/bin/oha');
const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const TOOL = { name: 'datto_list_devices', arguments: { limit: 5 } };
const DEVICES = '/api/v2/account/devices';
const PASSWORD = 'correct horse battery staple';
const TIMEOUT_SECONDS = 3; // UPSTREAM_TIMEOUT_SECONDS, as startGateway sets it with mocks
const BREAKER_COOLDOWN_SECONDS = 3;
const ACCOUNTS = {
  busy: { apiKey: 'datto-key', apiSecret: 'datto-secret' },
  calm: { apiKey: 'datto-key-calm', apiSecret: 'datto-secret-calm' },
};

/**
 * The faults of one 30-second cycle, repeated through each half of the run: seconds into the
 * cycle, what the mock does to every devices call meanwhile, for how long.
 */
const CYCLE_SECONDS = 30;
const FAULTS = [
  { at: 2, name: 'outage (503)', spec: { status: 503, forMs: 5_000 } },
  { at: 11, name: '429 with Retry-After: 1', spec: { status: 429, retryAfter: 1, forMs: 2_000 } },
  { at: 15, name: `slow (${TIMEOUT_SECONDS - 0.5} s, under the timeout)`, spec: { delayMs: (TIMEOUT_SECONDS - 0.5) * 1000, forMs: 3_000 } },
  { at: 20, name: `slow (${TIMEOUT_SECONDS + 1} s, over the timeout)`, spec: { delayMs: (TIMEOUT_SECONDS + 1) * 1000, forMs: 2_000 } },
];
/** An outage is scheduled only if the calm organisation has this long to recover before the load stops. */
const RECOVERY_SECONDS = BREAKER_COOLDOWN_SECONDS + 7;

/** How a tool error's text says what went wrong (src/vendors/kit/upstream.rs describes them). */
const ERROR_KINDS = [
  ['budget', /budget is used up/i],
  ['paused', /paused by your administrator/i],
  ['breaker', /giving it time to recover/],
  ['vendor 429', /rate limit was reached/],
  ['vendor 5xx', /API is failing \(HTTP 5\d\d\)/],
  ['timeout', /did not answer within/],
  ['unreachable', /could not be reached/],
];

/** A kind of answer that is a tool result (which the gateway audits), success or tool error. */
const isToolResult = (kind) => kind === 'ok' || ERROR_KINDS.some(([name]) => name === kind) || kind.startsWith('other');

const checks = [];
const check = (name, ok, detail) => {
  checks.push({ name, ok: Boolean(ok), detail });
};

// ---- the gateway's configuration: the door's limits lifted, the vendor budget kept ----------

/**
 * wrangler.toml with every Rate Limiting binding raised out of reach (as bench/peer.sh does):
 * the door would refuse most of this load, and the door is not what this run measures.
 */
/** The door's limits, lifted: the run measures the vendor side, not the per-grant limit. */
const LIFTED_DOOR_LIMITS = {
  AUTH_LIMITER: { limit: 1_000_000, period: 60 },
  MCP_LIMITER: { limit: 1_000_000, period: 60 },
};

// ---- the tap --------------------------------------------------------------------------------

/** Sorts one answer of the gateway to a tools/call. */
function classify(status, contentType, text) {
  if (status !== 200) return `HTTP ${status}`;
  let answer;
  try {
    answer = contentType.includes('text/event-stream')
      ? text.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5))).find((m) => 'id' in m)
      : JSON.parse(text);
  } catch {
    return 'unparsable answer';
  }
  if (!answer) return 'no answer';
  if (answer.error) return `JSON-RPC ${answer.error.code}`;
  const result = answer.result;
  if (!result) return 'no result';
  if (!result.isError) return 'ok';
  const words = (result.content ?? []).map((c) => c.text).join(' ');
  return ERROR_KINDS.find(([, pattern]) => pattern.test(words))?.[0] ?? `other: ${words.slice(0, 80)}`;
}

/** The tap between oha and the gateway: forwards, times and sorts every call. */
async function startTap(target, labelOf) {
  const answers = []; // { at, label, kind, ms }
  let inflight = 0;
  const idle = new Set();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      inflight += 1;
      const label = labelOf(req.headers.authorization);
      const headers = {};
      for (const name of ['authorization', 'content-type', 'accept', 'mcp-protocol-version', 'mcp-method', 'mcp-name']) {
        if (req.headers[name]) headers[name] = req.headers[name];
      }
      const started = performance.now();
      let status = 502;
      let contentType = 'text/plain';
      let text = '';
      let kind;
      let retryAfter;
      try {
        // Not tied to oha's socket: a call oha gives up on still finishes and is counted.
        const response = await fetch(`${target}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
        text = await response.text();
        status = response.status;
        contentType = response.headers.get('content-type') ?? '';
        retryAfter = response.headers.get('retry-after');
        kind = classify(status, contentType, text);
      } catch (error) {
        kind = `unreachable gateway (${error.cause?.code ?? error.message})`;
      }
      const ms = performance.now() - started;
      answers.push({ at: Date.now(), label, kind, ms });
      inflight -= 1;
      if (inflight === 0) for (const resolve of [...idle]) resolve();
      if (!res.destroyed) {
        res.writeHead(status, { 'content-type': contentType, ...(retryAfter ? { 'retry-after': retryAfter } : {}) });
        res.end(text);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    answers,
    /** Resolves once no forwarded call is waiting for the gateway. */
    idle: () => (inflight === 0 ? Promise.resolve() : new Promise((resolve) => {
      const done = () => {
        idle.delete(done);
        resolve();
      };
      idle.add(done);
    })),
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

// ---- oha ------------------------------------------------------------------------------------

/** Drives `tools/call` with `token` through the tap for `seconds` at `rate` a second. */
function runOha(tapUrl, vendorPath, token, seconds, rate) {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { ...TOOL, _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } },
  });
  const args = [
    '--no-tui', '--output-format', 'json',
    '-z', `${seconds}s`, '-w', '-c', String(CONCURRENCY), '-q', String(rate), '--worker-threads', '1',
    '-m', 'POST',
    '-H', `authorization: Bearer ${token}`,
    '-H', 'content-type: application/json',
    '-H', 'accept: application/json, text/event-stream',
    '-H', `mcp-protocol-version: ${MODERN}`,
    '-H', 'mcp-method: tools/call',
    '-H', `mcp-name: ${TOOL.name}`,
    '-d', body,
    `${tapUrl}${vendorPath}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(OHA, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`oha exited ${code}: ${err.slice(0, 2000)}`));
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`oha printed no JSON report: ${out.slice(0, 500)} ${err.slice(0, 500)}`));
      }
    });
  });
}

// ---- the gateway's state --------------------------------------------------------------------

/** Each kept table: its key and the columns that may change during a run (times of last use). */
const TABLES = {
  tenants: { key: 'id', mutable: [] },
  users: { key: 'id', mutable: [] },
  grants: { key: 'id', mutable: ['last_used_at'] },
  vendor_connections: { key: 'id', mutable: ['last_used_at', 'updated_at', 'last_verified_at'] },
  refresh_tokens: { key: 'token_hash', mutable: [] },
  browser_sessions: { key: 'id_hash', mutable: [] },
  audit_events: { key: 'id', mutable: [] },
};

/** Every row of the kept tables, read from the persisted D1 file; and the usage counters (a promise). */
function snapshot(state) {
  return withDatabase(state, (db) => {
    const tables = {};
    for (const [table, { key, mutable }] of Object.entries(TABLES)) {
      const rows = new Map();
      for (const row of db.prepare(`SELECT * FROM ${table}`).all()) {
        const fixed = Object.fromEntries(Object.entries(row).filter(([column]) => !mutable.includes(column)));
        rows.set(String(row[key]), JSON.stringify(fixed));
      }
      tables[table] = rows;
    }
    const toolCalls = db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'tool.called'").get().n;
    const usageCalls = db.prepare('SELECT coalesce(sum(calls), 0) AS n FROM usage_hourly').get().n;
    return { tables, toolCalls, usageCalls };
  });
}

/** Rows of `before` missing or changed (in their immutable columns) in `after`. */
function compare(before, after) {
  const lost = {};
  const changed = {};
  for (const [table, rows] of Object.entries(before.tables)) {
    for (const [key, fixed] of rows) {
      const now = after.tables[table].get(key);
      if (now === undefined) (lost[table] ??= []).push(key);
      else if (now !== fixed) (changed[table] ??= []).push({ key, before: fixed, after: now });
    }
  }
  return { lost, changed };
}

const counts = (snap) => Object.fromEntries(Object.entries(snap.tables).map(([table, rows]) => [table, rows.size]));

/** Waits until the audit log stops growing (the after-the-answer writes have landed). */
async function quiesce(state) {
  let last = -1;
  let still = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const now = await withDatabase(state, (db) => db.prepare('SELECT count(*) AS n FROM audit_events').get().n);
    still = now === last ? still + 1 : 0;
    if (still >= 4) return now;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the audit log kept growing for a minute after the load stopped (last count ${last}, still ${still})`);
}

// ---- the gateway's memory -------------------------------------------------------------------

/** The resident memory of workerd in the process group of wrangler `pid`, in MiB. */
function workerdRss(pid) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (Number(fields[2]) !== pid || !comm.startsWith('workerd')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (rss) total += Number(rss[1]);
    } catch {
      // the process ended while it was read
    }
  }
  return total / 1024;
}

// ---- the mock's view ------------------------------------------------------------------------

/**
 * The most calls the mock received for `account` in any window of the budget's length: every
 * authenticated API call, those it refused with its own 429 included (a vendor counts what
 * arrives, and the gateway is to keep even the attempts under the budget).
 */
function busiestWindow(datto, account) {
  const times = datto.requests
    .filter((r) => r.path.startsWith('/api/') && r.status !== 401)
    .filter((r) => datto.accountOf(/^Bearer\s+(\S+)/i.exec(r.headers.authorization ?? '')?.[1]) === account)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= BUDGET_WINDOW_SECONDS * 1000) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

// ---- the legacy sessions --------------------------------------------------------------------

const legacyPost = (endpoint, token, message, session) => legacyRequest(endpoint, token, message, { session, version: LEGACY });

async function openLegacySession(endpoint, token) {
  const init = await legacyPost(endpoint, token, {
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'soak', version: '1' } },
  });
  const session = init.headers.get('mcp-session-id');
  if (init.status !== 200 || !session) throw new Error(`initialize answered ${init.status}: ${init.text.slice(0, 300)}`);
  const ready = await legacyPost(endpoint, token, { jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  if (ready.status !== 202) throw new Error(`notifications/initialized answered ${ready.status}`);
  return session;
}

// ---- the run --------------------------------------------------------------------------------

const tally = (list) => {
  const out = {};
  for (const item of list) out[item] = (out[item] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
};

async function main() {
  if (!existsSync(OHA)) throw new Error(`oha is not at ${OHA}: run bench/soak.sh, which installs it`);
  const started = Date.now();
  const gateway = await startGateway({
    rateLimits: LIFTED_DOOR_LIMITS,
    mocks: {
      datto: {
        credentials: Object.values(ACCOUNTS),
        rateLimit: { limit: BUDGET, windowMs: BUDGET_WINDOW_SECONDS * 1000 },
        // The IP block follows the vendor's own 429s, which the run already fails on; left on,
        // one breach would block every later call and hide what else the run shows.
        ipBlock: false,
      },
    },
    vars: {
      VENDOR_BUDGETS: `datto-rmm=${BUDGET}/${BUDGET_WINDOW_SECONDS}`,
      BREAKER_COOLDOWN_SECONDS: String(BREAKER_COOLDOWN_SECONDS),
      UPSTREAM_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    },
  });
  const { datto } = gateway.mocks;
  const vendorPath = '/v1/datto-rmm';
  const endpoint = `${gateway.url}${vendorPath}`;
  let tap;
  // Sampled through the load, per half (not while wrangler restarts and workerd starts up).
  const memory = { 'before the restart': [], 'after the restart': [] };
  let sampling = null;
  const sampler = setInterval(() => {
    const rss = sampling ? workerdRss(gateway.pid) : 0;
    if (rss > 0) memory[sampling].push(rss);
  }, 2_000);
  try {
    // Setup: two organisations, three grants, two legacy sessions.
    const signUp = async (slug, account) => {
      const browser = new Browser(gateway.url, {
        ...gateway.vendorKeys,
        'datto-rmm': { ...gateway.vendorKeys['datto-rmm'], api_key: account.apiKey, api_secret: account.apiSecret },
      });
      await browser.signUp({ email: `${slug}@soak.example`, password: PASSWORD, organisation: `${slug} MSP` });
      return browser;
    };
    const token = async (browser) => {
      const { exchange } = await grant(gateway.url, browser, { vendor: 'datto-rmm' });
      if (exchange.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(exchange.body)}`);
      return exchange.body.access_token;
    };
    const busy = await signUp('busy', ACCOUNTS.busy);
    const calm = await signUp('calm', ACCOUNTS.calm);
    const loads = [
      { label: 'busy-1', org: 'busy', token: await token(busy), rate: BUSY_RATE },
      { label: 'busy-2', org: 'busy', token: await token(busy), rate: BUSY_RATE },
      { label: 'calm', org: 'calm', token: await token(calm), rate: CALM_RATE },
    ];
    const legacy = [];
    for (const org of ['busy', 'calm']) {
      const load = loads.find((l) => l.org === org);
      legacy.push({ org, token: load.token, session: await openLegacySession(endpoint, load.token) });
    }
    const byToken = new Map(loads.map((l) => [`Bearer ${l.token}`, l]));
    tap = await startTap(gateway.url, (authorization) => byToken.get(authorization)?.label ?? 'unknown');
    datto.reset(); // the mock's view starts with the run (setup made no devices calls)

    await quiesce(gateway.state);
    const before = await snapshot(gateway.state);
    const seconds = Math.max(10, Math.round((MINUTES * 60) / 2));
    const phases = [];
    const outages = [];
    const fired = {};
    const runPhase = async (name) => {
      const phaseStart = Date.now();
      const timers = [];
      for (let cycle = 0; cycle * CYCLE_SECONDS < seconds; cycle++) {
        for (const fault of FAULTS) {
          const at = (cycle * CYCLE_SECONDS + fault.at) * 1000;
          // Each fault ends before the load stops (an outage with time to recover after it).
          const margin = fault.spec.status === 503 ? RECOVERY_SECONDS * 1000 : 3_000;
          if (at + fault.spec.forMs + margin > seconds * 1000) continue;
          timers.push(setTimeout(() => {
            datto.fail({ path: DEVICES, ...fault.spec });
            fired[fault.name] = (fired[fault.name] ?? 0) + 1;
            if (fault.spec.status === 503) outages.push({ from: Date.now(), to: Date.now() + fault.spec.forMs });
          }, at));
        }
      }
      const answered = tap.answers.length;
      sampling = name;
      const oha = await Promise.all(loads.map((l) => runOha(tap.url, vendorPath, l.token, seconds, l.rate)));
      for (const timer of timers) clearTimeout(timer);
      await tap.idle();
      sampling = null;
      phases.push({ name, seconds: (Date.now() - phaseStart) / 1000, served: tap.answers.length - answered, oha });
    };

    await runPhase('before the restart');
    // Drain: the load has stopped and every call has its answer; wait for the writes.
    await quiesce(gateway.state);
    const middle = await snapshot(gateway.state);
    const answeredSoFar = tap.answers.filter((a) => isToolResult(a.kind)).length;
    check('before the restart, every answered call is in the audit log', middle.toolCalls - before.toolCalls === answeredSoFar,
      `${middle.toolCalls - before.toolCalls} tool.called events for ${answeredSoFar} tool results`);
    const restartStarted = Date.now();
    await gateway.restart();
    const restartSeconds = (Date.now() - restartStarted) / 1000;
    await runPhase('after the restart');
    await quiesce(gateway.state);
    const after = await snapshot(gateway.state);
    clearInterval(sampler);

    // Legacy sessions opened before the run still answer, after the restart.
    const legacyResults = [];
    for (const { org, token: t, session } of legacy) {
      const list = await legacyPost(endpoint, t, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, session);
      const ok = list.status === 200 && JSON.parse(list.text).result?.tools?.length > 0;
      legacyResults.push({ org, status: list.status, ok });
    }

    // ---- the report ----------------------------------------------------------------------
    const answers = tap.answers;
    const toolResults = answers.filter((a) => isToolResult(a.kind));
    const mix = tally(answers.map((a) => a.kind));
    const byLoad = Object.fromEntries(loads.map((l) => [l.label, tally(answers.filter((a) => a.label === l.label).map((a) => a.kind))]));
    const ohaFigures = phases.map((p) => ({
      phase: p.name,
      byLoad: Object.fromEntries(loads.map((l, i) => {
        const r = p.oha[i];
        return [l.label, {
          requests: Object.values(r.statusCodeDistribution ?? {}).reduce((a, b) => a + b, 0),
          statuses: r.statusCodeDistribution,
          errors: r.errorDistribution,
          rps: Number(r.summary?.requestsPerSec?.toFixed?.(1) ?? r.summary?.requestsPerSec),
          p50ms: Number(((r.latencyPercentiles?.p50 ?? NaN) * 1000).toFixed(1)),
          p99ms: Number(((r.latencyPercentiles?.p99 ?? NaN) * 1000).toFixed(1)),
        }];
      })),
    }));
    const injected = datto.injected();
    const mockView = Object.fromEntries(Object.entries(ACCOUNTS).map(([org, account]) => [org, busiestWindow(datto, account.apiKey)]));
    const vendorCalls = datto.requests.filter((r) => r.path === DEVICES).length;
    const own429 = datto.requests.filter((r) => r.status === 429 && !r.injected).length;
    const { lost, changed } = compare(before, after);
    const auditDelta = after.toolCalls - before.toolCalls;
    const usageDelta = after.usageCalls - before.usageCalls;
    const report = {
      minutes: MINUTES,
      wallSeconds: Math.round((Date.now() - started) / 1000),
      load: { busyRatePerToken: BUSY_RATE, calmRate: CALM_RATE, concurrency: CONCURRENCY, phases: phases.map((p) => ({ name: p.name, seconds: p.seconds, served: p.served })) },
      restartSeconds,
      faults: { everySeconds: CYCLE_SECONDS, schedule: FAULTS.map((f) => ({ name: f.name, at: f.at, forMs: f.spec.forMs })), fired },
      served: answers.length,
      mix,
      byLoad,
      // Per kind too: a breaker's or a kill switch's answer should not wait for anything.
      latencyMs: {
        all: summarise(answers.map((a) => a.ms)),
        ...Object.fromEntries(Object.keys(mix).map((kind) => [kind, summarise(answers.filter((a) => a.kind === kind).map((a) => a.ms))])),
      },
      oha: ohaFigures,
      workerdRssMiB: Object.fromEntries(Object.entries(memory).map(([half, samples]) => [half, samples.length
        ? {
          samples: samples.length, min: Math.round(Math.min(...samples)), max: Math.round(Math.max(...samples)), last: Math.round(samples.at(-1)),
          // One sample each 30 s (they are taken every 2 s), to tell growth from a plateau.
          every30s: samples.filter((_, i) => i % 15 === 0).map(Math.round).join(' '),
        }
        : null])),
      d1: {
        before: counts(before), after: counts(after),
        toolCalledEvents: { before: before.toolCalls, after: after.toolCalls, added: auditDelta, toolResultsAnswered: toolResults.length },
        usageCalls: { added: usageDelta },
        lost, changed,
      },
      mock: {
        budget: `${BUDGET} per ${BUDGET_WINDOW_SECONDS} s`,
        busiestWindow: mockView,
        devicesCalls: vendorCalls,
        injected,
        own429s: own429,
      },
      legacySessions: legacyResults,
      checks,
    };

    // ---- the checks ----------------------------------------------------------------------
    const httpKinds = Object.keys(mix).filter((k) => !isToolResult(k) || k.startsWith('other'));
    check('every call got a tool result of a known kind (no HTTP error, JSON-RPC error or dropped call)', httpKinds.length === 0, httpKinds.map((k) => `${k}: ${mix[k]}`).join(', ') || 'none');
    check('both halves of the run served calls', phases.every((p) => p.served > 0), phases.map((p) => `${p.name}: ${p.served}`).join(', '));
    check('the mock injected 5xx, 429 and slow answers', injected['503'] > 0 && injected['429'] > 0 && injected.delayed > 0, JSON.stringify(injected));
    check('the breaker tripped during outages', (byLoad.calm?.breaker ?? 0) > 0 && (mix.breaker ?? 0) > 0, `breaker answers: ${mix.breaker ?? 0} (calm: ${byLoad.calm?.breaker ?? 0})`);
    const calmAnswers = answers.filter((a) => a.label === 'calm');
    const unrecovered = outages.filter((o) => !calmAnswers.some((a) => a.kind === 'ok' && a.at > o.to && a.at <= o.to + RECOVERY_SECONDS * 1000));
    check(`after each outage the calm organisation is served again within ${RECOVERY_SECONDS} s`, outages.length > 0 && unrecovered.length === 0, `${outages.length} outages, ${unrecovered.length} without recovery`);
    check('answers slower than the vendor timeout became timeout tool errors', (mix.timeout ?? 0) > 0, `timeouts: ${mix.timeout ?? 0}`);
    const busyDemand = answers.filter((a) => a.label.startsWith('busy')).length / Math.max(1, (phases.reduce((s, p) => s + p.seconds, 0)) / BUDGET_WINDOW_SECONDS);
    check('the busy organisation asked for more than its budget', busyDemand > BUDGET, `${Math.round(busyDemand)} calls per ${BUDGET_WINDOW_SECONDS} s against ${BUDGET}`);
    for (const [org, most] of Object.entries(mockView)) {
      check(`the mock never saw more than the budget from the ${org} account`, most <= BUDGET, `at most ${most} calls received in any ${BUDGET_WINDOW_SECONDS} s, budget ${BUDGET}`);
    }
    check('the mock never answered a 429 of its own (only the injected ones)', own429 === 0, `${own429} of its own, ${injected['429'] ?? 0} injected`);
    for (const table of Object.keys(TABLES)) {
      if (table === 'audit_events') continue;
      check(`D1 ${table}: same count before and after`, before.tables[table].size === after.tables[table].size, `${before.tables[table].size} → ${after.tables[table].size}`);
    }
    check('D1: no row that existed before was lost or changed in its immutable columns', Object.keys(lost).length === 0 && Object.keys(changed).length === 0,
      `lost: ${JSON.stringify(Object.fromEntries(Object.entries(lost).map(([t, k]) => [t, k.length])))}, changed: ${JSON.stringify(Object.fromEntries(Object.entries(changed).map(([t, k]) => [t, k.length])))}`);
    check('audit events grew by exactly the tool calls answered', auditDelta === toolResults.length && after.tables.audit_events.size - before.tables.audit_events.size === toolResults.length,
      `${auditDelta} tool.called events (${after.tables.audit_events.size - before.tables.audit_events.size} events in all) for ${toolResults.length} tool results`);
    check('usage counters grew by the same number', usageDelta === toolResults.length, `${usageDelta} counted for ${toolResults.length}`);
    check('the legacy sessions opened before the run still answer', legacyResults.every((r) => r.ok), legacyResults.map((r) => `${r.org}: ${r.status}`).join(', '));

    print(report);
    mkdirSync(path.dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nreport written to ${path.relative(process.cwd(), options.out)}`);
    return checks.every((c) => c.ok);
  } finally {
    clearInterval(sampler);
    await tap?.stop();
    await gateway.stop();
  }
}

function print(report) {
  console.log(`\nLoad and fault run: ${report.minutes} min asked, ${report.wallSeconds} s in all; restart took ${report.restartSeconds.toFixed(1)} s`);
  console.log(`served: ${report.served} tools/call answers (${report.load.phases.map((p) => `${p.name}: ${p.served} in ${p.seconds.toFixed(0)} s`).join('; ')})`);
  console.log(`faults switched on (each for its time, every ${report.faults.everySeconds} s): ${JSON.stringify(report.faults.fired)}`);
  console.log('\nanswers by kind:');
  console.table(report.mix);
  console.log('by load:');
  console.table(report.byLoad);
  console.log('gateway time as the tap saw it (ms):');
  console.table(report.latencyMs);
  console.log('oha (through the tap):');
  for (const phase of report.oha) {
    console.log(`  ${phase.phase}`);
    console.table(Object.fromEntries(Object.entries(phase.byLoad).map(([k, v]) => [k, { requests: v.requests, rps: v.rps, p50ms: v.p50ms, p99ms: v.p99ms }])));
  }
  console.log('workerd RSS through the load (MiB):');
  console.table(report.workerdRssMiB);
  console.log('\nD1 rows before and after:');
  console.table(Object.fromEntries(Object.keys(report.d1.before).map((t) => [t, { before: report.d1.before[t], after: report.d1.after[t] }])));
  console.log(`tool.called events: ${JSON.stringify(report.d1.toolCalledEvents)}; usage calls added: ${report.d1.usageCalls.added}`);
  console.log(`\nthe mock: budget ${report.mock.budget}; busiest window ${JSON.stringify(report.mock.busiestWindow)}; devices calls ${report.mock.devicesCalls}; injected ${JSON.stringify(report.mock.injected)}; its own 429s ${report.mock.own429s}`);
  console.log(`legacy sessions: ${JSON.stringify(report.legacySessions)}`);
  console.log('\nchecks:');
  for (const c of report.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  const failed = report.checks.filter((c) => !c.ok).length;
  console.log(`\n${report.checks.length - failed} passed, ${failed} failed`);
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
