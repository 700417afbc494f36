// The hot path of a tool call (issue 12), on the wire against wrangler dev: the Server-Timing
// header the operator can switch on names where a call's time went, in both eras; and every
// cache the hot path keeps (the configuration per isolate, the legacy session's record, the
// vendor's token, the last-used stamps) leaves revocation immediate. After calls that warmed
// every cache, a revoked grant, a disconnected connection, a lowered permission and an ended
// session each take effect on the very next request. And a vendor account that keeps failing
// trips its circuit breaker: calls are answered without waiting for it, then one probe
// recovers it. A gzipped vendor answer (its inflated length unknown) is read whole.
// (foundation.test.mjs checks that a default gateway sends no Server-Timing.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { legacyRequest, modernRequest, textOf } from '../support/rpc.mjs';
import { withDatabase } from '../support/state.mjs';
import { DATTO_IDS } from '../mocks/datto-rmm/mock.mjs';

const PASSWORD = 'correct horse battery staple';
const LEGACY = '2025-11-25';
const LIST = { name: 'datto_list_devices', arguments: { limit: 5 } };
const COOLDOWN_SECONDS = 2;
const DEVICES = '/api/v2/account/devices';

let gateway;
before(async () => {
  gateway = await startGateway({ mocks: true, vars: { SERVER_TIMING: 'on', BREAKER_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS) } });
});
after(async () => gateway?.stop());

const endpoint = () => `${gateway.url}/v1/datto-rmm`;

/** A signed-up person with a Datto connection, and a token with `scope`. */
async function person(slug, scope = 'tools:read') {
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: `${slug}@hot.example`, password: PASSWORD, organisation: `${slug} MSP` });
  const consented = scope.split(' ');
  const { exchange } = await grant(gateway.url, browser, { scope, consent: { scopes: consented } });
  assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
  return { browser, token: exchange.body.access_token, email: `${slug}@hot.example` };
}

const modernCall = (token, params = LIST) => modernRequest(endpoint(), token, 'tools/call', params);

/** Posts one legacy message; returns status, headers and the parsed answer. */
const legacyPost = (token, message, session) => legacyRequest(endpoint(), token, message, { session, version: LEGACY });

/** Opens a legacy session and returns a function that calls a tool on it. */
async function legacySession(token) {
  const init = await legacyPost(token, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'hot-path', version: '1' } },
  });
  assert.equal(init.status, 200);
  const session = init.headers.get('mcp-session-id');
  assert.equal((await legacyPost(token, { jsonrpc: '2.0', method: 'notifications/initialized' }, session)).status, 202);
  let id = 2;
  const call = (params = LIST) => legacyPost(token, { jsonrpc: '2.0', id: id++, method: 'tools/call', params }, session);
  return { session, call };
}

/** `name;dur=1.2, …` → Map(name → ms). */
const phases = (header) =>
  new Map((header ?? '').split(',').map((part) => part.trim().split(';dur=')).filter(([name, ms]) => name && ms !== undefined).map(([name, ms]) => [name, Number(ms)]));

/** Warms every cache of the hot path: two calls in each era. */
async function warm(token) {
  const legacy = await legacySession(token);
  for (let i = 0; i < 2; i++) {
    const modern = await modernCall(token);
    assert.equal(modern.status, 200);
    assert.equal(modern.json.result.isError, false, textOf(modern.json.result));
    const old = await legacy.call();
    assert.equal(old.status, 200);
    assert.equal(old.json.result.isError, false, textOf(old.json.result));
  }
  return legacy;
}

const grantOf = (email) =>
  withDatabase(gateway.state, (db) =>
    db.prepare('SELECT g.id AS grant, g.connection_id AS connection FROM grants g JOIN users u ON u.id = g.user_id WHERE u.email = ? AND g.revoked_at IS NULL').get(email),
  );

describe('Server-Timing', () => {
  test('a modern and a warm legacy call name their phases, and the phases fit in the total', async () => {
    const { token } = await person('timing');
    const modern = await modernCall(token);
    const timed = phases(modern.headers.get('server-timing'));
    assert.ok(timed.has('total'), modern.headers.get('server-timing'));
    const { call } = await legacySession(token);
    await call();
    const legacy = await call();
    assert.equal(legacy.status, 200);
    const legacyTimed = phases(legacy.headers.get('server-timing'));
    for (const timing of [timed, legacyTimed]) {
      const total = timing.get('total');
      for (const [name, ms] of timing) {
        assert.match(name, /^(config|auth|session|unseal|budget|vendor|shape|serialise|total)$/);
        assert.ok(ms >= 0 && ms <= total + 0.1, `${name} ${ms} ms within the total ${total} ms`);
      }
    }
    // The vendor's own time is counted apart from the gateway's: a slow vendor shows there.
    gateway.mocks.datto.fail({ path: '/api/v2/account/devices', delayMs: 300 });
    const slow = phases((await modernCall(token)).headers.get('server-timing'));
    assert.ok(slow.get('vendor') >= 250, `vendor ${slow.get('vendor')} ms for a 300 ms answer`);
    assert.ok((slow.get('auth') ?? 0) < 250, 'the wait is not put on the token check');
  });
});

describe('a vendor answer of no known length', () => {
  test('a gzipped answer is inflated and read whole, the same records as a plain one', async () => {
    const { token } = await person('gzip');
    const { datto } = gateway.mocks;
    const plain = await modernCall(token);
    datto.compress();
    try {
      const zipped = await modernCall(token);
      const answered = datto.requests.filter((r) => r.path === DEVICES).at(-1);
      assert.equal(answered.status, 200, 'the mock answered the devices page (gzipped)');
      assert.equal(zipped.status, 200, JSON.stringify(zipped.json));
      assert.equal(zipped.json.result.isError, false, textOf(zipped.json.result));
      assert.equal(zipped.json.result.structuredContent.items.length, 5);
      // The cursor is sealed afresh each time; the records and the count are the vendor's.
      const { next_cursor: _zippedCursor, ...zippedPage } = zipped.json.result.structuredContent;
      const { next_cursor: _plainCursor, ...plainPage } = plain.json.result.structuredContent;
      assert.deepEqual(zippedPage, plainPage);
    } finally {
      datto.compress(false);
    }
  });
});

