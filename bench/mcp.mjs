// Gateway overhead per MCP tools/call on local workerd (wrangler dev) with the Datto RMM mock:
// `tools/call datto_get_device` through /v1/datto-rmm against the same vendor request sent
// straight to the mock (`GET /api/v2/device/{uid}` with a Datto bearer). Each iteration times
// one direct request and one gateway call back to back (alternating which goes first), and
// overhead = gateway − direct of that same iteration; its percentiles are those of the paired
// differences, not differences of percentiles. Then throughput with concurrent clients.
// The mock's rate limiter, slow-down and IP block are off, so no 429 is ever measured.
// Prints figures; asserts nothing.
// Usage: node bench/mcp.mjs [sequential-calls (default 1000)]
import { Browser } from '../tests/support/browser.mjs';
import { startGateway } from '../tests/support/gateway.mjs';
import { DATTO_IDS } from '../tests/mocks/datto-rmm/mock.mjs';
import { grant } from '../tests/support/oauth-flow.mjs';
import { WARM_UP, checkToolAnswer, paired, post, summarise, timed } from './lib.mjs';

const CALLS = Number(process.argv[2] ?? 1000);
const CONCURRENCY = 16;
const THROUGHPUT_CALLS = 2000;
const THROUGHPUT_SECONDS = 10;
const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const DEVICE = DATTO_IDS.deviceDc;

// ---- the three ways of fetching one device -------------------------------------------------

