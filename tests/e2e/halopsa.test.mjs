// HaloPSA end to end, against its mock (tests/mocks/halopsa/) through one gateway:
// - "Sign in with HaloPSA" in Chromium: the gateway's connect page, the mock Halo's own
//   sign-in page (authorization code + PKCE), back to the gateway's callback, then consent;
//   calls then act as the technician who signed in;
// - a refresh after the access token expires (twice: the rotated refresh token is kept), and
//   no Halo token is ever stored or logged in plain text;
// - a refusal of the refresh token marks the connection "reconnect", and signing in again
//   repairs it;
// - an API application's client-credentials token is always asked with a scope (`all` by
//   default), and a token without one can read nothing;
// - halopsa_run_report refuses an UPDATE, a second statement and a comment-smuggled write
//   without sending them;
// - a list pages with pageinate/page_no/page_size until record_count.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { launchChromium, newContext, problems } from '../support/chromium.mjs';
import { freePort, startGateway } from '../support/gateway.mjs';
import { authorizeUrl, grant, pkcePair, registerPublicClient, tokenRequest } from '../support/oauth-flow.mjs';
import { modernRequest, textOf } from '../support/rpc.mjs';
import { stateFiles } from '../support/state.mjs';
import { HALO_CREDENTIALS, HALO_IDS } from '../mocks/halopsa/mock.mjs';

const PASSWORD = 'correct horse battery staple';
const TECH = { email: 'tech@contoso-msp.example', password: PASSWORD };
const EXTRA_TICKETS = 230; // for client 15, to page through

let gateway;
let chromium;
let context;
let page;
let halo;

before(async () => {
  chromium = await launchChromium();
  gateway = await startGateway({ mocks: { halopsa: { extraTickets: EXTRA_TICKETS } } });
  halo = gateway.mocks.halopsa;
  context = await newContext(chromium);
  page = await context.newPage();
});

after(async () => {
  await chromium?.close();
  await gateway?.stop();
});

const endpoint = () => `${gateway.url}/v1/halopsa?toolsets=all`;
const grants = (kind) => halo.tokenRequests.filter((r) => r.grant === kind);

/** A tools/call as a modern client; returns the tool result. */
async function call(token, name, args = {}) {
  const { status, json } = await modernRequest(endpoint(), token, 'tools/call', { name, arguments: args });
  assert.equal(status, 200, `tools/call ${name} answered ${status}: ${JSON.stringify(json)}`);
  assert.ok(json.result, `a result: ${JSON.stringify(json)}`);
  return json.result;
}

