// Every client reaches write tools and password reveal, and lists go on past their limit
// (issue 18), against wrangler dev and the vendor mocks:
// - the consent page offers every permission the vendor has, whatever the client asked, and
//   the TS SDK v1 (whose step-up is a refresh) calls a write tool and reveals a password after
//   the person ticked them; the settings page takes a permission back (403 with a description
//   that says where to allow it again) and gives it back (the SDK's refresh then succeeds);
// - Datto RMM with 260 devices and IT Glue organizations through a filter: `total`,
//   `next_cursor`, every record exactly once across a cursor walk, `limit: 0` counts, and every
//   misuse of a cursor refused with its own reason.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DATTO_IDS, dattoFixtures } from '../mocks/datto-rmm/mock.mjs';
import { ITGLUE_IDS, itglueFixtures } from '../mocks/itglue/mock.mjs';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { connectSdkV1, scopesOf } from '../support/mcp-clients.mjs';
import { authorizeUrl, grant, pkcePair, registerPublicClient } from '../support/oauth-flow.mjs';
import { modernRequest, textOf } from '../support/rpc.mjs';

const PASSWORD = 'correct horse battery staple';
const EXTRA_DEVICES = 251; // with the 9 fixture devices: 260
const EXTRA_ORGANIZATIONS = 12;
const CURSOR_TTL = 4;

let gateway;
before(async () => {
  gateway = await startGateway({
    mocks: { datto: { extraDevices: EXTRA_DEVICES }, itglue: { extraOrganizations: EXTRA_ORGANIZATIONS } },
    vars: { LIST_CURSOR_TTL_SECONDS: String(CURSOR_TTL) },
  });
});
after(async () => gateway?.stop());

/** A 2026-07-28 `tools/call` to a vendor's endpoint. */
const call = (token, vendor, name, args) =>
  modernRequest(`${gateway.url}/v1/${vendor}`, token, 'tools/call', { name, arguments: args });

/** Submits the permissions form of the person's only app on /settings/apps. */
async function setPermissions(browser, scopes) {
  const page = await browser.visit('/settings/apps');
  const saved = await browser.submit(page.body, '/settings/apps/permissions', { scope: scopes });
  assert.match(saved.body, /Permissions saved/);
  return saved.body;
}

