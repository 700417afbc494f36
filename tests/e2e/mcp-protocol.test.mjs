// The MCP endpoint on the wire, against wrangler dev and the vendor mocks: both eras' exact
// answers to bad input, legacy sessions in the Durable Object (across a restart too), batches
// where 2025-03-26 allows them, progress on an event stream, the vendor's failures as tool
// errors, and what each call leaves in the audit log and the connection (and what it never
// leaves: a secret).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway, stopMocks } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { withDatabase } from '../support/state.mjs';
import { DATTO_IDS } from '../mocks/datto-rmm/fixtures.mjs';

const PASSWORD = 'correct horse battery staple';
const MODERN = '2026-07-28';
const META = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
};

let gateway;
let browser;
let readToken;
let writeToken;

before(async () => {
  // Pages of two devices, so list tools walk several pages.
  gateway = await startGateway({ mocks: { datto: { maxPageSize: 2 } } });
  browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'wire@msp.example', password: PASSWORD });
  readToken = (await grant(gateway.url, browser)).exchange.body.access_token;
  writeToken = (
    await grant(gateway.url, browser, {
      scope: 'tools:read tools:write offline_access',
      consent: { scopes: ['tools:read', 'tools:write', 'offline_access'] },
    })
  ).exchange.body.access_token;
});
after(async () => gateway?.stop());

/** A raw POST to the Datto RMM endpoint. */
async function post(body, { token = readToken, headers = {}, path = '/v1/datto-rmm' } = {}) {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A 2026-07-28 request with its `_meta` and headers. */
function modern(method, params = {}, { id = 1, headers = {}, meta = META, ...options } = {}) {
  const name = params.name;
  return post(
    { jsonrpc: '2.0', id, method, params: { ...params, _meta: meta } },
    {
      ...options,
      headers: {
        'mcp-protocol-version': MODERN,
        'mcp-method': method,
        ...(name ? { 'mcp-name': name } : {}),
        ...headers,
      },
    },
  );
}

/** Opens a legacy session; returns a function that posts within it. */
async function session(version = '2025-11-25', token = readToken) {
  const opened = await post(
    {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'wire', version: '1' } },
    },
    { token },
  );
  assert.equal(opened.status, 200, opened.text);
  const id = opened.headers.get('mcp-session-id');
  assert.match(id, /^[0-9a-f]{64}$/);
  const send = (body, headers = {}) =>
    post(body, {
      token,
      headers: { 'mcp-session-id': id, 'mcp-protocol-version': version, ...headers },
    });
  return { id, opened, send };
}

const callTool = (name, args, options) => modern('tools/call', { name, arguments: args }, options);