/** Signs in with HaloPSA on the connect page open in `page`, through the mock's Halo page. */
async function signInWithHalo() {
  await page.locator('#signin-url').fill('https://acme.halopsa.com');
  await page.locator('#signin-tenant').fill(HALO_CREDENTIALS.tenant);
  await page.locator('#signin-client_id').fill(HALO_CREDENTIALS.nativeClientId);
  await page.getByRole('button', { name: 'Sign in with HaloPSA' }).click();
  // The gateway's short page goes on to Halo by itself.
  await page.waitForURL((u) => u.href.startsWith(`${halo.url}/auth/authorize`));
  const asked = new URL(page.url());
  await page.getByLabel('Username').fill(HALO_CREDENTIALS.agent.username);
  await page.getByLabel('Password').fill(HALO_CREDENTIALS.agent.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  return asked;
}

describe('HaloPSA', { concurrency: false }, () => {
  let signedIn; // { token, refresh } of the app the technician allowed

  test('"Sign in with HaloPSA" in Chromium: the connect page, Halo\'s sign-in page, back, then consent', async () => {
    const person = new Browser(gateway.url);
    await person.signUp({ email: TECH.email, password: TECH.password, organisation: 'Contoso MSP' });

    const redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
    const client = await registerPublicClient(gateway.url, redirectUri);
    const { verifier, challenge } = pkcePair();
    await page.route(`${redirectUri}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Client</title><p>Done</p>' }));
    await page.goto(authorizeUrl(gateway.url, {
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'halo-state',
      scope: 'tools:read tools:write offline_access',
      resource: `${gateway.url}/v1/halopsa`,
    }));
    await page.getByLabel('Email').fill(TECH.email);
    await page.getByLabel('Password').fill(TECH.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The gateway's connect page: both ways, and how to register the Halo application.
    await page.getByRole('heading', { name: 'Sign in with HaloPSA' }).waitFor();
    const callback = `${gateway.url}/settings/vendors/halopsa/callback`;
    assert.equal(await page.locator('#sign-in-callback').textContent(), callback);
    assert.match(await page.locator('#sign-in').textContent(), /Authorisation Code \(Native Application\)/);
    assert.ok(await page.getByRole('heading', { name: 'Or connect an API application' }).isVisible());

    const asked = await signInWithHalo();
    assert.equal(asked.searchParams.get('tenant'), HALO_CREDENTIALS.tenant);
    assert.equal(asked.searchParams.get('client_id'), HALO_CREDENTIALS.nativeClientId);
    assert.equal(asked.searchParams.get('redirect_uri'), callback);
    assert.equal(asked.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(asked.searchParams.get('scope'), 'all offline_access');
    assert.ok(asked.searchParams.get('state'), 'a state');

    // Back at the gateway: the code was redeemed with its verifier, then consent.
    await page.getByRole('heading', { name: /Allow .*Raw test client.* to use HaloPSA\?/ }).waitFor();
    const [redeemed] = grants('authorization_code');
    assert.equal(redeemed?.clientId, HALO_CREDENTIALS.nativeClientId, 'the code was redeemed by the native app');
    await page.getByRole('checkbox', { name: /tools:write/ }).check();
    let answer;
    await page.route(`${gateway.url}/oauth/authorize`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch({ maxRedirects: 0 });
      answer = new URL(response.headers().location);
      return route.fulfill({ response });
    });
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((u) => u.href.startsWith(redirectUri));
    await page.unroute(`${gateway.url}/oauth/authorize`);
    assert.equal(answer.searchParams.get('state'), 'halo-state');
    const exchange = await tokenRequest(gateway.url, {
      grant_type: 'authorization_code',
      code: answer.searchParams.get('code'),
      redirect_uri: redirectUri,
      client_id: client.client_id,
      code_verifier: verifier,
    });
    assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
    signedIn = { token: exchange.body.access_token };
    assert.deepEqual(problems(context), [], 'no console errors on the way');
  });

  test('calls act as the technician who signed in', async () => {
    assert.ok(signedIn, 'needs the sign-in above');
    await page.goto(`${gateway.url}/settings/vendors`);
    assert.match(await page.locator('main').textContent(), /HaloPSA \(Sam Tech\)/, 'the connection is named after the agent');
    const result = await call(signedIn.token, 'halopsa_add_action', { ticket_id: HALO_IDS.ticketVpn, note: 'Checked the AP logs.' });
    assert.equal(result.isError, false, textOf(result));
    assert.equal(result.structuredContent.who, 'Sam Tech', 'Halo recorded the technician, not a service account');
    assert.equal(grants('client_credentials').length, 0, 'no service-account token was asked for');
    assert.equal(grants('refresh_token').length, 0, "the sign-in's own access token served the first calls");
  });

  test('a refresh after the access token expires; the rotated refresh token is kept for the next one', async () => {
    assert.ok(signedIn, 'needs the sign-in above');
    for (const round of [1, 2]) {
      halo.expireAccessTokens();
      const result = await call(signedIn.token, 'halopsa_list_statuses');
      assert.equal(result.isError, false, `round ${round}: ${textOf(result)}`);
      assert.equal(result.structuredContent.count, 4);
      assert.equal(grants('refresh_token').length, round, `round ${round} refreshed once`);
    }
    // The mock spends a refresh token when it is used: the second round could only succeed with
    // the token the first round received, sealed back into the connection.
    const refreshes = halo.requests.filter((r) => r.path === '/auth/token' && r.body.includes('grant_type=refresh_token'));
    assert.equal(refreshes.length, 2);
    // Halo's tokens are stored sealed only: none appears in any file of the gateway's state
    // (D1, KV, Durable Objects), nor in its logs.
    const tokens = halo.issuedTokens();
    assert.ok(tokens.length >= 6, 'access and refresh tokens were issued');
    for (const file of await stateFiles(gateway.state)) {
      const bytes = (await readFile(file)).toString('latin1');
      for (const token of tokens) assert.ok(!bytes.includes(token), `a Halo token in plain text in ${file}`);
    }
    for (const token of tokens) assert.ok(!gateway.logs().includes(token), 'a Halo token in the logs');
  });

  test('a refused refresh marks the connection "reconnect"; signing in again repairs it', async () => {
    assert.ok(signedIn, 'needs the sign-in above');
    halo.revokeRefreshTokens();
    halo.expireAccessTokens();
    const failed = await call(signedIn.token, 'halopsa_list_teams');
    assert.equal(failed.isError, true);
    assert.match(textOf(failed), /HaloPSA refused the stored keys/);
    assert.match(textOf(failed), new RegExp(`${gateway.url}/settings/vendors/halopsa/connect`));
    // The mark is written just after the answer; the settings page shows it.
    let shown = '';
    for (let i = 0; i < 20 && !/Needs new keys/.test(shown); i++) {
      await page.goto(`${gateway.url}/settings/vendors`);
      shown = await page.locator('main').textContent();
    }
    assert.match(shown, /Needs new keys/);
    const asked = halo.tokenRequests.length;
    const again = await call(signedIn.token, 'halopsa_list_teams');
    assert.equal(again.isError, true);
    assert.match(textOf(again), /HaloPSA refused the stored keys/);
    assert.equal(halo.tokenRequests.length, asked, 'a connection marked for reconnecting is not tried again');

    await page.getByRole('link', { name: 'Update keys' }).first().click();
    await page.getByRole('heading', { name: 'Sign in with HaloPSA' }).waitFor();
    await signInWithHalo();
    await page.waitForURL((u) => u.pathname === '/settings/vendors');
    const repaired = await call(signedIn.token, 'halopsa_list_teams');
    assert.equal(repaired.isError, false, textOf(repaired));
    assert.equal(repaired.structuredContent.count, 2);
  });

  test('an API application asks for its token with a scope, all by default; a token without one reads nothing', async () => {
    const person = new Browser(gateway.url, gateway.vendorKeys);
    await person.signUp({ email: 'service@contoso-msp.example', password: PASSWORD, organisation: 'Contoso Service' });
    const before = grants('client_credentials').length;
    const { exchange } = await grant(gateway.url, person, { vendor: 'halopsa', scope: 'tools:read' });
    assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
    const [asked] = grants('client_credentials').slice(before);
    assert.equal(asked.scope, 'all', 'the default scope was asked for');
    assert.equal(asked.tenant, HALO_CREDENTIALS.tenant);
    assert.equal(asked.clientId, HALO_CREDENTIALS.apiClientId);
    const listed = await call(exchange.body.access_token, 'halopsa_list_clients', { search: 'Northwind' });
    assert.equal(listed.isError, false, textOf(listed));
    assert.deepEqual(listed.structuredContent.items.map((c) => c.id), [HALO_IDS.clientNorthwind]);

    // A narrower scope typed on the form is asked for as typed.
    const form = await person.visit('/settings/vendors/halopsa/connect');
    const saved = await person.connect(form.body, { ...gateway.vendorKeys.halopsa, scope: 'read:tickets read:customers', label: 'Narrow' });
    assert.equal(saved.response.status, 200, saved.body.slice(0, 500));
    assert.equal(grants('client_credentials').at(-1).scope, 'read:tickets read:customers');

    // Halo's side of the rule: a client-credentials token asked without a scope has no rights.
    const response = await fetch(`${halo.url}/auth/token?tenant=${HALO_CREDENTIALS.tenant}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: HALO_CREDENTIALS.apiClientId, client_secret: HALO_CREDENTIALS.apiClientSecret }),
    });
    const bare = await response.json();
    assert.equal(response.status, 200);
    assert.equal(bare.scope, '');
    const denied = await fetch(`${halo.url}/api/Tickets`, { headers: { authorization: `Bearer ${bare.access_token}` } });
    assert.equal(denied.status, 401);
    await denied.arrayBuffer();
  });

  test('halopsa_run_report refuses an UPDATE, a second statement and a comment-smuggled write, sending none', async () => {
    assert.ok(signedIn, 'needs the sign-in above');
    const sent = halo.reports.length;
    for (const [sql, says] of [
      ['UPDATE FAULTS SET status = 9', /must start with SELECT/],
      ['SELECT COUNT(*) AS count FROM FAULTS; DELETE FROM FAULTS', /more than one statement/],
      ['SELECT COUNT(*) AS count FROM FAULTS --\nUPDATE FAULTS SET status = 9', /comment/],
      ['SELECT 1 /*; DROP TABLE FAULTS */', /comment/],
      ['SELECT * INTO FAULTS_COPY FROM FAULTS', /INTO/],
    ]) {
      const result = await call(signedIn.token, 'halopsa_run_report', { sql });
      assert.equal(result.isError, true, `${sql} was refused`);
      assert.match(textOf(result), /Invalid arguments for halopsa_run_report: argument `sql` /);
      assert.match(textOf(result), says);
    }
    assert.equal(halo.reports.length, sent, 'no refused SQL reached Halo');
    const counted = await call(signedIn.token, 'halopsa_run_report', { sql: 'SELECT COUNT(*) AS total FROM FAULTS;' });
    assert.equal(counted.isError, false, textOf(counted));
    assert.deepEqual(counted.structuredContent.items, [{ total: halo.state().tickets.length }]);
    assert.equal(halo.reports.at(-1), 'SELECT COUNT(*) AS total FROM FAULTS', 'sent without the final semicolon');
  });

  test("a sign-in's state is bound to the person who started it, and is used once", async () => {
    const alice = new Browser(gateway.url);
    await alice.signUp({ email: 'alice@contoso-msp.example', password: PASSWORD, organisation: 'Alice MSP' });
    const mallory = new Browser(gateway.url);
    await mallory.signUp({ email: 'mallory@evil-msp.example', password: PASSWORD, organisation: 'Mallory MSP' });
    const form = await alice.visit('/settings/vendors/halopsa/connect');
    const started = await alice.submit(form.body, '/settings/vendors/halopsa/sign-in', {
      url: 'https://acme.halopsa.com', tenant: HALO_CREDENTIALS.tenant, client_id: HALO_CREDENTIALS.nativeClientId,
    });
    assert.equal(started.response.status, 200);
    const link = started.body.match(/id="continue-to-vendor" href="([^"]+)"/);
    assert.ok(link, started.body.slice(0, 800));
    const authorize = new URL(link[1].replace(/&amp;/g, '&'));
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${halo.url}/auth/authorize`);
    const state = authorize.searchParams.get('state');
    const redeemed = grants('authorization_code').length;

    // Someone else brings Alice's state back: refused, and it is spent.
    const stolen = await mallory.visit(`/settings/vendors/halopsa/callback?code=anything&state=${encodeURIComponent(state)}`);
    assert.equal(stolen.response.status, 400);
    assert.match(stolen.body, /unknown, expired or was started by someone else/);
    const late = await alice.visit(`/settings/vendors/halopsa/callback?code=anything&state=${encodeURIComponent(state)}`);
    assert.equal(late.response.status, 400, 'a state works once at most');
    const unknown = await alice.visit('/settings/vendors/halopsa/callback?code=anything&state=made-up');
    assert.equal(unknown.response.status, 400);
    assert.equal(grants('authorization_code').length, redeemed, 'no code was sent to Halo');
    const vendors = await mallory.visit('/settings/vendors');
    assert.ok(!vendors.body.includes('HaloPSA ('), 'no connection was made for anyone');
  });

  test("Halo's field problems on a refused write reach the model", async () => {
    assert.ok(signedIn, 'needs the sign-in above');
    halo.fail({ status: 400, path: '/api/Tickets', method: 'POST', body: { '[0].client_id': 'The client 999 does not exist' } });
    const result = await call(signedIn.token, 'halopsa_create_ticket', { summary: 'Nowhere', client_id: 999 });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /HaloPSA refused the request \(HTTP 400\): client_id: The client 999 does not exist/);
  });

  test('a list pages with pageinate, page_no and page_size until record_count', async () => {
    assert.ok(signedIn, 'needs the sign-in above');
    halo.requests.length = 0;
    const result = await call(signedIn.token, 'halopsa_list_tickets', { client_id: HALO_IDS.clientTailspin, limit: 500 });
    assert.equal(result.isError, false, textOf(result));
    const { items, count, total, truncated } = result.structuredContent;
    assert.equal(count, EXTRA_TICKETS);
    assert.equal(total, EXTRA_TICKETS);
    assert.equal(truncated, false);
    assert.equal(new Set(items.map((t) => t.id)).size, EXTRA_TICKETS, 'no ticket twice');
    const pages = halo.requests.filter((r) => r.path === '/api/Tickets');
    assert.deepEqual(pages.map((r) => r.query.page_no), ['1', '2', '3'], 'stops after the page that reaches record_count');
    for (const request of pages) {
      assert.equal(request.query.pageinate, 'true');
      assert.equal(request.query.page_size, '100');
    }
  });
});
