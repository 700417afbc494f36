// Kill switches (issue 19), on the wire against wrangler dev: a paused connection, a paused
// organisation and a vendor the operator paused (`PAUSED_VENDORS`, on a second gateway) each
// answer tools/call at once with a tool error, without any vendor call (the mock's request
// count does not move), right after warm calls (no cache delays a pause); tools/list still
// works; after resume the same call reaches the vendor. The switches are flipped through the
// settings page's forms; a member who may not flip one gets a precise refusal; every pause
// and resume is in the audit log with its actor and target; held calls count as `paused` in
// the usage counters, not as vendor failures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway, stopMocks } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { legacyRequest, modernRequest, textOf } from '../support/rpc.mjs';
import { withDatabase } from '../support/state.mjs';

const PASSWORD = 'correct horse battery staple';
const LIST = { name: 'datto_list_devices', arguments: { limit: 5 } };
const LEGACY = '2025-11-25';

let gateway;
let operatorPaused;
/** The operator-paused gateway's mocks, kept across its restart. */
let keptMocks;
before(async () => {
  [gateway, operatorPaused] = await Promise.all([
    startGateway({ mocks: true }),
    startGateway({ mocks: true, vars: { PAUSED_VENDORS: 'datto-rmm' } }),
  ]);
});
after(async () => {
  await Promise.all([gateway?.stop(), operatorPaused?.stop()]);
  if (keptMocks) await stopMocks(keptMocks);
});

/** A signed-up person (their own organisation) with a Datto connection and a token. */
async function person(gw, email, organisation) {
  const browser = new Browser(gw.url, gw.vendorKeys);
  await browser.signUp({ email, password: PASSWORD, organisation });
  return { browser, token: await tokenFor(gw, browser), email };
}

/** A token for the browser's person (connecting Datto first if they have no connection). */
async function tokenFor(gw, browser) {
  const { exchange } = await grant(gw.url, browser, { scope: 'tools:read', consent: { scopes: ['tools:read'] } });
  assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
  return exchange.body.access_token;
}

const call = (gw, token, method = 'tools/call', params = LIST) => modernRequest(`${gw.url}/v1/datto-rmm`, token, method, params);
const vendorCalls = (gw) => gw.mocks.datto.requests.length;

/** Opens a legacy (2025-11-25) session; returns a function calling the tool on it. */
async function legacySession(gw, token) {
  const post = (message, session) => legacyRequest(`${gw.url}/v1/datto-rmm`, token, message, { session, version: LEGACY });
  const init = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'kill-switch', version: '1' } } });
  const session = init.headers.get('mcp-session-id');
  assert.ok(session);
  assert.equal((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session)).status, 202);
  let id = 2;
  return async () => {
    const { status, json } = await post({ jsonrpc: '2.0', id: id++, method: 'tools/call', params: LIST }, session);
    assert.equal(status, 200);
    return json.result;
  };
}

/** A successful call, in both eras, that reached the vendor. */
async function assertReaches(gw, token, legacy, what) {
  const before = vendorCalls(gw);
  const modern = await call(gw, token);
  assert.equal(modern.status, 200);
  assert.equal(modern.json.result.isError, false, `${what}: ${textOf(modern.json.result)}`);
  if (legacy) assert.equal((await legacy()).isError, false, what);
  assert.ok(vendorCalls(gw) > before, `${what}: the vendor was called`);
}

/** A call held back by a pause, in both eras: the tool error, and no vendor call at all. */
async function assertHeld(gw, token, legacy, pattern) {
  const before = vendorCalls(gw);
  const started = performance.now();
  const modern = await call(gw, token);
  const ms = performance.now() - started;
  assert.equal(modern.status, 200);
  assert.equal(modern.json.result.isError, true);
  const text = textOf(modern.json.result);
  assert.match(text, pattern);
  assert.match(text, /Nothing was sent to Datto RMM/);
  if (legacy) {
    const old = await legacy();
    assert.equal(old.isError, true);
    assert.match(textOf(old), pattern);
  }
  assert.equal(vendorCalls(gw), before, 'the mock saw no request');
  const listed = await call(gw, token, 'tools/list', {});
  assert.ok(listed.json.result.tools.length > 0, 'tools/list still works');
  return { text, ms };
}

