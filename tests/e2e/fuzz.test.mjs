// A seeded fuzz run against a local gateway (issue 21): a few thousand hostile requests —
// JSON-RPC framing and batches, oversized and broken bodies, forged tokens, malformed OAuth
// registrations, token, authorize and revoke requests, and the account forms. Every answer
// must be a 4xx or better, carry no stack trace, machine path, secret or token, and keep its
// headers small; /health must still answer at the end. The seed is printed so a failure
// replays exactly: FUZZ_SEED=<seed> node --test tests/e2e/fuzz.test.mjs
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? randomBytes(4).readUInt32LE(0));
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2500);
const CONCURRENCY = 4;
const MAX_HEADER_BYTES = 8 * 1024;

/** mulberry32: a small seeded generator, so a run replays exactly from its seed. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let gateway;
let token;
let refreshToken;
let clientId;
before(async () => {
  gateway = await startGateway({ mocks: true });
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'fuzz@msp.example', password: 'correct horse battery staple' });
  const granted = await grant(gateway.url, browser);
  token = granted.exchange.body.access_token;
  refreshToken = granted.exchange.body.refresh_token;
  clientId = granted.client.client_id;
});
after(async () => gateway?.stop());

/** Builds one random request: `{ label, path, init }`. */
function hostileRequest(random) {
  const pick = (items) => items[Math.floor(random() * items.length)];
  const int = (max) => Math.floor(random() * max);
  const text = (max) => {
    const alphabet = ['a', 'Z', '0', ' ', '"', "'", '<', '>', '&', '%', '\\', '/', '..', '\u0000', '\r\n', '\t', 'é', '😀', '{', '}', '[', ']', ':', ','];
    return Array.from({ length: int(max) }, () => pick(alphabet)).join('');
  };
  /** Printable ASCII only: what an HTTP header value can carry at all. */
  const headerText = (max) => text(max).replace(/[^\x20-\x7e]/g, '~');
  /** Random text made safe for a URL path or query. */
  const urlText = (max) => encodeURIComponent(text(max));
  const jsonValue = (depth = 0) => {
    switch (depth > 3 ? int(5) : int(8)) {
      case 0: return null;
      case 1: return random() < 0.5;
      case 2: return int(2 ** 31) * (random() < 0.5 ? -1 : 1);
      case 3: return random() * 1e308;
      case 4: return text(40);
      case 5: return Array.from({ length: int(4) }, () => jsonValue(depth + 1));
      default: return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(['jsonrpc', 'id', 'method', 'params', 'name', 'arguments', 'cursor', '_meta', text(8)]), jsonValue(depth + 1)]));
    }
  };
  const message = () => {
    const m = {};
    if (random() < 0.9) m.jsonrpc = random() < 0.8 ? '2.0' : jsonValue(2);
    if (random() < 0.8) m.id = random() < 0.7 ? int(1000) : jsonValue(2);
    if (random() < 0.95) m.method = pick(['initialize', 'tools/list', 'tools/call', 'ping', 'server/discover', 'notifications/cancelled', text(20), jsonValue(2)]);
    if (random() < 0.7) {
      m.params = random() < 0.7
        ? { name: pick(['datto_list_devices', 'datto_get_device', 'datto_run_quickjob', 'nope', text(70)]), arguments: jsonValue(1), cursor: random() < 0.2 ? text(300) : undefined, _meta: random() < 0.5 ? jsonValue(2) : { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } }
        : jsonValue(1);
    }
    return m;
  };
  const bearer = () => pick([
    `Bearer ${token}`,
    `Bearer ${token.slice(0, -3)}abc`,
    'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.',
    `Bearer ${'A'.repeat(int(20000))}`,
    'Basic Zm9vOmJhcg==',
    `Bearer ${headerText(60)}`,
    '',
  ]);
  const mcpHeaders = () => ({
    authorization: bearer(),
    'content-type': pick(['application/json', 'application/json; charset=utf-8', 'text/plain', '', 'application/x-www-form-urlencoded']),
    accept: pick(['application/json, text/event-stream', 'text/event-stream', '*/*', 'image/png']),
    ...(random() < 0.6 ? { 'mcp-protocol-version': pick(['2026-07-28', '2025-11-25', '2025-03-26', '1999-01-01', headerText(12)]) } : {}),
    ...(random() < 0.3 ? { 'mcp-method': pick(['tools/call', 'tools/list', headerText(10)]) } : {}),
    ...(random() < 0.2 ? { 'mcp-session-id': pick([headerText(30), 'a'.repeat(64)]) } : {}),
  });
  const form = (fields) => new URLSearchParams(fields).toString();
  switch (int(9)) {
    case 0:
    case 1: {
      const body = random() < 0.3
        ? JSON.stringify(Array.from({ length: int(30) }, message))
        : JSON.stringify(message());
      return { label: 'json-rpc', path: pick(['/v1/datto-rmm', '/v1/itglue', '/datto-rmm/mcp', '/v1/autotask?toolsets=' + urlText(10)]), init: { method: 'POST', headers: mcpHeaders(), body } };
    }
    case 2: {
      const body = pick([text(200), '{"jsonrpc":"2.0",', '[]', '[' + '['.repeat(int(3000)), '"' + 'x'.repeat(int(300000)) + '"', '\u0000\u0001\u0002', '{"a":' + '1'.repeat(5000) + '}']);
      const method = pick(['POST', 'PUT', 'DELETE', 'GET', 'PATCH']);
      return { label: 'broken body', path: '/v1/datto-rmm', init: { method, headers: mcpHeaders(), body: method === 'GET' ? undefined : body } };
    }
    case 3:
      return {
        label: 'register',
        path: '/oauth/register',
        init: {
          method: 'POST',
          headers: { 'content-type': pick(['application/json', 'text/plain']) },
          body: random() < 0.8
            ? JSON.stringify({ redirect_uris: random() < 0.8 ? [pick(['https://a.example/cb', 'http://127.0.0.1/cb', text(60), 'https:///cb', 'https://a.example/c\rb', 'javascript:x'])] : jsonValue(1), token_endpoint_auth_method: pick(['none', 'client_secret_post', text(10), undefined]), client_name: random() < 0.5 ? text(int(500)) : jsonValue(1), grant_types: random() < 0.5 ? jsonValue(1) : undefined })
            : text(300),
        },
      };
    case 4:
      return {
        label: 'token',
        path: '/oauth/token',
        init: {
          method: 'POST',
          headers: { 'content-type': pick(['application/x-www-form-urlencoded', 'application/json']) },
          body: form({
            grant_type: pick(['authorization_code', 'refresh_token', 'client_credentials', text(20)]),
            ...(random() < 0.6 ? { code: text(40) } : {}),
            ...(random() < 0.6 ? { refresh_token: pick([text(40), refreshToken.slice(0, -2) + 'zz']) } : {}),
            ...(random() < 0.7 ? { client_id: pick([clientId, text(30), 'https://evil.example/client.json']) } : {}),
            ...(random() < 0.5 ? { code_verifier: text(int(200)) } : {}),
            ...(random() < 0.5 ? { resource: pick([`${gateway.url}/v1/datto-rmm`, text(40)]) } : {}),
            ...(random() < 0.3 ? { scope: text(30) } : {}),
          }),
        },
      };
    case 5: {
      const params = new URLSearchParams();
      for (const name of ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope', 'resource']) {
        if (random() < 0.7) params.append(name, pick([text(int(200)), 'code', clientId, 'http://127.0.0.1:9999/callback', 'S256', `${gateway.url}/v1/datto-rmm`]));
        if (random() < 0.1) params.append(name, text(10));
      }
      if (random() < 0.5) {
        // A registered client and redirect URI, so errors are redirected: what the redirect
        // echoes must stay bounded.
        params.set('client_id', clientId);
        params.set('redirect_uri', 'http://127.0.0.1:9999/callback');
        params.set(pick(['state', 'response_type', 'scope', 'code_challenge_method', 'resource']), 'x'.repeat(int(100_000)));
      }
      return { label: 'authorize', path: `/oauth/authorize?${params}`, init: { method: 'GET', redirect: 'manual' } };
    }
    case 6:
      return { label: 'revoke', path: '/oauth/revoke', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ token: pick([token, text(50), refreshToken]), ...(random() < 0.5 ? { token_type_hint: text(15) } : {}), ...(random() < 0.5 ? { client_id: clientId } : {}) }) } };
    case 7:
      return {
        label: 'account forms',
        path: pick(['/sign-up', '/sign-in', '/sign-out', `/sign-in?return_to=${urlText(int(3000))}`]),
        init: { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ email: text(60), password: text(int(200)), organisation: text(40), csrf_token: text(30), return_to: text(int(500)) }) },
      };
    default:
      return { label: 'paths', path: pick(['/v1/' + urlText(20), '/.well-known/oauth-protected-resource/' + urlText(20), '/settings/' + urlText(10), '/static/' + urlText(10), '/%2e%2e/%2e%2e/etc/passwd', '/v1/datto-rmm/messages?sessionId=' + urlText(40)]), init: { method: pick(['GET', 'POST', 'OPTIONS', 'HEAD']), redirect: 'manual' } };
  }
}