describe('the modern era (2026-07-28), stateless', () => {
  test('server/discover names the versions, the tools capability and the server', async () => {
    const { status, json } = await modern('server/discover');
    assert.equal(status, 200);
    assert.equal(json.result.resultType, 'complete');
    assert.deepEqual(json.result.supportedVersions, ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']);
    assert.deepEqual(json.result.capabilities, { tools: {} });
    assert.equal(json.result._meta['io.modelcontextprotocol/serverInfo'].name, 'mcp-gateway');
    assert.equal(typeof json.result.ttlMs, 'number');
  });

  test('tools/list is cacheable and each tool has a title, a closed input schema and annotations', async () => {
    const { json } = await modern('tools/list');
    assert.equal(json.result.cacheScope, 'public');
    const names = json.result.tools.map((t) => t.name);
    assert.ok(names.includes('datto_list_devices') && names.includes('datto_run_quickjob'));
    for (const tool of json.result.tools) {
      assert.ok(tool.title, tool.name);
      assert.equal(tool.inputSchema.additionalProperties, false, tool.name);
      assert.equal(typeof tool.annotations.readOnlyHint, 'boolean', tool.name);
    }
    const devices = json.result.tools.find((t) => t.name === 'datto_list_devices');
    assert.deepEqual(devices.outputSchema.required, ['items', 'count', 'total', 'truncated']);
    assert.ok(devices.inputSchema.properties.cursor, 'every listing tool takes a cursor');
    const bad = await modern('tools/list', { cursor: 'bogus' });
    assert.equal(bad.json.error.code, -32602);
  });

  test('a tool call returns structured content and a text rendering', async () => {
    const { status, json } = await callTool('datto_get_device', { device_uid: DATTO_IDS.deviceDc });
    assert.equal(status, 200);
    assert.equal(json.id, 1);
    assert.equal(json.result.isError, false);
    assert.equal(json.result.structuredContent.hostname, 'NW-DC01');
    assert.match(json.result.content[0].text, /^hostname: NW-DC01/);
  });

  test('a list walks the vendor pages up to the limit', async () => {
    const before = gateway.mocks.datto.requests.length;
    const { json } = await callTool('datto_list_devices', { limit: 5 });
    const result = json.result.structuredContent;
    assert.equal(result.count, 5);
    assert.equal(result.truncated, true);
    const pages = gateway.mocks.datto.requests.slice(before).filter((r) => r.path === '/api/v2/account/devices');
    assert.equal(pages.length, 3, 'three pages of two');
  });

  test('with a progress token and an event-stream Accept, progress comes before the result', async () => {
    const response = await fetch(`${gateway.url}/v1/datto-rmm`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${readToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': MODERN,
        'mcp-method': 'tools/call',
        'mcp-name': 'datto_list_devices',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 'p1',
        method: 'tools/call',
        params: { name: 'datto_list_devices', arguments: { limit: 6 }, _meta: { ...META, progressToken: 'tok' } },
      }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/event-stream/);
    const events = (await response.text())
      .split('\n\n')
      .filter((block) => block.includes('data: '))
      .map((block) => JSON.parse(block.split('\n').find((l) => l.startsWith('data: ')).slice(6)));
    const progress = events.filter((e) => e.method === 'notifications/progress');
    assert.deepEqual(progress.map((p) => p.params.progress), [1, 2]);
    assert.ok(progress.every((p) => p.params.progressToken === 'tok'));
    const last = events.at(-1);
    assert.equal(last.id, 'p1');
    assert.equal(last.result.structuredContent.count, 6);
  });

  test('exact errors: _meta, versions, headers, unknown method', async () => {
    const missing = await modern('tools/list', {}, { meta: { 'io.modelcontextprotocol/protocolVersion': MODERN } });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, -32602);
    assert.equal(missing.json.id, 1);

    const future = await modern('tools/list', {}, {
      meta: { ...META, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' },
      headers: { 'mcp-protocol-version': '2099-01-01' },
    });
    assert.equal(future.status, 400);
    assert.equal(future.json.error.code, -32022);
    assert.equal(future.json.error.data.requested, '2099-01-01');
    assert.ok(future.json.error.data.supported.includes(MODERN));

    const mismatch = await callTool('datto_get_device', { device_uid: 'x' }, { headers: { 'mcp-name': 'datto_get_site' } });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.json.error.code, -32020);
    const noMethod = await modern('tools/list', {}, { headers: { 'mcp-method': '' } });
    assert.equal(noMethod.status, 400);
    assert.equal(noMethod.json.error.code, -32020);

    const unknown = await modern('resources/list');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, -32601);
    const ping = await modern('ping');
    assert.equal(ping.status, 404, 'ping is gone in 2026-07-28');
  });

  test("Claude's 2025 header on a 2026 body is served and logged", async () => {
    const { status, json } = await modern('tools/list', {}, { headers: { 'mcp-protocol-version': '2025-06-18' } });
    assert.equal(status, 200);
    assert.ok(json.result.tools.length > 0);
    assert.ok(gateway.logRecords().some((r) => r.event === 'mcp_version_header_mismatch' && r.header === '2025-06-18'));
  });
});