/** The section of a page about one connection (its row holds its pause form). */
const rowOf = (html, connection) => html.slice(html.indexOf(`data-connection="${connection}"`));
const csrfOf = (html) => html.match(/name="csrf_token" value="([^"]+)"/)[1];

const connectionOf = (gw, email) =>
  withDatabase(gw.state, (db) =>
    db.prepare("SELECT c.id FROM vendor_connections c JOIN users u ON u.id = c.user_id WHERE u.email = ? AND c.status = 'active'").get(email).id,
  );

/** Flips a connection's switch (pause or resume, whichever its form offers) on the pauses page. */
async function switchConnection(browser, connection) {
  const page = await browser.visit('/settings/pauses');
  return browser.submit(rowOf(page.body, connection), '/settings/pauses/connection');
}

async function switchOrganisation(browser) {
  const page = await browser.visit('/settings/pauses');
  return browser.submit(page.body, '/settings/pauses/organisation');
}

describe('kill switches', () => {
  const owner = { email: 'owner@pause.example' };
  const member = { email: 'staff@pause.example' };
  let ownerConnection;
  let memberConnection;
  let legacyOwner;

  test('a paused connection answers without the vendor on the very next call, and resumes', async () => {
    Object.assign(owner, await person(gateway, owner.email, 'Pause MSP'));
    ownerConnection = await connectionOf(gateway, owner.email);
    legacyOwner = await legacySession(gateway, owner.token);
    // Warm every cache of the hot path in both eras.
    for (let i = 0; i < 2; i++) await assertReaches(gateway, owner.token, legacyOwner, 'warm');

    const paused = await switchConnection(owner.browser, ownerConnection);
    assert.equal(paused.response.status, 200);
    assert.match(paused.body, /Connection paused\. Its tool calls are answered without reaching the vendor/);
    assert.match(rowOf(paused.body, ownerConnection), /Paused<\/span> by owner@pause\.example since \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const vendorsPage = await owner.browser.visit('/settings/vendors');
    assert.match(vendorsPage.body, /href="\/settings\/pauses">Paused since \d{4}-/, 'the vendors page shows the pause');

    const { text, ms } = await assertHeld(gateway, owner.token, legacyOwner, /This Datto RMM connection is paused by your administrator \(since \d{4}-/);
    assert.match(text, /resume it at http:\/\/127\.0\.0\.1:\d+\/settings\/pauses\./);
    console.log(`# connection pause: held call answered in ${ms.toFixed(1)} ms, vendor requests unchanged`);

    const resumed = await switchConnection(owner.browser, ownerConnection);
    assert.match(resumed.body, /Connection resumed\. The next tool call reaches the vendor\./);
    await assertReaches(gateway, owner.token, legacyOwner, 'after resume');
  });

  test('a paused organisation holds every member\'s calls; members get precise refusals', async () => {
    // The owner invites a member, who connects Datto and gets a token of their own.
    const invitePage = await owner.browser.visit('/settings/members');
    const invited = await owner.browser.submit(invitePage.body, '/settings/members/invite', { email: member.email, role: 'member' });
    const link = invited.body.match(/<pre id="invite-link" class="link-box">([^<]+)<\/pre>/)[1].replace(/&#38;|&amp;/g, '&');
    member.browser = new Browser(gateway.url, gateway.vendorKeys);
    const join = await member.browser.visit(link);
    assert.match((await member.browser.submit(join.body, '/invite', { password: PASSWORD })).body, /Welcome! You joined the organisation\./);
    member.token = await tokenFor(gateway, member.browser);
    memberConnection = await connectionOf(gateway, member.email);
    await assertReaches(gateway, member.token, null, 'the member before the pause');

    // A member sees no organisation switch, and forcing one is refused by name.
    const memberPage = await member.browser.visit('/settings/pauses');
    assert.ok(!memberPage.body.includes('action="/settings/pauses/organisation"'));
    assert.match(memberPage.body, /Only an owner or admin can pause or resume every connection of the organisation\./);
    assert.ok(!memberPage.body.includes(ownerConnection), 'a member lists only their own connections');
    const forced = await member.browser.request('/settings/pauses/organisation', { method: 'POST', form: { csrf_token: csrfOf(memberPage.body), switch: 'pause' } });
    assert.equal(forced.status, 403);
    assert.match(await forced.text(), /role="alert">Only an owner or admin can pause or resume every connection of the organisation\./);
    const othersConnection = await member.browser.request('/settings/pauses/connection', {
      method: 'POST',
      form: { csrf_token: csrfOf(memberPage.body), connection: ownerConnection, switch: 'pause' },
    });
    assert.equal(othersConnection.status, 403);
    assert.match(await othersConnection.text(), /Only an owner or admin can pause or resume another member(&#39;|&#x27;|')s connection\./);
    await assertReaches(gateway, owner.token, null, 'the refused switches changed nothing');

    // The owner pauses the organisation: both members' calls are held.
    const paused = await switchOrganisation(owner.browser);
    assert.match(paused.body, /Every connection of the organisation is paused\./);
    assert.match(paused.body, /Paused<\/span> by <strong>owner@pause\.example<\/strong> since \d{4}-/);
    const pattern = /Every vendor connection of this organisation is paused by your administrator \(since \d{4}-/;
    await assertHeld(gateway, member.token, null, pattern);
    await assertHeld(gateway, owner.token, legacyOwner, pattern);
    const memberSees = await member.browser.visit('/settings/pauses');
    assert.match(memberSees.body, /Paused<\/span> by <strong>owner@pause\.example<\/strong>/, 'members see who paused');

    // The owner also pauses the member's connection, then resumes the organisation: the
    // member's own connection stays paused, and the member may not undo the owner's pause.
    const ownerPage = await owner.browser.visit('/settings/pauses');
    assert.match(rowOf(ownerPage.body, memberConnection), /\(staff@pause\.example\)/, 'owners list every member\'s connections');
    await owner.browser.submit(rowOf(ownerPage.body, memberConnection), '/settings/pauses/connection');
    assert.match((await switchOrganisation(owner.browser)).body, /The organisation(&#39;|&#x27;|')s connections are resumed\./);
    await assertReaches(gateway, owner.token, legacyOwner, 'the owner after the organisation resumed');
    await assertHeld(gateway, member.token, null, /This Datto RMM connection is paused by your administrator/);
    const refused = await switchConnection(member.browser, memberConnection);
    assert.equal(refused.response.status, 403);
    assert.match(refused.body, /An owner or admin paused this connection, so only an owner or admin can resume it\./);
    await assertHeld(gateway, member.token, null, /paused by your administrator/);

    // The owner resumes it; the member can pause and resume their own connection.
    await switchConnection(owner.browser, memberConnection);
    await assertReaches(gateway, member.token, null, 'the member after the owner resumed');
    assert.match((await switchConnection(member.browser, memberConnection)).body, /Connection paused\./);
    await assertHeld(gateway, member.token, null, /paused by your administrator/);
    assert.match((await switchConnection(member.browser, memberConnection)).body, /Connection resumed\./);
    await assertReaches(gateway, member.token, null, 'the member after their own resume');
  });

  test('the audit log shows each pause and resume with its actor and target; held calls count as paused', async () => {
    const entries = (await (await owner.browser.request('/settings/audit/export?format=json')).json()).entries;
    const switches = entries
      .filter((e) => /^(connection|organisation)\.(paused|resumed)$/.test(e.action))
      .map((e) => `${e.actor} ${e.action} ${e.target}${e.vendor ? ` ${e.vendor}` : ''}`)
      .sort();
    const tenant = await withDatabase(gateway.state, (db) => db.prepare('SELECT tenant_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ?').get(owner.email).tenant_id);
    const expected = [
      `owner@pause.example connection.paused ${ownerConnection} datto-rmm`,
      `owner@pause.example connection.resumed ${ownerConnection} datto-rmm`,
      `owner@pause.example organisation.paused ${tenant}`,
      `owner@pause.example organisation.resumed ${tenant}`,
      `owner@pause.example connection.paused ${memberConnection} datto-rmm`,
      `owner@pause.example connection.resumed ${memberConnection} datto-rmm`,
      `staff@pause.example connection.paused ${memberConnection} datto-rmm`,
      `staff@pause.example connection.resumed ${memberConnection} datto-rmm`,
    ].sort();
    assert.deepEqual(switches, expected, 'every switch once, none for the refused ones');
    const detail = entries.find((e) => e.action === 'connection.paused' && e.target === memberConnection).detail;
    assert.match(detail, /^staff@pause\.example: /, 'the detail names whose connection it is');
    const page = await owner.browser.visit('/settings/audit');
    assert.match(page.body, /Paused every connection of the organisation/);
    assert.match(page.body, /Resumed a connection/);

    const held = entries.filter((e) => e.action === 'tool.called' && e.outcome === 'failure' && JSON.parse(e.detail).outcome === 'paused');
    assert.ok(held.length >= 6, `held calls are audited as tool calls (${held.length})`);
    assert.deepEqual([...new Set(held.map((e) => JSON.parse(e.detail).paused))].sort(), ['connection', 'organisation']);

    // Counted after the answer (waitUntil): give the batch a moment.
    let counters;
    for (let i = 0; i < 20; i++) {
      counters = await withDatabase(gateway.state, (db) =>
        db.prepare('SELECT SUM(err_paused) AS paused, SUM(err_unavailable) AS unavailable FROM usage_hourly WHERE tenant_id = ?').get(tenant),
      );
      if (counters.paused >= held.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(counters.paused, held.length, 'each held call counted as paused');
    assert.equal(counters.unavailable, 0, 'never as a vendor failure');
    const health = await (await fetch(`${gateway.url}/health/vendors`)).json();
    const datto = health.vendors.find((v) => v.vendor === 'datto-rmm');
    assert.equal(datto.failures, 0);
    assert.equal(datto.paused_by_operator, false);
    console.log(`# audit: ${switches.length} switches; usage: ${counters.paused} held calls counted as paused, 0 as vendor failures`);
  });

  test('a vendor the operator paused answers without the vendor, and works once the pause is lifted', async () => {
    const gw = operatorPaused;
    const { browser, token } = await person(gw, 'tech@operator.example', 'Operator MSP');
    const legacy = await legacySession(gw, token);
    const { text } = await assertHeld(gw, token, legacy, /Calls to Datto RMM are paused for everyone by the gateway's operator/);
    assert.doesNotMatch(text, /your administrator/);
    const health = await (await fetch(`${gw.url}/health/vendors`)).json();
    assert.deepEqual(health.vendors.filter((v) => v.paused_by_operator).map((v) => v.vendor), ['datto-rmm']);
    const page = await browser.visit('/settings/pauses');
    assert.match(page.body, /The operator of this gateway paused <strong>Datto RMM<\/strong> for everyone/);
    assert.match(page.body, /its vendor is paused by the operator/);

    // The operator lifts the pause: the same gateway (state, port, keys, mock) without the var.
    const { state, url, secrets, mocks } = gw;
    keptMocks = mocks;
    await gw.stop({ keepState: true, keepMocks: true });
    operatorPaused = undefined;
    operatorPaused = await startGateway({
      state,
      port: Number(new URL(url).port),
      secrets,
      vars: { UPSTREAM_OVERRIDES: JSON.stringify({ 'datto-rmm': mocks.datto.url }), UPSTREAM_TIMEOUT_SECONDS: '3' },
    });
    await assertReaches({ ...operatorPaused, mocks }, token, null, 'after the operator lifted the pause');
  });
});