/** What no answer may contain. */
function leaks() {
  const secrets = Object.values(gateway.secrets).flatMap((ring) => ring.split(',').map((entry) => entry.split(':')[1]));
  return [
    /panicked at/i, /RuntimeError/, /\bat [\w.]+ \(file:/, /\/work\/|\/root\/|\/home\//, /\.rs:\d+/, /wasm-function/,
    ...secrets.map((secret) => new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))),
  ];
}

test(`${REQUESTS} hostile requests: no 5xx, no leak, small headers (seed ${SEED})`, { timeout: 300_000 }, async () => {
  console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  const random = generator(SEED);
  const requests = Array.from({ length: REQUESTS }, () => hostileRequest(random));
  const forbidden = leaks();
  const failures = [];
  const started = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < requests.length) {
      const index = next++;
      const { label, path, init } = requests[index];
      let response;
      try {
        response = await fetch(`${gateway.url}${path}`, init);
      } catch (error) {
        failures.push(`#${index} ${label} ${path.slice(0, 80)}: no answer (${error.message})`);
        continue;
      }
      const body = await response.text();
      const headerBytes = [...response.headers].reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
      const problems = [];
      if (response.status >= 500) problems.push(`status ${response.status}`);
      if (headerBytes > MAX_HEADER_BYTES) problems.push(`${headerBytes} bytes of headers`);
      const answer = `${[...response.headers].map(([n, v]) => `${n}: ${v}`).join('\n')}\n${body}`;
      for (const pattern of forbidden) if (pattern.test(answer)) problems.push(`leaks ${pattern}`);
      if (answer.includes(token)) problems.push('echoes the access token');
      if (problems.length) failures.push(`#${index} ${label} ${init.method} ${path.slice(0, 80)}: ${problems.join(', ')} — ${body.slice(0, 160)}`);
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  console.log(`fuzz: ${REQUESTS} requests in ${seconds.toFixed(1)} s, ${failures.length} findings`);
  const health = await fetch(`${gateway.url}/health`);
  assert.equal(health.status, 200, '/health still answers');
  assert.deepEqual(failures.slice(0, 20), [], `seed ${SEED}: ${failures.length} findings`);
});