describe('exact errors common to both eras', () => {
  test('malformed JSON is 400 -32700 with a null id', async () => {
    const { status, json } = await post('{"jsonrpc":"2.0",');
    assert.equal(status, 400);
    assert.equal(json.error.code, -32700);
    assert.equal(json.id, null);
  });

  test('invalid JSON-RPC is 400 -32600, echoing the id it could read', async () => {
    const { status, json } = await post({ jsonrpc: '1.0', id: 7, method: 'tools/list' });
    assert.equal(status, 400);
    assert.equal(json.error.code, -32600);
    assert.equal(json.id, 7);
    const nullId = await post({ jsonrpc: '2.0', id: null, method: 'tools/list' });
    assert.equal(nullId.json.error.code, -32600);
  });

  test('an oversized body is 413 before it is read', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(4 * 1024 * 1024) } });
    const { status, json } = await post(huge);
    assert.equal(status, 413);
    assert.equal(json.error.code, -32600);
  });

  test('a wrong content type is 415 and an impossible Accept 406', async () => {
    const wrong = await post('{}', { headers: { 'content-type': 'text/plain' } });
    assert.equal(wrong.status, 415);
    const accept = await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { headers: { accept: 'text/html' } });
    assert.equal(accept.status, 406);
  });

  test('a disallowed Origin is 403 before anything else; the own origin is served', async () => {
    const evil = await modern('server/discover', {}, { headers: { origin: 'https://evil.example' } });
    assert.equal(evil.status, 403);
    const unauthenticated = await fetch(`${gateway.url}/v1/datto-rmm`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(unauthenticated.status, 403, 'even without a token');
    const own = await modern('server/discover', {}, { headers: { origin: gateway.url } });
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('access-control-allow-origin'), gateway.url);
  });

  test('GET and PUT are 405', async () => {
    const get = await fetch(`${gateway.url}/v1/datto-rmm`, { headers: { authorization: `Bearer ${readToken}`, accept: 'text/event-stream' } });
    assert.equal(get.status, 405);
    assert.match(get.headers.get('allow'), /POST/);
    const put = await fetch(`${gateway.url}/v1/datto-rmm`, { method: 'PUT', headers: { authorization: `Bearer ${readToken}` } });
    assert.equal(put.status, 405);
  });

  test('an unknown tool is -32602; bad arguments are a tool error naming the argument', async () => {
    const unknown = await callTool('datto_reboot_everything', {});
    assert.equal(unknown.status, 200);
    assert.equal(unknown.json.error.code, -32602);
    assert.match(unknown.json.error.message, /Unknown tool: datto_reboot_everything/);

    for (const [args, words] of [
      [{}, /missing required argument `alert_uid`/],
      [{ alert_uid: 42 }, /`alert_uid` must be a non-empty string/],
      [{ alert_uid: 'a', extra: true }, /unknown argument `extra`/],
    ]) {
      const bad = await callTool('datto_get_alert', args);
      assert.equal(bad.status, 200);
      assert.equal(bad.json.result.isError, true);
      assert.match(bad.json.result.content[0].text, words);
    }
    const limit = await callTool('datto_list_sites', { limit: 501 });
    assert.match(limit.json.result.content[0].text, /`limit` must be an integer from 0 to 500/);
  });

  test('a write tool without tools:write is 403 insufficient_scope, and nothing changes', async () => {
    const before = gateway.mocks.datto.requests.length;
    const denied = await callTool('datto_resolve_alert', { alert_uid: DATTO_IDS.alertOpenCpu });
    assert.equal(denied.status, 403);
    const challenge = denied.headers.get('www-authenticate');
    assert.match(challenge, /error="insufficient_scope"/);
    assert.match(challenge, /scope="[^"]*tools:write/);
    assert.match(challenge, /resource_metadata="/);
    assert.equal(gateway.mocks.datto.requests.length, before, 'the vendor was not called');
    const alert = gateway.mocks.datto.state().alerts.find((a) => a.alertUid === DATTO_IDS.alertOpenCpu);
    assert.equal(alert.resolved, false);

    const allowed = await callTool('datto_resolve_alert', { alert_uid: DATTO_IDS.alertOpenCpu }, { token: writeToken });
    assert.equal(allowed.json.result.isError, false);
    assert.deepEqual(allowed.json.result.structuredContent, { alertUid: DATTO_IDS.alertOpenCpu, resolved: true });
    assert.equal(gateway.mocks.datto.state().alerts.find((a) => a.alertUid === DATTO_IDS.alertOpenCpu).resolved, true);
  });
});

