// Alerts you can act on (issue 20): an owner points the organisation's alerts at a webhook
// (a local receiver here), sends a test alert, and then hears — signed, never with a secret,
// at most once per hour per subject — when a vendor starts failing, when a connection needs
// reconnecting (with the settings URL) and when a member joins; Slack and Teams bodies;
// retries with backoff while the receiver is down; the URL rules; only owners change it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { capture, clearScreenshots, launchChromium, newContext, problems } from '../support/chromium.mjs';
import { eventually, startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { startReceiver, tick, verify } from '../support/receiver.mjs';
import { modernRequest } from '../support/rpc.mjs';
import { withDatabase } from '../support/state.mjs';
import { DATTO_IDS } from '../mocks/datto-rmm/mock.mjs';

const PASSWORD = 'alerts passphrase for tests';
const OWNER = 'owner@alerts.example';

let gateway;
let receiver;
let owner;
let token;
let secret;

const alertsOf = (event) => receiver.received.filter((d) => d.path === '/alerts' && JSON.parse(d.body).event === event);

async function saveWebhook(browser, fields) {
  const page = await browser.visit('/settings/monitoring');
  return browser.submit(page.body, '/settings/monitoring/alerts', fields);
}

const secretIn = (html) => html.match(/<pre id="signing-secret" class="link-box">(whsec_[A-Za-z0-9_-]+)<\/pre>/)?.[1];

async function callSite() {
  const answer = await modernRequest(`${gateway.url}/v1/datto-rmm`, token, 'tools/call', {
    name: 'datto_get_site',
    arguments: { site_uid: DATTO_IDS.siteNorthwind },
  });
  return answer.json.result;
}

before(async () => {
  receiver = await startReceiver();
  // The failing-vendor case makes nine failed attempts in a row: the circuit breaker (issue 19)
  // is set not to trip here, so the reconnect case after it still reaches the vendor.
  gateway = await startGateway({
    mocks: true,
    vars: { DELIVERY_RETRY_SECONDS: '1', DELIVERY_RETRY_MAX_SECONDS: '2', BREAKER_FAILURES: '100' },
  });
  owner = new Browser(gateway.url, gateway.vendorKeys);
  await owner.signUp({ email: OWNER, password: PASSWORD, organisation: 'Alerts MSP' });
  token = (await grant(gateway.url, owner, { vendor: 'datto-rmm' })).exchange.body.access_token;
});

after(async () => {
  await gateway?.stop();
  await receiver?.stop();
});

describe('alert webhooks', { concurrency: false }, () => {
  test('the URL follows the typed-host rules (loopback only because this gateway is in development)', async () => {
    for (const [url, message] of [
      ['http://hooks.example.com/x', /Receiver URL: use an https:\/\/ URL\./],
      ['https://10.0.0.8/hook', /Receiver URL: use the receiver(&#39;|&#x27;|')s DNS name, not an IP address\./],
      ['https://siem.corp/hook', /Receiver URL: use the receiver(&#39;|&#x27;|')s public DNS name/],
      ['https://user:pw@hooks.example.com/x', /Receiver URL: put credentials in the token field/],
    ]) {
      const refused = await saveWebhook(owner, { url, format: 'generic' });
      assert.equal(refused.response.status, 400, url);
      assert.match(refused.body, message);
    }
    const none = await withDatabase(gateway.state, (db) => db.prepare('SELECT COUNT(*) AS n FROM org_sinks').get().n);
    assert.equal(none, 0);
  });

  test('saving shows the signing secret once; "Send test alert" delivers a signed alert', async () => {
    const saved = await saveWebhook(owner, { url: `${receiver.url}/alerts`, format: 'generic' });
    assert.equal(saved.response.status, 200);
    secret = secretIn(saved.body);
    assert.ok(secret, 'the signing secret is shown after saving');
    const later = await owner.visit('/settings/monitoring');
    assert.ok(!later.body.includes(secret), 'and never again');
    assert.ok(!later.body.includes(`${receiver.url}/alerts`), 'the URL\'s path is not shown');
    assert.ok(later.body.includes(new URL(receiver.url).host), 'its host is');

    const tested = await owner.submit(later.body, '/settings/monitoring/alerts/test');
    assert.match(tested.body, /Test alert delivered: the receiver answered HTTP 200\./);
    const [delivery] = alertsOf('test');
    assert.ok(delivery, 'the receiver got the test alert');
    assert.ok(verify(secret, delivery), 'its signature verifies with the secret');
    assert.ok(!verify('whsec_wrong', delivery));
    assert.equal(delivery.headers['content-type'], 'application/json');
    assert.equal(delivery.headers['x-gateway-event'], 'test');
    const body = JSON.parse(delivery.body);
    assert.match(body.id, /^alert_\d+$/);
    assert.equal(body.organisation.name, 'Alerts MSP');
    assert.equal(body.url, `${gateway.url}/settings/monitoring`);
  });

  test('a vendor that starts failing raises one signed alert per hour', async () => {
    gateway.mocks.datto.fail({ status: 500, times: Infinity, path: '/api/v2/site/' });
    for (let i = 0; i < 3; i += 1) assert.equal((await callSite()).isError, true);
    const counted = () => withDatabase(gateway.state, (db) => db.prepare('SELECT SUM(failures) AS n FROM vendor_minutes').get().n);
    assert.equal(await eventually(async () => (await counted()) === 3, 5_000), true, 'three vendor failures counted');
    await tick(gateway);
    const [failing] = await eventually(() => (alertsOf('vendor.failing').length ? alertsOf('vendor.failing') : null), 5_000);
    assert.ok(verify(secret, failing));
    const body = JSON.parse(failing.body);
    assert.equal(body.vendor, 'datto-rmm');
    assert.equal(body.dedup_key, 'vendor.failing:datto-rmm');
    assert.match(body.text, /Datto RMM is failing for Alerts MSP: 3 of 3 calls in the last 10 minutes failed/);
    assert.equal(body.url, `${gateway.url}/settings/usage`);

    // Still failing: more calls and more runs, but no second alert within the hour.
    assert.equal((await callSite()).isError, true);
    await tick(gateway);
    await tick(gateway);
    assert.equal(alertsOf('vendor.failing').length, 1);
    gateway.mocks.datto.reset();
  });

  test('alerts never carry a secret', async () => {
    const everything = receiver.received.map((d) => JSON.stringify(d.headers) + d.body).join('\n');
    for (const value of ['datto-key', 'datto-secret', token, secret, gateway.secrets.CREDENTIAL_KEYS.split(':')[1]]) {
      assert.ok(!everything.includes(value), 'a secret reached the receiver');
    }
  });

  test('a connection the vendor refuses raises its alert with the page to reconnect on', async () => {
    gateway.mocks.datto.revokeCredentials('datto-key');
    gateway.mocks.datto.expireTokens();
    const refused = await callSite();
    assert.match(refused.content[0].text, /settings\/vendors\/datto-rmm\/connect/);
    await eventually(() => withDatabase(gateway.state, (db) => db.prepare("SELECT status FROM vendor_connections").get().status === 'needs_reauth'), 5_000);
    await tick(gateway);
    const [alert] = await eventually(() => (alertsOf('connection.needs_reconnect').length ? alertsOf('connection.needs_reconnect') : null), 5_000);
    assert.ok(verify(secret, alert));
    const body = JSON.parse(alert.body);
    assert.equal(body.url, `${gateway.url}/settings/vendors/datto-rmm/connect`);
    assert.match(body.text, new RegExp(`Datto RMM refused the stored keys of ${OWNER}'s connection`));
    assert.ok(!alert.body.includes('Bad credentials'), 'nothing the vendor said');
    await tick(gateway);
    assert.equal(alertsOf('connection.needs_reconnect').length, 1, 'once');
  });

  test('a member who joins raises "member.added"', async () => {
    const members = await owner.visit('/settings/members');
    const invited = await owner.submit(members.body, '/settings/members/invite', { email: 'new@alerts.example', role: 'member' });
    const link = invited.body.match(/<pre id="invite-link" class="link-box">([^<]+)<\/pre>/)[1].replace(/&#38;|&amp;/g, '&');
    const newcomer = new Browser(gateway.url);
    const join = await newcomer.visit(link);
    assert.match((await newcomer.submit(join.body, '/invite', { password: PASSWORD })).body, /Welcome!/);
    await tick(gateway);
    const [alert] = await eventually(() => (alertsOf('member.added').length ? alertsOf('member.added') : null), 5_000);
    const body = JSON.parse(alert.body);
    assert.equal(body.text, 'new@alerts.example as member joined Alerts MSP.');
    assert.equal(body.url, `${gateway.url}/settings/members`);

    // A member can neither see nor change the webhook.
    const page = await newcomer.visit('/settings/monitoring');
    assert.match(page.body, /Only owners and admins of Alerts MSP can see alerts/);
    assert.ok(!page.body.includes('127.0.0.1:'));
    const forbidden = await newcomer.request('/settings/monitoring/alerts', {
      method: 'POST',
      form: { csrf_token: page.body.match(/name="csrf_token" value="([^"]+)"/)[1], url: `${receiver.url}/evil`, format: 'generic' },
    });
    assert.equal(forbidden.status, 403);
  });

  test('Slack and Teams receive their own message shapes', async () => {
    const slackSaved = await saveWebhook(owner, { url: `${receiver.url}/slack`, format: 'slack' });
    await owner.submit(slackSaved.body, '/settings/monitoring/alerts/test');
    const slack = JSON.parse(receiver.received.findLast((d) => d.path === '/slack').body);
    assert.match(slack.text, /^Test alert \(Alerts MSP\): /);
    assert.equal(slack.blocks[0].type, 'header');
    assert.match(slack.blocks[2].elements[0].text, /<http:\/\/127\.0\.0\.1:\d+\/settings\/monitoring\|Open settings>/);

    const teamsSaved = await saveWebhook(owner, { url: `${receiver.url}/teams`, format: 'teams' });
    await owner.submit(teamsSaved.body, '/settings/monitoring/alerts/test');
    const teams = JSON.parse(receiver.received.findLast((d) => d.path === '/teams').body);
    assert.equal(teams.type, 'message');
    const card = teams.attachments[0];
    assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(card.content.type, 'AdaptiveCard');
    assert.equal(card.content.actions[0].url, `${gateway.url}/settings/monitoring`);
  });

  test('a failed delivery is retried with backoff until the receiver takes it', async () => {
    const saved = await saveWebhook(owner, { url: `${receiver.url}/alerts`, format: 'generic' });
    secret = secretIn(saved.body);
    receiver.setDown(true);
    const failed = await owner.submit(saved.body, '/settings/monitoring/alerts/test');
    assert.match(failed.body, /Test alert not delivered: HTTP 503\. It will be retried/);
    const before = alertsOf('test').length;
    const refusedBefore = receiver.refused;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await tick(gateway); // the first retry, still refused: the wait doubles
    assert.equal(receiver.refused, refusedBefore + 1);
    const row = await withDatabase(gateway.state, (db) =>
      db.prepare("SELECT attempts, next_attempt_at - CAST(strftime('%s','now') AS INTEGER) AS wait FROM alert_outbox WHERE event = 'test' ORDER BY id DESC LIMIT 1").get());
    assert.equal(row.attempts, 2);
    assert.ok(row.wait >= 1 && row.wait <= 2, `the next attempt waits 2 s (${row.wait})`);
    const page = await owner.visit('/settings/monitoring');
    assert.match(page.body, /retrying at/);
    receiver.setDown(false);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await tick(gateway);
    const delivered = await eventually(() => alertsOf('test').length > before, 5_000);
    assert.ok(delivered, 'the retry reached the receiver');
    assert.ok(verify(secret, alertsOf('test').at(-1)));
    const shown = await owner.visit('/settings/monitoring');
    assert.match(shown.body, /<td>delivered<\/td><td>3<\/td><td>HTTP 200<\/td>/);
  });

  test('in Chromium the page is labelled and fits a phone', async () => {
    clearScreenshots('monitoring-');
    const chromium = await launchChromium();
    try {
      const context = await newContext(chromium);
      const page = await context.newPage();
      await page.goto(`${gateway.url}/sign-in?return_to=/settings/monitoring`);
      await page.getByLabel('Email').fill(OWNER);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.waitForURL(/\/settings\/monitoring/);
      await page.getByRole('button', { name: 'Send test alert' }).click();
      await page.getByRole('status').filter({ hasText: 'Test alert delivered' }).waitFor();
      assert.deepEqual(await capture(page, 'monitoring-owner'), []);
      assert.deepEqual(problems(context), []);
      await context.close();
    } finally {
      await chromium.close();
    }
  });

  test('removing the webhook stops alerts and is on the audit log', async () => {
    const page = await owner.visit('/settings/monitoring');
    const removed = await owner.submit(page.body, '/settings/monitoring/remove');
    assert.match(removed.body, /Alert webhook removed/);
    const audit = JSON.parse((await owner.visit('/settings/audit/export?format=json')).body).entries.map((e) => e.action);
    for (const action of ['alerts.configured', 'alerts.tested', 'alerts.removed']) assert.ok(audit.includes(action), action);
  });
});
