// Vendor connections end to end, against wrangler dev, its local D1 file and the Datto RMM
// mock: the connect step inside the OAuth flow, sealing at rest, a sealed row that will not
// open for another user, tenant isolation, quarantine on a vendor 401, master-key rotation,
// the audit trail and its export, and account deletion.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { stateFiles, withDatabase } from '../support/state.mjs';
import { eventually, randomKey, startGateway, stopMocks } from '../support/gateway.mjs';
import { authorizeUrl, callVendor, grant, pkcePair, registerPublicClient, tokenRequest } from '../support/oauth-flow.mjs';

const PASSWORD = 'correct horse battery staple';
// Distinctive values, so a byte search of the database cannot match anything by accident.
const API_KEY = `dattokey-${randomBytes(12).toString('hex')}`;
const API_SECRET = `dattosecret-${randomBytes(16).toString('hex')}`;
const DATTO = { api_key: API_KEY, api_secret: API_SECRET, platform: 'merlot' };

/** Where the gateway's connect step sent the person, and the page. */
async function startAuthorization(gateway, browser, vendor = 'datto-rmm') {
  const redirectUri = 'http://127.0.0.1:9999/callback';
  const client = await registerPublicClient(gateway.url, redirectUri);
  const { verifier, challenge } = pkcePair();
  const url = authorizeUrl(gateway.url, {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'st',
    scope: 'tools:read offline_access',
    resource: `${gateway.url}/v1/${vendor}`,
  });
  const page = await browser.visit(url);
  return { client, verifier, redirectUri, page };
}

