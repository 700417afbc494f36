// The gateway's base surface over real HTTP against wrangler dev: health, readiness, the
// landing page, static files, 404 and 405, response headers and the per-request log line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, eventually, randomKey, startGateway } from '../support/gateway.mjs';

// The vendor ids of the product (DESIGN.md, "Vendor ids").
const VENDOR_IDS = [
  'datto-rmm', 'itglue', 'autotask', 'halopsa', 'syncro',
  'atera', 'superops', 'connectwise-psa', 'connectwise-automate', 'xyte',
];
const CRATE_VERSION = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "(.+)"/m)[1];
const SIGNING_KEY = randomKey();
const CREDENTIAL_KEY = randomKey();

let gateway;
before(async () => {
  gateway = await startGateway({
    secrets: { TOKEN_SIGNING_KEYS: `k1:${SIGNING_KEY}`, CREDENTIAL_KEYS: `v1:${CREDENTIAL_KEY}` },
  });
});
after(async () => gateway?.stop());

function assertSecurityHeaders(response) {
  assert.match(response.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  assert.match(response.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
}

describe('GET /health', () => {
  test('reports status, version and build as JSON', async () => {
    const response = await fetch(`${gateway.url}/health`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assertSecurityHeaders(response);
    const body = await response.json();
    assert.deepEqual(Object.keys(body).sort(), ['build', 'status', 'version']);
    assert.equal(body.status, 'ok');
    assert.equal(body.version, CRATE_VERSION);
    assert.match(body.build, /^[0-9a-f]{12}(-dirty)?$|^unknown$/);
  });

  test('HEAD answers with the headers and no body', async () => {
    const response = await fetch(`${gateway.url}/health`, { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });

  test('every request id is new', async () => {
    const ids = new Set();
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${gateway.url}/health`);
      await response.arrayBuffer();
      ids.add(response.headers.get('x-request-id'));
    }
    assert.equal(ids.size, 5);
  });
});

describe('GET /health/ready', () => {
  test('D1, KV and a session Durable Object all answer', async () => {
    const response = await fetch(`${gateway.url}/health/ready`);
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ready');
    assert.deepEqual(body.checks.map((check) => [check.name, check.ok]), [
      ['d1', true],
      ['kv', true],
      ['durable_object', true],
    ]);
    for (const check of body.checks) assert.equal(typeof check.duration_ms, 'number');
  });
});

describe('GET /', () => {
  test('is an HTML page listing every vendor URL under the public origin', async () => {
    const response = await fetch(`${gateway.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/html/);
    assertSecurityHeaders(response);
    const html = await response.text();
    assert.match(html, /<title>MCP Gateway/);
    for (const id of VENDOR_IDS) {
      assert.ok(html.includes(`<code>${gateway.url}/v1/${id}</code>`), `missing the URL of ${id}`);
    }
    assert.ok(html.includes(`claude mcp add --transport http datto-rmm ${gateway.url}/v1/datto-rmm`));
    assert.ok(!/<script/i.test(html), 'pages carry no script');
  });

  test('its stylesheet and icon are served with their types', async () => {
    const css = await fetch(`${gateway.url}/static/style.css`);
    assert.equal(css.status, 200);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.match(css.headers.get('cache-control'), /max-age=\d+/);
    assert.match(await css.text(), /\.vendor-list/);
    const icon = await fetch(`${gateway.url}/static/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
    await icon.arrayBuffer();
  });
});

describe('unknown paths and wrong methods', () => {
  for (const [method, target] of [
    ['GET', '/nope'],
    ['POST', '/nope'],
    ['GET', '/static/missing.css'],
    ['GET', '/static/../Cargo.toml'],
    ['GET', '/health/'],
  ]) {
    test(`${method} ${target} is a 404 JSON error`, async () => {
      const response = await fetch(`${gateway.url}${target}`, { method });
      assert.equal(response.status, 404);
      assert.match(response.headers.get('content-type'), /^application\/json/);
      assertSecurityHeaders(response);
      const body = await response.json();
      assert.equal(body.error, 'not_found');
      assert.equal(typeof body.error_description, 'string');
    });
  }

  for (const [method, target] of [
    ['POST', '/health'],
    ['DELETE', '/'],
    ['PUT', '/health/ready'],
    ['PATCH', '/static/style.css'],
  ]) {
    test(`${method} ${target} is a 405 naming the allowed methods`, async () => {
      const response = await fetch(`${gateway.url}${target}`, { method });
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'GET, HEAD');
      const body = await response.json();
      assert.equal(body.error, 'method_not_allowed');
      assert.ok(body.error_description.includes(method));
    });
  }
});

describe('request log', () => {
  test('one JSON line per request with method, path, status, duration and request id', async () => {
    const response = await fetch(`${gateway.url}/nope?code=should-not-be-logged`);
    await response.arrayBuffer();
    const id = response.headers.get('x-request-id');
    const record = await eventually(() => gateway.logRecords().find((r) => r.request_id === id));
    assert.ok(record, `no log line for request ${id}:\n${gateway.logs()}`);
    assert.equal(record.event, 'request');
    assert.equal(record.method, 'GET');
    assert.equal(record.path, '/nope');
    assert.equal(record.status, 404);
    assert.equal(typeof record.duration_ms, 'number');
    assert.equal(gateway.logRecords().filter((r) => r.request_id === id).length, 1);
  });

  test('no Server-Timing header unless the operator switches it on', async () => {
    const response = await fetch(`${gateway.url}/health`);
    await response.arrayBuffer();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('server-timing'), null);
  });

  test('query strings and secrets never reach the log', async () => {
    assert.ok(gateway.logRecords().length > 0);
    const logs = gateway.logs();
    assert.ok(!logs.includes('should-not-be-logged'), 'a query string was logged');
    assert.ok(!logs.includes(SIGNING_KEY), 'the signing key was logged');
    assert.ok(!logs.includes(CREDENTIAL_KEY), 'the credential key was logged');
  });
});