describe('the person decides the permissions, not the client\'s step-up', () => {
  test('TS SDK v1: a write after "changes" was ticked, refused once taken back, allowed again after a refresh', async () => {
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'writes@msp.example', password: PASSWORD, organisation: 'Writes MSP' });
    // The client holds a refresh token, so its answer to a 403 is a refresh (no new consent).
    const session = await connectSdkV1({ gateway, browser, vendor: 'datto-rmm', offline: true, tick: ['tools:write'] });
    try {
      const [first] = session.authorizations;
      assert.deepEqual(scopesOf(first).filter((s) => s !== 'offline_access'), ['tools:read'], 'the client asked only to read');
      assert.match(session.grantedScope(), /tools:write/, 'the token response says what the person granted');

      const alert = dattoFixtures.alerts.find((a) => !a.resolved && a.alertUid !== DATTO_IDS.alertOpenCpu).alertUid;
      gateway.mocks.datto.reset();
      const resolved = await session.callTool('datto_resolve_alert', { alert_uid: DATTO_IDS.alertOpenCpu });
      assert.equal(resolved.isError, false, textOf(resolved));
      assert.equal(session.authorizations.length, 1, 'no step-up was needed');

      const page = await setPermissions(browser, []);
      assert.doesNotMatch(page, /<code>tools:write<\/code> /, 'the app no longer lists changes');
      await assert.rejects(
        session.callTool('datto_resolve_alert', { alert_uid: alert }),
        /403/,
        'the write is refused once the permission is taken back, refresh or not',
      );
      const token = session.provider.savedTokens.access_token;
      const refused = await call(token, 'datto-rmm', 'datto_resolve_alert', { alert_uid: alert });
      assert.equal(refused.status, 403);
      const challenge = refused.headers.get('www-authenticate');
      assert.match(challenge, /error="insufficient_scope"/);
      assert.match(challenge, /scope="[^"]*tools:write[^"]*"/);
      assert.match(challenge, new RegExp(`error_description="this operation needs tools:write; the user can allow it for this app at ${gateway.url}/settings/apps, then try again"`));
      assert.match(refused.json.error_description, /\/settings\/apps/);
      assert.equal(gateway.mocks.datto.requests.filter((r) => r.path.endsWith(`/alert/${alert}/resolve`)).length, 0, 'Datto was not called');

      await setPermissions(browser, ['tools:write']);
      // The SDK gives up on a challenge it already answered until a request succeeds (its loop
      // guard), as happens when the model goes on with a read.
      const read = await session.callTool('datto_get_site', { site_uid: DATTO_IDS.siteNorthwind });
      assert.equal(read.isError, false);
      const again = await session.callTool('datto_resolve_alert', { alert_uid: alert });
      assert.equal(again.isError, false, 'the SDK\'s refresh-as-step-up now brings the permission back');
      assert.equal(session.authorizations.length, 1, 'still no new consent');
      const audit = await browser.visit('/settings/audit');
      assert.match(audit.body, /Changed an app&#39;s permissions|Changed an app's permissions/);
    } finally {
      await session.close();
    }
  });

  test('TS SDK v1: a password revealed after "passwords" was ticked on the consent page', async () => {
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'passwords@msp.example', password: PASSWORD, organisation: 'Passwords MSP' });
    const session = await connectSdkV1({ gateway, browser, vendor: 'itglue', offline: true, tick: ['secrets:read'] });
    try {
      assert.ok(!scopesOf(session.authorizations[0]).includes('secrets:read'), 'the client did not ask for passwords');
      const revealed = await session.callTool('itglue_get_password', { password_id: ITGLUE_IDS.passwordDomainAdmin });
      assert.equal(revealed.isError, false, textOf(revealed));
      assert.equal(revealed.structuredContent.password, 'Nw!Dc-2025#Vault');
      await setPermissions(browser, []);
      await assert.rejects(session.callTool('itglue_get_password', { password_id: ITGLUE_IDS.passwordDomainAdmin }), /403/);
    } finally {
      await session.close();
    }
  });

  test('the consent page offers changes unticked though the client asked only to read', async () => {
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'consent@msp.example', password: PASSWORD, organisation: 'Consent MSP' });
    const { exchange } = await grant(gateway.url, browser, { vendor: 'datto-rmm', scope: 'tools:read offline_access' });
    assert.equal(exchange.body.scope, 'tools:read offline_access', 'nothing more than what the person left ticked');
    // A second app asking only to read: the consent page itself, before any decision.
    const client = await registerPublicClient(gateway.url);
    const { challenge } = pkcePair();
    const consent = await browser.visit(authorizeUrl(gateway.url, {
      response_type: 'code', client_id: client.client_id, redirect_uri: 'http://127.0.0.1:9999/callback',
      code_challenge: challenge, code_challenge_method: 'S256', state: 's', scope: 'tools:read',
      resource: `${gateway.url}/v1/datto-rmm`,
    }));
    assert.match(consent.body, /name="scope" value="tools:write"(?![^>]*checked)[^>]*>/, 'changes offered, unticked');
    assert.doesNotMatch(consent.body, /value="secrets:read"/, 'Datto RMM has no secrets to offer');
    const apps = await browser.visit('/settings/apps');
    assert.match(apps.body, /name="scope" value="tools:write"(?![^>]*checked)[^>]*>/, 'and on the apps page, unticked');
  });
});