describe('vendor connections', () => {
  let gateway;
  let datto;
  before(async () => {
    gateway = await startGateway({ mocks: { datto: { credentials: [{ apiKey: API_KEY, apiSecret: API_SECRET }] } } });
    datto = gateway.mocks.datto;
  });
  after(async () => gateway?.stop());

  const person = async (email) => {
    const browser = new Browser(gateway.url, { 'datto-rmm': DATTO, itglue: gateway.vendorKeys.itglue });
    await browser.signUp({ email, password: PASSWORD, organisation: `${email} MSP` });
    return browser;
  };

  test('in the OAuth flow the connect page comes first, and the code only after a passing test', async () => {
    const browser = await person('flow@msp.example');
    const { client, verifier, redirectUri, page } = await startAuthorization(gateway, browser);
    assert.equal(page.response.status, 200);
    assert.match(page.url, /\/settings\/vendors\/datto-rmm\/connect\?/, 'sent to the connect page');
    assert.match(page.body, /<h1>Connect Datto RMM<\/h1>/);
    for (const label of ['API key', 'API secret key', 'Platform']) {
      assert.match(page.body, new RegExp(`<label for="field-[a-z_]+">${label}</label>`));
    }

    const wrongSecret = `wrong-${randomBytes(8).toString('hex')}`;
    const refused = await browser.connect(page.body, { ...DATTO, api_secret: wrongSecret });
    assert.equal(refused.location, undefined, 'no redirect, so no code');
    assert.equal(refused.response.status, 422);
    assert.match(refused.body, /Test failed\. Datto RMM refused these credentials: Bad credentials\./);
    assert.ok(!refused.body.includes(wrongSecret), 'the wrong secret is not echoed');
    assert.match(refused.body, new RegExp(`id="field-api_key" name="api_key" type="text" value="${API_KEY}"`), 'the key (not a secret) is kept');
    assert.match(refused.body, /<option value="merlot" selected>/, 'the platform choice is kept');
    await withDatabase(gateway.state, (db) => {
      assert.equal(db.prepare('SELECT count(*) AS n FROM vendor_connections').get().n, 0, 'nothing saved');
      assert.equal(db.prepare('SELECT count(*) AS n FROM grants').get().n, 0, 'nothing granted');
    });

    const saved = await browser.connect(refused.body, DATTO);
    assert.match(saved.body, /action="\/oauth\/authorize"/, 'back at the consent page');
    assert.match(saved.body, /Uses your Datto RMM connection <strong>Contoso MSP<\/strong>/, 'named after the Datto account');
    const decided = await browser.submit(saved.body, '/oauth/authorize', { decision: 'allow', scope: ['tools:read', 'offline_access'] });
    const code = decided.location.searchParams.get('code');
    assert.ok(code, 'a code after the connection passed its test');
    const exchange = await tokenRequest(gateway.url, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: client.client_id,
      code_verifier: verifier,
    });
    assert.equal(exchange.status, 200);
    await callVendor(gateway.url, 'datto-rmm', exchange.body.access_token);

    // What Datto saw: the password grant with Datto's public client, the key and secret only
    // in its form body, and never the gateway's own token.
    const tokenCalls = datto.requests.filter((r) => r.path === '/auth/oauth/token');
    assert.ok(tokenCalls.length >= 2);
    assert.equal(tokenCalls.at(-1).headers.authorization, `Basic ${Buffer.from('public-client:public').toString('base64')}`);
    assert.equal(new URLSearchParams(tokenCalls.at(-1).body).get('password'), API_SECRET);
    const account = datto.requests.filter((r) => r.path === '/api/v2/account').at(-1);
    assert.match(account.headers.authorization, /^Bearer /);
    assert.ok(!account.headers.authorization.includes(API_SECRET));
    for (const request of datto.requests) {
      assert.ok(!JSON.stringify(request).includes(exchange.body.access_token), 'no token passthrough');
    }
  });

  test('no state file holds a secret in plaintext, and the vendor token is cached sealed', async () => {
    const issued = datto.tokens();
    assert.ok(issued.length > 0);
    const needles = [API_SECRET, API_KEY, ...issued].map((value) => Buffer.from(value));
    const files = await stateFiles(gateway.state);
    assert.ok(files.some((f) => f.endsWith('.sqlite')));
    for (const file of files) {
      const bytes = await readFile(file);
      for (const needle of needles) {
        assert.equal(bytes.indexOf(needle), -1, `${path.basename(file)} contains a secret in plaintext`);
      }
    }
    await withDatabase(gateway.state, (db) => {
      const row = db.prepare("SELECT sealed, key_version, settings, status FROM vendor_connections").get();
      assert.equal(row.key_version, 'v1');
      assert.equal(row.settings, '{"platform":"merlot"}', 'only the platform is plain');
      assert.equal(row.status, 'active');
      assert.ok(row.sealed.length > 60);
    });
  });

  test("a sealed row copied into another user's connection fails to open and is never sent", async () => {
    const mallory = await person('mallory@other.example');
    const page = await mallory.visit('/settings/vendors/datto-rmm/connect');
    const saved = await mallory.connect(page.body, DATTO);
    assert.match(saved.body, /Connected\. The keys passed the test/);

    const [victim, copy] = await withDatabase(gateway.state, (db) => {
      const rows = db.prepare(
        `SELECT c.id, c.sealed, c.key_version FROM vendor_connections c JOIN users u ON u.id = c.user_id
          WHERE c.vendor = 'datto-rmm' ORDER BY u.email = 'mallory@other.example'`,
      ).all();
      db.prepare('UPDATE vendor_connections SET sealed = ?, key_version = ? WHERE id = ?').run(rows[0].sealed, rows[0].key_version, rows[1].id);
      return rows;
    });
    const before = datto.requests.length;
    const vendors = await mallory.visit('/settings/vendors');
    const tested = await mallory.submit(vendors.body, '/settings/connections/test');
    assert.equal(tested.response.status, 422);
    assert.match(tested.body, /The stored keys could not be opened\. Enter them again with Update keys\./);
    const logged = await eventually(() =>
      gateway.logRecords().find((r) => r.event === 'connection_unopenable'),
    );
    assert.match(logged?.error ?? gateway.logs(), /does not open for this row/, 'the reason is logged for operators');
    assert.match(tested.body, /Needs new keys/);
    assert.equal(datto.requests.length, before, 'nothing was sent to the vendor');
    assert.notEqual(victim.id, copy.id);
  });

  test('one tenant cannot test, disconnect or revoke what belongs to another', async () => {
    const owner = await person('owner@isolation.example');
    const { exchange } = await grant(gateway.url, owner);
    const [connectionId, grantId] = await withDatabase(gateway.state, (db) => {
      const row = db.prepare(
        `SELECT c.id AS connection, g.id AS grant FROM vendor_connections c JOIN users u ON u.id = c.user_id
           JOIN grants g ON g.connection_id = c.id WHERE u.email = 'owner@isolation.example'`,
      ).get();
      return [row.connection, row.grant];
    });
    const intruder = await person('intruder@isolation.example');
    const vendors = await intruder.visit('/settings/vendors');
    assert.ok(!vendors.body.includes(connectionId), "the owner's connection is not listed");
    for (const action of ['/settings/connections/test', '/settings/connections/disconnect']) {
      const response = await intruder.request(action, { method: 'POST', form: { csrf_token: csrfOf(vendors.body), connection: connectionId } });
      assert.equal(response.status, 303);
      assert.match(response.headers.get('location'), /notice=not_found/);
    }
    const apps = await intruder.visit('/settings/apps');
    const revoked = await intruder.request('/settings/revoke', { method: 'POST', form: { csrf_token: csrfOf(apps.body), grant: grantId } });
    assert.match(revoked.headers.get('location'), /notice=not_found/);
    await withDatabase(gateway.state, (db) => {
      const row = db.prepare('SELECT status FROM vendor_connections WHERE id = ?').get(connectionId);
      assert.equal(row.status, 'active');
      assert.equal(db.prepare('SELECT revoked_at FROM grants WHERE id = ?').get(grantId).revoked_at, null);
    });
    assert.equal((await callVendor(gateway.url, 'datto-rmm', exchange.body.access_token)).status, 200, 'still authorized');
  });

  test('a vendor 401 quarantines the connection until the user enters new keys', async () => {
    const browser = await person('quarantine@msp.example');
    await grant(gateway.url, browser);
    datto.expireTokens();
    datto.revokeCredentials(API_KEY);
    try {
      const vendors = await browser.visit('/settings/vendors');
      const tested = await browser.submit(vendors.body, '/settings/connections/test');
      assert.equal(tested.response.status, 422);
      assert.match(tested.body, /Test failed\. Datto RMM refused these credentials: Bad credentials\./);
      assert.match(tested.body, /<span class="badge needs_reauth">Needs new keys<\/span>/);
    } finally {
      datto.reset();
    }
    // The next app connection asks to update that connection rather than add another.
    const { page } = await startAuthorization(gateway, browser);
    assert.match(page.url, /connection=con_/);
    assert.match(page.body, /<h1>Update Datto RMM keys<\/h1>/);
    assert.match(page.body, /placeholder="Saved — leave blank to keep"/);
    const updated = await browser.connect(page.body, { platform: 'merlot' });
    assert.match(updated.body, /action="\/oauth\/authorize"/, 'blank keeps the saved keys, which work again');
  });

  test('the audit log records what happened, without secrets, and exports as CSV and JSON', async () => {
    const browser = await person('audited@msp.example');
    const page = await browser.visit('/settings/vendors/datto-rmm/connect');
    await browser.connect(page.body, { ...DATTO, api_secret: 'not-the-secret' });
    await browser.connect(page.body, DATTO);
    const json = await browser.request('/settings/audit/export?format=json');
    assert.equal(json.status, 200);
    assert.match(json.headers.get('content-disposition'), /attachment; filename="audit-log.json"/);
    const { entries } = await json.json();
    const actions = entries.map((e) => `${e.action}:${e.outcome}`);
    assert.deepEqual(actions, ['connection.created:success', 'connection.tested:success', 'connection.tested:failure', 'account.created:success'], 'newest first');
    assert.equal(entries[2].detail, 'Datto RMM refused these credentials: Bad credentials.');
    const csv = await browser.request('/settings/audit/export?format=csv');
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    const text = await csv.text();
    assert.match(text, /^id,time,actor,action,outcome,vendor,target,detail,ip\r\n/);
    assert.match(text, /audited@msp\.example,connection\.created,success,datto-rmm,con_/);
    for (const body of [JSON.stringify(entries), text]) {
      assert.ok(!body.includes(API_SECRET) && !body.includes('not-the-secret') && !body.includes(API_KEY));
    }
    const html = await browser.visit('/settings/audit');
    assert.match(html.body, /<td title="connection\.created">Connected a vendor<\/td>/);
    assert.equal((await browser.request('/settings/audit/export?format=xml')).status, 400);
  });

  test('every vendor has a connect page generated from its definition', async () => {
    const browser = await person('forms@msp.example');
    const expected = {
      'datto-rmm': ['API key', 'API secret key', 'Platform'],
      itglue: ['API key', 'Data centre'],
      autotask: ['API user name', 'Secret', 'API integration code'],
      halopsa: ['Halo address', 'Tenant', 'Client ID', 'Client secret'],
      syncro: ['Syncro subdomain', 'API token'],
      atera: ['API key'],
      superops: ['API token', 'Customer subdomain', 'Data centre', 'Edition'],
      'connectwise-psa': ['Site', 'Company ID', 'Public key', 'Private key', 'Client ID'],
      'connectwise-automate': ['Server address', 'User name', 'Password', 'Two-factor passcode', 'Client ID'],
      xyte: ['Organization API key'],
    };
    for (const [vendor, labels] of Object.entries(expected)) {
      const page = await browser.visit(`/settings/vendors/${vendor}/connect`);
      assert.equal(page.response.status, 200, vendor);
      const shown = [...page.body.matchAll(/<label for="field-(?!label)[a-z_]+">([^<]+)<\/label>/g)].map((m) => m[1]);
      assert.deepEqual(shown, labels, vendor);
      assert.match(page.body, /API documentation<\/a>/, vendor);
      assert.match(page.body, /type="password"/, `${vendor} masks its secret`);
    }
    assert.equal((await browser.visit('/settings/vendors/nope/connect')).response.status, 404);
  });

  test('typed hosts are checked, and keys are tested before they are saved', async () => {
    const browser = await person('hosts@msp.example');
    const halo = await browser.visit('/settings/vendors/halopsa/connect');
    const refused = await browser.submit(halo.body, '/settings/vendors/halopsa/connect', {
      url: 'https://10.0.0.5', client_id: 'id', client_secret: 'secret-value',
    });
    assert.equal(refused.response.status, 400);
    assert.match(refused.body, /Use the server&#39;s DNS name, not an IP address\./);
    assert.ok(!refused.body.includes('secret-value'));
    // Every vendor has tools now, so every vendor's keys are tested first.
    const atera = await browser.visit('/settings/vendors/atera/connect');
    assert.match(atera.body, /The keys are tested against Atera first and saved only if the test passes\./);
    const wrong = await browser.submit(atera.body, '/settings/vendors/atera/connect', { api_key: 'atera-key-123' });
    assert.equal(wrong.response.status, 422);
    assert.match(wrong.body, /Test failed\. Atera refused these credentials/);
    assert.ok(!wrong.body.includes('atera-key-123'));
  });

  test('IT Glue keys are tested with the x-api-key header against the region chosen', async () => {
    const { itglue } = gateway.mocks;
    const browser = await person('glue@msp.example');
    const page = await browser.visit('/settings/vendors/itglue/connect');
    const refused = await browser.connect(page.body, { api_key: 'ITG.wrong', region: 'eu' });
    assert.equal(refused.response.status, 422);
    assert.match(refused.body, /Test failed\. IT Glue refused these credentials/);
    assert.ok(!refused.body.includes('ITG.wrong'));
    const saved = await browser.connect(refused.body, gateway.vendorKeys.itglue);
    assert.match(saved.body, /Connected\. The keys passed the test/);
    assert.match(saved.body, /Data centre: United States \(api\.itglue\.com\)/);
    const probe = itglue.requests.filter((r) => r.path === '/organizations').at(-1);
    assert.equal(probe.headers['x-api-key'], gateway.vendorKeys.itglue.api_key);
    assert.equal(probe.headers.authorization, undefined);
  });

  test('members: single-use invitations, roles, and who sees which audit entries', async () => {
    const owner = await person('boss@members.example');
    await grant(gateway.url, owner);
    const invite = async (email, role) => {
      const page = await owner.visit('/settings/members');
      const result = await owner.submit(page.body, '/settings/members/invite', { email, role });
      const link = result.body.match(/<pre id="invite-link" class="link-box">([^<]+)<\/pre>/);
      assert.ok(link, result.body.slice(0, 500));
      return link[1].replace(/&#38;|&amp;/g, '&');
    };
    const adminLink = await invite('admin@members.example', 'admin');
    const memberLink = await invite('staff@members.example', 'member');

    const join = async (link) => {
      const browser = new Browser(gateway.url);
      const page = await browser.visit(link);
      assert.match(page.body, /Join boss@members\.example MSP/);
      const joined = await browser.submit(page.body, '/invite', { password: PASSWORD });
      assert.match(joined.body, /Welcome! You joined the organisation\./);
      return browser;
    };
    const admin = await join(adminLink);
    const member = await join(memberLink);
    const again = await new Browser(gateway.url).visit(adminLink);
    assert.equal(again.response.status, 404, 'an invitation works once');

    const exported = async (browser) => (await (await browser.request('/settings/audit/export?format=json')).json()).entries;
    const adminSees = await exported(admin);
    assert.ok(adminSees.some((e) => e.actor === 'boss@members.example' && e.action === 'grant.issued'), 'admins see the tenant');
    assert.ok(adminSees.some((e) => e.action === 'member.invited' && e.detail === 'staff@members.example as member'));
    const memberSees = await exported(member);
    assert.ok(memberSees.length > 0);
    assert.ok(memberSees.every((e) => e.actor === 'staff@members.example'), 'members see only their own');

    const members = await member.visit('/settings/members');
    assert.ok(!members.body.includes('action="/settings/members/invite"'), 'members cannot invite');
    const forged = await member.request('/settings/members/invite', { method: 'POST', form: { csrf_token: csrfOf(members.body), email: 'x@y.example', role: 'member' } });
    assert.equal(forged.status, 403);
    const vendors = await admin.visit('/settings/vendors');
    assert.ok(!vendors.body.includes('Contoso MSP'), "an admin does not see the owner's connection");
  });

  test('deleting the account erases everything of the user; the audit trail stays under a pseudonym', async () => {
    const email = 'leaving@msp.example';
    const browser = await person(email);
    const { client, exchange } = await grant(gateway.url, browser);
    const userId = await withDatabase(gateway.state, (db) => db.prepare('SELECT id FROM users WHERE email = ?').get(email).id);
    const trail = await withDatabase(gateway.state, (db) => db.prepare('SELECT id, action FROM audit_events WHERE user_id = ? ORDER BY id').all(userId));
    assert.ok(trail.length >= 3, JSON.stringify(trail));

    const account = await browser.visit('/settings/account');
    const refused = await browser.submit(account.body, '/settings/delete', { confirm_email: 'someone@else.example', password: PASSWORD });
    assert.equal(refused.response.status, 400);
    const deleted = await browser.submit(account.body, '/settings/delete', { confirm_email: email, password: PASSWORD });
    assert.equal(deleted.response.status, 200);
    assert.match(deleted.body, /Account deleted/);

    assert.equal((await callVendor(gateway.url, 'datto-rmm', exchange.body.access_token)).status, 401);
    const refresh = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: exchange.body.refresh_token, client_id: client.client_id });
    assert.equal(refresh.status, 400);
    assert.equal(refresh.body.error, 'invalid_grant');
    assert.equal((await browser.visit('/settings')).url.includes('/sign-in'), true, 'signed out');

    await withDatabase(gateway.state, (db) => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'").all();
      const remains = [];
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all()) {
          const text = JSON.stringify(row);
          if (text.includes(userId) || text.includes(email)) remains.push({ table: name, row });
        }
      }
      assert.deepEqual(remains, [], 'nothing names the user any more');
      // The entries stay, each under the same pseudonym, and one more records the deletion.
      const kept = db.prepare(`SELECT id, action, user_id, actor FROM audit_events WHERE id IN (${trail.map((e) => e.id).join(',')}) ORDER BY id`).all();
      assert.deepEqual(kept.map((e) => [e.id, e.action]), trail.map((e) => [e.id, e.action]));
      const names = new Set(kept.flatMap((e) => [e.user_id, e.actor]));
      assert.equal(names.size, 1, [...names].join(', '));
      const [pseudonym] = names;
      assert.match(pseudonym, /^deleted-user-[A-Za-z0-9_-]{12}$/);
      const deletion = db.prepare("SELECT actor, target FROM audit_events WHERE action = 'account.deleted' AND user_id = ?").get(pseudonym);
      assert.deepEqual({ ...deletion }, { actor: pseudonym, target: pseudonym });
    });
  });
});