describe('legacy sessions (2025-03-26 … 2025-11-25)', () => {
  test('initialize negotiates; the session holds across requests; ping answers', async () => {
    const { opened, send } = await session('2025-06-18');
    assert.equal(opened.json.result.protocolVersion, '2025-06-18');
    assert.equal(opened.json.result.resultType, undefined, 'no modern fields in legacy results');
    assert.deepEqual((await send({ jsonrpc: '2.0', method: 'notifications/initialized' })).status, 202);
    const list = await send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    assert.equal(list.status, 200);
    assert.ok(list.json.result.tools.length >= 8);
    const pong = await send({ jsonrpc: '2.0', id: 3, method: 'ping' });
    assert.deepEqual(pong.json, { jsonrpc: '2.0', id: 3, result: {} });
    const unknown = await send({ jsonrpc: '2.0', id: 4, method: 'prompts/list' });
    assert.equal(unknown.status, 200);
    assert.equal(unknown.json.error.code, -32601);
    const again = await send({ jsonrpc: '2.0', id: 5, method: 'initialize', params: { protocolVersion: '2025-06-18' } });
    assert.equal(again.status, 400);
    assert.equal(again.json.error.code, -32600);

    const future = await post({ jsonrpc: '2.0', id: 9, method: 'initialize', params: { protocolVersion: '2030-01-01', capabilities: {} } });
    assert.equal(future.json.result.protocolVersion, '2025-11-25', 'an unknown version gets the latest legacy one');
  });

  test('DELETE ends a session; an unknown or ended one is 404; none is 400', async () => {
    const { id, send } = await session();
    const headers = { authorization: `Bearer ${readToken}`, 'mcp-session-id': id };
    assert.equal((await fetch(`${gateway.url}/v1/datto-rmm`, { method: 'DELETE', headers })).status, 204);
    const ended = await send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    assert.equal(ended.status, 404);
    assert.equal((await fetch(`${gateway.url}/v1/datto-rmm`, { method: 'DELETE', headers })).status, 404);
    const unknown = await post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { headers: { 'mcp-session-id': 'f'.repeat(64) } });
    assert.equal(unknown.status, 404);
    const none = await post({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    assert.equal(none.status, 400);
  });

  test('a session is bound to its user: another token cannot use it', async () => {
    const { id } = await session();
    const other = new Browser(gateway.url, gateway.vendorKeys);
    await other.signUp({ email: 'other@msp.example', password: PASSWORD });
    const otherToken = (await grant(gateway.url, other)).exchange.body.access_token;
    const stolen = await post({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { token: otherToken, headers: { 'mcp-session-id': id } });
    assert.equal(stolen.status, 404);
  });

  test('MCP-Protocol-Version must be the negotiated one', async () => {
    const { send } = await session('2025-11-25');
    assert.equal((await send({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-protocol-version': '2025-06-18' })).status, 400);
    assert.equal((await send({ jsonrpc: '2.0', id: 3, method: 'tools/list' }, { 'mcp-protocol-version': 'banana' })).status, 400);
  });

  test('2025-03-26 takes batches; later versions refuse them', async () => {
    const old = await session('2025-03-26');
    const batch = await old.send([
      { jsonrpc: '2.0', id: 'a', method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 'b', method: 'tools/call', params: { name: 'datto_get_site', arguments: { site_uid: DATTO_IDS.siteNorthwind } } },
    ]);
    assert.equal(batch.status, 200);
    assert.deepEqual(batch.json.map((r) => r.id), ['a', 'b']);
    assert.match(batch.json[1].result.structuredContent.name, /Northwind/);
    const newer = await session('2025-06-18');
    const refused = await newer.send([{ jsonrpc: '2.0', id: 'a', method: 'ping' }]);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error.code, -32600);
  });
});

describe('vendor failures become tool errors the model can act on', () => {
  test('a 500 is retried; a lasting one is reported with the vendor status', async () => {
    const datto = gateway.mocks.datto;
    datto.fail({ status: 500, times: 1, path: '/api/v2/site/' });
    const recovered = await callTool('datto_get_site', { site_uid: DATTO_IDS.siteNorthwind });
    assert.equal(recovered.json.result.isError, false, 'the retry succeeded');

    datto.fail({ status: 500, times: 10, path: '/api/v2/site/' });
    const before = datto.requests.length;
    const failed = await callTool('datto_get_site', { site_uid: DATTO_IDS.siteNorthwind });
    assert.equal(failed.json.result.isError, true);
    assert.match(failed.json.result.content[0].text, /Datto RMM/);
    assert.match(failed.json.result.content[0].text, /500/);
    assert.equal(datto.requests.slice(before).filter((r) => r.path.startsWith('/api/v2/site/')).length, 3, 'three attempts');
    datto.reset();
  });

  test('a 429 within a short Retry-After is waited out; a long one tells the model when to retry', async () => {
    const datto = gateway.mocks.datto;
    datto.fail({ status: 429, times: 1, retryAfter: 1, path: '/api/v2/site/' });
    const waited = await callTool('datto_get_site', { site_uid: DATTO_IDS.siteNorthwind });
    assert.equal(waited.json.result.isError, false);

    // A long wait blocks the vendor account for every isolate (the quota governor), so it is
    // shown on another organisation's account: this one's calls go on in the next tests.
    const other = new Browser(gateway.url, gateway.vendorKeys);
    await other.signUp({ email: 'wire-429@msp.example', password: PASSWORD });
    const token = (await grant(gateway.url, other)).exchange.body.access_token;
    datto.fail({ status: 429, times: 5, retryAfter: 120, path: '/api/v2/site/' });
    const before = datto.requests.length;
    const limited = await callTool('datto_get_site', { site_uid: DATTO_IDS.siteNorthwind }, { token });
    assert.equal(limited.json.result.isError, true);
    assert.match(limited.json.result.content[0].text, /retry in 120 seconds/);
    assert.equal(datto.requests.slice(before).filter((r) => r.path.startsWith('/api/v2/site/')).length, 1, 'not retried');
    datto.reset();

    // The account's next call, to another endpoint, waits too, without reaching the vendor;
    // the first organisation's account is not blocked.
    const mark = datto.requests.length;
    const blocked = await callTool('datto_get_device', { device_uid: DATTO_IDS.deviceDc }, { token });
    assert.equal(blocked.json.result.isError, true);
    assert.match(blocked.json.result.content[0].text, /rate limit was reached; retry in 1[12]\d seconds/);
    assert.equal(datto.requests.length, mark, 'the blocked account did not call the vendor');
    const unaffected = await callTool('datto_get_device', { device_uid: DATTO_IDS.deviceDc });
    assert.equal(unaffected.json.result.isError, false, unaffected.text);
  });

  test('a timeout is reported without a retry', async () => {
    const datto = gateway.mocks.datto;
    datto.fail({ delayMs: 6000, times: 1, path: '/api/v2/alert/' });
    const before = datto.requests.length;
    const slow = await callTool('datto_get_alert', { alert_uid: DATTO_IDS.alertResolved });
    assert.equal(slow.status, 200, slow.text);
    assert.equal(slow.json.result.isError, true);
    assert.match(slow.json.result.content[0].text, /3 seconds/);
    assert.equal(datto.requests.slice(before).filter((r) => r.path.startsWith('/api/v2/alert/')).length, 1);
    datto.reset();
  });

  test('every call is audited once, without secrets', async () => {
    await callTool('datto_get_device', { device_uid: DATTO_IDS.deviceWorkstation });
    // The audit write happens after the answer.
    let entries = [];
    for (let i = 0; i < 20; i += 1) {
      entries = (await (await browser.request('/settings/audit/export?format=json')).json()).entries;
      if (entries.some((e) => e.action === 'tool.called' && e.detail?.includes('"datto_get_device"'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const calls = entries.filter((e) => e.action === 'tool.called');
    const device = calls.filter((e) => JSON.parse(e.detail).tool === 'datto_get_device');
    assert.ok(device.length >= 2);
    const detail = JSON.parse(device[0].detail);
    assert.equal(detail.outcome, 'ok');
    assert.equal(detail.upstream_status, 200);
    assert.equal(typeof detail.latency_ms, 'number');
    const failed = calls.find((e) => JSON.parse(e.detail).upstream_status === 500);
    assert.equal(failed.outcome, 'failure');
    const text = JSON.stringify(entries);
    for (const secret of ['datto-secret', 'datto-key', readToken, ...gateway.mocks.datto.tokens()]) {
      assert.ok(!text.includes(secret), 'no secret in the audit log');
    }
  });

  test('stored keys that no longer open are a tool error, and the vendor is not called', async () => {
    const owner = new Browser(gateway.url, gateway.vendorKeys);
    await owner.signUp({ email: 'tampered@msp.example', password: PASSWORD });
    const token = (await grant(gateway.url, owner, { vendor: 'itglue' })).exchange.body.access_token;
    // The plain settings are bound into the seal: changing the region in D1 breaks it.
    await withDatabase(gateway.state, (db) => {
      const changed = db.prepare("UPDATE vendor_connections SET settings = '{\"region\":\"eu\"}' WHERE vendor = 'itglue'").run();
      assert.equal(changed.changes, 1);
    });
    const before = gateway.mocks.itglue.requests.length;
    const refused = await callTool('itglue_search_organizations', {}, { token, path: '/v1/itglue' });
    assert.equal(refused.json.result.isError, true);
    assert.match(refused.json.result.content[0].text, /could not be opened/);
    assert.match(refused.json.result.content[0].text, /settings\/vendors\/itglue\/connect/);
    assert.equal(gateway.mocks.itglue.requests.length, before);
  });

  test('a vendor 401 marks the connection for reconnection and says where', async () => {
    const datto = gateway.mocks.datto;
    datto.revokeCredentials('datto-key');
    datto.expireTokens();
    const refused = await callTool('datto_get_device', { device_uid: DATTO_IDS.deviceDc });
    assert.equal(refused.json.result.isError, true);
    assert.match(refused.json.result.content[0].text, new RegExp(`${gateway.url}/settings/vendors/datto-rmm/connect`));
    let page;
    for (let i = 0; i < 20; i += 1) {
      page = await browser.visit('/settings/vendors');
      if (/needs|reconnect/i.test(page.body)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(page.body, /needs|reconnect/i);
    const next = await callTool('datto_get_device', { device_uid: DATTO_IDS.deviceDc });
    assert.equal(next.json.result.isError, true, 'no vendor call until the user reconnects');
    assert.match(next.json.result.content[0].text, /settings\/vendors\/datto-rmm\/connect/);
    datto.reset();
  });
});

describe('a legacy session survives a restart of wrangler dev', () => {
  test('the same session id works after the restart', async () => {
    const first = await startGateway({ mocks: true });
    let second;
    try {
      const user = new Browser(first.url, first.vendorKeys);
      await user.signUp({ email: 'restart@msp.example', password: PASSWORD });
      const token = (await grant(first.url, user)).exchange.body.access_token;
      const init = await fetch(`${first.url}/v1/datto-rmm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {} } }),
      });
      const id = init.headers.get('mcp-session-id');
      await first.stop({ keepState: true, keepMocks: true });
      second = await startGateway({ state: first.state, secrets: first.secrets, port: Number(new URL(first.url).port) });
      const list = await fetch(`${second.url}/v1/datto-rmm`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'mcp-session-id': id,
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
      assert.equal(list.status, 200, await list.clone().text());
      assert.ok((await list.json()).result.tools.length > 0);
    } finally {
      await (second ?? first).stop();
      // The first gateway's mocks were kept across the restart.
      await stopMocks(first.mocks);
    }
  });
});

describe('the /<vendor>/mcp alias', () => {
  test('has its own resource metadata and serves the same endpoint', async () => {
    const challenge = await fetch(`${gateway.url}/datto-rmm/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(challenge.status, 401);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge.headers.get('www-authenticate'))[1];
    assert.equal(metadataUrl, `${gateway.url}/.well-known/oauth-protected-resource/datto-rmm/mcp`);
    const metadata = await (await fetch(metadataUrl)).json();
    assert.equal(metadata.resource, `${gateway.url}/datto-rmm/mcp`);
    const served = await modern('server/discover', {}, { path: '/datto-rmm/mcp' });
    assert.equal(served.status, 200);
  });

  test('the TypeScript SDK connects through it with OAuth and calls a tool', async () => {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const { UnauthorizedError } = await import('@modelcontextprotocol/sdk/client/auth.js');
    const { HeadlessProvider } = await import('../support/oauth-client.mjs');
    const provider = new HeadlessProvider(browser);
    const url = new URL(`${gateway.url}/datto-rmm/mcp`);
    const client = new Client({ name: 'alias', version: '1' });
    let transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
    try {
      await client.connect(transport);
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      assert.equal(provider.authorizationUrl.searchParams.get('resource'), `${gateway.url}/datto-rmm/mcp`);
      await transport.finishAuth(provider.callback.searchParams.get('code'));
      transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
      await client.connect(transport);
    }
    const result = await client.callTool({ name: 'datto_get_site', arguments: { site_uid: DATTO_IDS.siteNorthwind } });
    assert.equal(result.isError, false);
    assert.match(result.structuredContent.name, /Northwind/);
    await client.close();
  });
});