async function dattoToken(mockUrl, { apiKey, apiSecret }) {
  const response = await fetch(`${mockUrl}/auth/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('public-client:public').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'password', username: apiKey, password: apiSecret }),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`Datto mock token: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

function direct(mockUrl, token) {
  const url = `${mockUrl}/api/v2/device/${DEVICE}`;
  return async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`direct GET ${url}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
}

const TOOL_PARAMS = { name: 'datto_get_device', arguments: { device_uid: DEVICE } };
let nextId = 1;

function modernCall(endpoint, accessToken) {
  const headers = {
    authorization: `Bearer ${accessToken}`,
    'mcp-protocol-version': MODERN,
    'mcp-method': 'tools/call',
    'mcp-name': TOOL_PARAMS.name,
  };
  return async () => {
    const message = {
      jsonrpc: '2.0',
      id: nextId++,
      method: 'tools/call',
      params: {
        ...TOOL_PARAMS,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': MODERN,
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    };
    const result = await post(endpoint, headers, message);
    checkToolAnswer('modern era', result);
    return result;
  };
}

/** Opens a legacy session (initialize + notifications/initialized); null if the endpoint refuses. */
async function legacySession(endpoint, accessToken) {
  const auth = { authorization: `Bearer ${accessToken}` };
  const init = await post(endpoint, auth, {
    jsonrpc: '2.0',
    id: nextId++,
    method: 'initialize',
    params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'bench-mcp', version: '1.0.0' } },
  });
  if (init.status !== 200 || !init.answer?.result) {
    console.log(`legacy era skipped: initialize answered ${init.status} ${init.text.slice(0, 200)}`);
    return null;
  }
  const sessionId = init.headers.get('mcp-session-id');
  const version = init.answer.result.protocolVersion;
  const headers = { ...auth, 'mcp-protocol-version': version, ...(sessionId ? { 'mcp-session-id': sessionId } : {}) };
  const initialized = await post(endpoint, headers, { jsonrpc: '2.0', method: 'notifications/initialized' });
  if (initialized.status !== 202) {
    console.log(`legacy era skipped: notifications/initialized answered ${initialized.status} ${initialized.text.slice(0, 200)}`);
    return null;
  }
  const call = async () => {
    const result = await post(endpoint, headers, { jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: TOOL_PARAMS });
    checkToolAnswer('legacy era', result);
    return result;
  };
  const close = async () => {
    if (sessionId) await (await fetch(endpoint, { method: 'DELETE', headers })).arrayBuffer();
  };
  return { call, close, sessionId, version };
}

// ---- measurements --------------------------------------------------------------------------

/**
 * `CONCURRENCY` clients calling back to back until THROUGHPUT_CALLS calls have started or
 * THROUGHPUT_SECONDS have passed. `clients` holds one call function per client.
 */
async function throughput(clients) {
  let started = 0;
  let done = 0;
  const began = performance.now();
  const deadline = began + THROUGHPUT_SECONDS * 1000;
  await Promise.all(
    clients.map(async (call) => {
      while (started < THROUGHPUT_CALLS && performance.now() < deadline) {
        started++;
        await call();
        done++;
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  return { calls: done, seconds: Number(seconds.toFixed(2)), 'calls/s': Math.round(done / seconds) };
}

/** A modern `server/discover`: authenticated and dispatched like a call, but no vendor request. */
function discoverCall(endpoint, accessToken) {
  const headers = { authorization: `Bearer ${accessToken}`, 'mcp-protocol-version': MODERN, 'mcp-method': 'server/discover' };
  return async () => {
    const message = {
      jsonrpc: '2.0',
      id: nextId++,
      method: 'server/discover',
      params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } },
    };
    const result = await post(endpoint, headers, message);
    if (result.status !== 200 || !result.answer?.result) throw new Error(`server/discover: ${result.status} ${result.text.slice(0, 300)}`);
  };
}

const gateway = await startGateway({
  // The mock's limits are off, and so is the governor's budget in effect (a huge one: the hot
  // path still spends from slices and asks the budget object for each new one).
  vars: { VENDOR_BUDGETS: 'datto-rmm=1000000/60' },
  mocks: { datto: { rateLimit: { limit: Infinity, windowMs: 1 }, slowdown: false, ipBlock: false } },
});
try {
  const { datto } = gateway.mocks;
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'bench-mcp@msp.example', password: 'correct horse battery staple' });
  // One grant per stream of calls, as separate apps would have: the gateway limits each grant
  // (MCP_LIMITER in wrangler.toml), and one grant must not carry the whole benchmark.
  const newToken = async () => {
    const { exchange } = await grant(gateway.url, browser, { vendor: 'datto-rmm' });
    if (exchange.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(exchange.body)}`);
    return exchange.body.access_token;
  };
  const endpoint = `${gateway.url}/v1/datto-rmm`;

  const directCall = direct(datto.url, await dattoToken(datto.url, { apiKey: 'datto-key', apiSecret: 'datto-secret' }));
  const modern = modernCall(endpoint, await newToken());
  const sample = await modern();
  if (!JSON.stringify(sample.answer.result).includes('NW-DC01')) {
    throw new Error(`the gateway's answer does not describe NW-DC01: ${sample.text.slice(0, 500)}`);
  }
  const legacy = await legacySession(endpoint, await newToken());

  const eras = [['modern (2026-07-28, stateless)', modern]];
  if (legacy) eras.push([`legacy (${legacy.version}, session in a Durable Object)`, legacy.call]);

  // The floor: an authenticated modern request that reaches dispatch but calls no vendor.
  const discover = discoverCall(endpoint, await newToken());
  for (let i = 0; i < WARM_UP; i++) await discover();
  const floor = [];
  for (let i = 0; i < CALLS; i++) floor.push(await timed(discover));

  console.log(`tools/call datto_get_device {device_uid: ${DEVICE}} — ${CALLS} sequential pairs per era after ${WARM_UP} warm-up pairs`);
  console.log('client-side wall time on local workerd and a local mock; overhead = gateway − direct, paired per iteration');
  const table = {};
  const overheadByEra = {};
  for (const [label, call] of eras) {
    const { directTimes, gatewayTimes, overhead } = await paired(directCall, call, CALLS);
    table[`${label}: direct GET /api/v2/device/{uid}`] = summarise(directTimes);
    table[`${label}: through the gateway`] = summarise(gatewayTimes);
    table[`${label}: overhead (paired)`] = summarise(overhead);
    overheadByEra[label] = summarise(overhead);
  }
  table['modern: server/discover (token check + dispatch, no vendor call)'] = summarise(floor);
  console.table(table);
  for (const [label, { p50, p95, p99 }] of Object.entries(overheadByEra)) {
    console.log(`gateway overhead per tools/call, ${label}: p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms (paired differences)`);
  }

  console.log(`throughput: ${CONCURRENCY} concurrent clients, ${THROUGHPUT_CALLS} calls or ${THROUGHPUT_SECONDS} s, whichever ends first`);
  const each = (call) => Array.from({ length: CONCURRENCY }, () => call);
  const tokens = [];
  for (let i = 0; i < CONCURRENCY; i++) tokens.push(await newToken());
  const rates = { 'direct GET /api/v2/device/{uid}': await throughput(each(directCall)) };
  rates['modern: tools/call via gateway'] = await throughput(tokens.map((token) => modernCall(endpoint, token)));
  if (legacy) {
    // Each client opens its own session, as separate MCP clients would.
    const sessions = await Promise.all(tokens.map((token) => legacySession(endpoint, token)));
    if (sessions.includes(null)) throw new Error('a legacy session for the throughput run could not be opened');
    rates[`legacy: tools/call via gateway (${CONCURRENCY} sessions)`] = await throughput(sessions.map((s) => s.call));
    await Promise.all(sessions.map((s) => s.close()));
  }
  console.table(rates);
  const upstream = datto.requests.filter((r) => r.path.startsWith('/api/v2/device/')).length;
  const tokenRequests = datto.requests.filter((r) => r.path === '/auth/oauth/token').length;
  console.log(`Datto mock saw ${upstream} device reads and ${tokenRequests} token requests (1 of them the direct leg's)`);
  await legacy?.close();
} finally {
  await gateway.stop();
}