function csrfOf(html) {
  const match = html.match(/name="csrf_token" value="([^"]+)"/);
  assert.ok(match, 'a CSRF token on the page');
  return match[1];
}

describe('master-key rotation', () => {
  test('re-sealing moves every credential to the new key, and old keys can then be retired', { timeout: 240_000 }, async () => {
    const oldKey = `v1:${randomKey()}`;
    const newKey = `v2:${randomKey()}`;
    let gateway = await startGateway({ mocks: true, secrets: { CREDENTIAL_KEYS: oldKey } });
    const { mocks } = gateway;
    const vars = { UPSTREAM_OVERRIDES: JSON.stringify({ 'datto-rmm': mocks.datto.url }) };
    const state = gateway.state;
    const signing = gateway.secrets.TOKEN_SIGNING_KEYS;
    try {
      const browser = new Browser(gateway.url, gateway.vendorKeys);
      await browser.signUp({ email: 'rotate@msp.example', password: PASSWORD });
      const page = await browser.visit('/settings/vendors/datto-rmm/connect');
      await browser.connect(page.body);
      const sealedBefore = await withDatabase(state, (db) => db.prepare('SELECT sealed, key_version FROM vendor_connections').get());
      assert.equal(sealedBefore.key_version, 'v1');
      await gateway.stop({ keepState: true, keepMocks: true });

      // The new key first; the old one still opens until re-sealing is done.
      gateway = await startGateway({ state, vars, secrets: { CREDENTIAL_KEYS: `${newKey},${oldKey}`, TOKEN_SIGNING_KEYS: signing } });
      const rotating = new Browser(gateway.url);
      rotating.cookies = browser.cookies;
      const vendors = await rotating.visit('/settings/vendors');
      assert.match((await rotating.submit(vendors.body, '/settings/connections/test')).body, /Test passed/, 'old rows open during a rotation');
      const scheduled = await fetch(`${gateway.url}/__scheduled?cron=*/10+*+*+*+*`);
      assert.equal(scheduled.status, 200);
      const report = await eventually(() => gateway.logRecords().find((r) => r.event === 'maintenance'), 10_000);
      assert.ok(report, gateway.logs());
      assert.equal(report.report.resealed, 1);
      assert.equal(report.report.reseal_failures, 0);
      const sealedAfter = await withDatabase(state, (db) => db.prepare('SELECT sealed, key_version FROM vendor_connections').get());
      assert.equal(sealedAfter.key_version, 'v2');
      assert.notEqual(sealedAfter.sealed, sealedBefore.sealed);
      await gateway.stop({ keepState: true, keepMocks: true });

      // v1 retired: the re-sealed credential still works.
      gateway = await startGateway({ state, vars, secrets: { CREDENTIAL_KEYS: newKey, TOKEN_SIGNING_KEYS: signing } });
      const retired = new Browser(gateway.url);
      retired.cookies = browser.cookies;
      const again = await retired.visit('/settings/vendors');
      assert.match((await retired.submit(again.body, '/settings/connections/test')).body, /Test passed: the vendor accepted the stored keys/);
    } finally {
      await gateway.stop();
      await stopMocks(mocks);
    }
  });
});