describe('lists go on past their limit', () => {
  let token;
  let otherToken;
  before(async () => {
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'lists@msp.example', password: PASSWORD, organisation: 'Lists MSP' });
    token = (await grant(gateway.url, browser, { vendor: 'datto-rmm' })).exchange.body.access_token;
    otherToken = (await grant(gateway.url, browser, { vendor: 'datto-rmm' })).exchange.body.access_token;
  });

  const allDevices = dattoFixtures.devices.length + EXTRA_DEVICES;

  test('Datto: 250 of 260 with a total and a cursor, then the last 10, each device exactly once', async () => {
    const first = (await call(token, 'datto-rmm', 'datto_list_devices', { limit: 250 })).json.result;
    assert.equal(first.isError, false, textOf(first));
    const page = first.structuredContent;
    assert.equal(allDevices, 260);
    assert.deepEqual([page.count, page.total, page.truncated], [250, 260, true]);
    assert.equal(typeof page.next_cursor, 'string');
    assert.match(textOf(first), /250 of 260 records \(more exist: pass `next_cursor`/);

    const second = (await call(token, 'datto-rmm', 'datto_list_devices', { limit: 250, cursor: page.next_cursor })).json.result;
    assert.equal(second.isError, false, textOf(second));
    const rest = second.structuredContent;
    assert.deepEqual([rest.count, rest.total, rest.truncated, rest.next_cursor], [10, 260, false, undefined]);
    const uids = [...page.items, ...rest.items].map((d) => d.uid);
    assert.equal(new Set(uids).size, 260, 'no device repeated');
    const expected = new Set([...dattoFixtures.devices.map((d) => d.uid), ...gateway.mocks.datto.state().devices.map((d) => d.uid)]);
    assert.deepEqual(new Set(uids), expected, 'no device lost');
  });

  test('a walk in small steps that end inside a vendor page still returns every device once', async () => {
    const seen = [];
    let cursor;
    let calls = 0;
    do {
      const args = { limit: 70, ...(cursor ? { cursor } : {}) };
      const result = (await call(token, 'datto-rmm', 'datto_list_devices', args)).json.result;
      assert.equal(result.isError, false, textOf(result));
      seen.push(...result.structuredContent.items.map((d) => d.uid));
      cursor = result.structuredContent.next_cursor;
      calls += 1;
    } while (cursor && calls < 10);
    assert.equal(calls, 4, '70 + 70 + 70 + 50');
    assert.equal(seen.length, 260);
    assert.equal(new Set(seen).size, 260);
  });

  test('limit 0 answers the total alone', async () => {
    const result = (await call(token, 'datto-rmm', 'datto_list_devices', { limit: 0 })).json.result;
    assert.equal(result.isError, false, textOf(result));
    assert.deepEqual(result.structuredContent, { count: 0, total: 260, truncated: true, items: [] });
    assert.match(textOf(result), /0 of 260 records/);
  });

  test('IT Glue: a cursor walk through a filter returns every customer organization once', async () => {
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'glue-lists@msp.example', password: PASSWORD, organisation: 'Glue Lists MSP' });
    const glue = (await grant(gateway.url, browser, { vendor: 'itglue' })).exchange.body.access_token;
    gateway.mocks.itglue.reset(); // the request log from here on is this walk's
    const customer = 86; // the Customer organization type of the fixtures
    const expected = [
      ...itglueFixtures.organizations.filter((o) => o.attributes['organization-type-id'] === customer).map((o) => o.id),
      ...Array.from({ length: EXTRA_ORGANIZATIONS }, (_, i) => String(3001 + i)),
    ];
    const seen = [];
    let cursor;
    let total;
    for (let step = 0; step < 10; step++) {
      const args = { organization_type_id: customer, limit: 4, ...(cursor ? { cursor } : {}) };
      const result = (await call(glue, 'itglue', 'itglue_search_organizations', args)).json.result;
      assert.equal(result.isError, false, textOf(result));
      const { items, next_cursor: next } = result.structuredContent;
      total ??= result.structuredContent.total;
      for (const org of items) assert.equal(org['organization-type-id'], customer);
      seen.push(...items.map((o) => String(o.id)));
      cursor = next;
      if (!cursor) break;
    }
    assert.equal(total, expected.length, 'IT Glue\'s meta.total-count for the filter');
    assert.deepEqual([...seen].sort(), [...expected].sort(), 'every customer exactly once');
    const requests = gateway.mocks.itglue.requests.filter((r) => r.path === '/organizations');
    assert.ok(requests.every((r) => r.query['filter[organization_type_id]'] === String(customer)), 'every page kept the filter');
  });

  test('every misuse of a cursor is refused with its own reason', async () => {
    const { next_cursor: cursor } = (await call(token, 'datto-rmm', 'datto_list_devices', { limit: 5 })).json.result.structuredContent;
    const refusal = async (t, name, args) => {
      const result = (await call(t, 'datto-rmm', name, args)).json.result;
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} should be refused`);
      return textOf(result);
    };
    const flipped = cursor.slice(0, -4) + (cursor.at(-4) === 'A' ? 'B' : 'A') + cursor.slice(-3);
    assert.match(await refusal(token, 'datto_list_devices', { limit: 5, cursor: flipped }), /Invalid cursor .*damaged/);
    assert.match(await refusal(otherToken, 'datto_list_devices', { limit: 5, cursor }), /issued to another app/);
    assert.match(await refusal(token, 'datto_list_sites', { limit: 5, cursor }), /belongs to datto_list_devices/);
    assert.match(await refusal(token, 'datto_list_devices', { limit: 5, hostname: 'CMSP', cursor }), /other filters/);
    await new Promise((resolve) => setTimeout(resolve, (CURSOR_TTL + 1) * 1000));
    assert.match(await refusal(token, 'datto_list_devices', { limit: 5, cursor }), /expired/);
  });
});