describe('revocation is immediate after every cache is warm', () => {
  test('a grant revoked on the settings page refuses the next call in both eras', async () => {
    const { browser, token, email } = await person('revoke');
    const legacy = await warm(token);
    const { grant: grantId } = await grantOf(email);
    const apps = await browser.visit('/settings/apps');
    await browser.submit(apps.body, '/settings/revoke', { grant: grantId });
    const modern = await modernCall(token);
    assert.equal(modern.status, 401);
    assert.match(modern.headers.get('www-authenticate'), /the grant behind this token has been revoked/);
    assert.equal((await legacy.call()).status, 401, 'the live session does not carry the revoked grant');
    // The body is read beside the grant, but the grant is answered first: a revoked token
    // with a body the endpoint would refuse is still told that its grant is revoked.
    const refusedBody = await fetch(endpoint(), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', accept: 'application/json' },
      body: 'not json',
    });
    assert.equal(refusedBody.status, 401);
    assert.match(refusedBody.headers.get('www-authenticate'), /revoked/);
  });

  test('a disconnected connection refuses the next call in both eras', async () => {
    const { browser, token, email } = await person('disconnect');
    const legacy = await warm(token);
    const { connection } = await grantOf(email);
    const vendors = await browser.visit('/settings/vendors');
    await browser.submit(vendors.body, '/settings/connections/disconnect', { connection });
    for (const answer of [await modernCall(token), await legacy.call()]) {
      assert.equal(answer.status, 401);
      assert.match(answer.headers.get('www-authenticate'), /revoked/);
    }
  });

  test('a connection marked for new keys answers the next call without calling the vendor', async () => {
    const { token, email } = await person('quarantined');
    const legacy = await warm(token);
    const { connection } = await grantOf(email);
    await withDatabase(gateway.state, (db) =>
      db.prepare("UPDATE vendor_connections SET status = 'needs_reauth' WHERE id = ?").run(connection),
    );
    gateway.mocks.datto.reset();
    for (const answer of [await modernCall(token), await legacy.call()]) {
      assert.equal(answer.status, 200);
      assert.equal(answer.json.result.isError, true);
      assert.match(textOf(answer.json.result), /refused the stored keys/);
    }
    assert.equal(gateway.mocks.datto.requests.length, 0, 'no vendor call with the quarantined keys');
  });

  test('a permission taken back on the settings page refuses the next write, in both eras', async () => {
    const { browser, token } = await person('lowered', 'tools:read tools:write');
    const legacy = await warm(token);
    const write = { name: 'datto_resolve_alert', arguments: { alert_uid: DATTO_IDS.alertOpenCpu } };
    const page = await browser.visit('/settings/apps');
    await browser.submit(page.body, '/settings/apps/permissions', { scope: ['tools:read'] });
    for (const answer of [await modernCall(token, write), await legacy.call(write)]) {
      assert.equal(answer.status, 403);
      assert.match(answer.headers.get('www-authenticate'), /insufficient_scope/);
    }
    assert.equal((await modernCall(token)).status, 200, 'reading is still allowed');
  });

  test('an ended legacy session is refused on its next request', async () => {
    const { token } = await person('ended');
    const legacy = await warm(token);
    const ended = await fetch(endpoint(), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'mcp-session-id': legacy.session, 'mcp-protocol-version': LEGACY },
    });
    assert.equal(ended.status, 204);
    assert.equal((await legacy.call()).status, 404);
  });
});

describe('a failing vendor account trips its circuit breaker', () => {
  test('after five failures in a row calls are answered without the vendor, then one probe recovers it', async () => {
    const { token } = await person('breaker');
    const datto = gateway.mocks.datto;
    assert.equal((await modernCall(token)).json.result.isError, false);
    datto.reset();
    datto.fail({ path: DEVICES, status: 503, times: Infinity });
    const texts = [];
    for (let i = 0; i < 5 && !/giving it time to recover/.test(texts.at(-1) ?? ''); i++) {
      const answer = await modernCall(token);
      assert.equal(answer.json.result.isError, true);
      texts.push(textOf(answer.json.result));
    }
    assert.match(texts.at(-1), /Datto RMM has been failing .* did not call it; try again in \d+ seconds/);
    const tried = datto.requests.filter((r) => r.path === DEVICES).length;
    assert.equal(tried, 5, 'the breaker opened at the fifth failure (retries count)');

    const refused = await modernCall(token);
    assert.match(textOf(refused.json.result), /did not call it/);
    assert.equal(datto.requests.filter((r) => r.path === DEVICES).length, tried, 'no call while open');
    assert.ok(!phases(refused.headers.get('server-timing')).has('vendor'), 'no time spent waiting for the vendor');
    const other = await person('breaker-other');
    assert.match(textOf((await modernCall(other.token)).json.result), /failing \(HTTP 503\)/, "another account's breaker is its own");

    datto.reset();
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_SECONDS * 1000 + 100));
    const probe = await modernCall(token);
    assert.equal(probe.json.result.isError, false, textOf(probe.json.result));
    assert.equal(datto.requests.filter((r) => r.path === DEVICES).length, 1, 'one probe');
    assert.equal((await modernCall(token)).json.result.isError, false, 'closed again');
  });
});
