// A new user's walk through the product in a real browser (Debian's Chromium driven by
// playwright-core): sign up (through the emailed link), connect Datto RMM (a wrong secret first), rotate and test the keys,
// allow an MCP client and revoke it, invite a colleague who joins in another browser, and
// delete the account. Everything is done by clicking and typing with accessible locators.
// Key pages are saved as screenshots at desktop and phone width in
// test-artifacts/screenshots/, and every page is checked for console errors, unlabelled
// inputs and sideways scrolling on a 390 px phone.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { capture, clearScreenshots, launchChromium, newContext, problems } from '../support/chromium.mjs';
import { ROOT, freePort, startGateway } from '../support/gateway.mjs';
import { linkIn, nthMail } from '../support/mail.mjs';
import { authorizeUrl, pkcePair, registerPublicClient, tokenRequest } from '../support/oauth-flow.mjs';
import { withDatabase } from '../support/state.mjs';

const OWNER = { organisation: 'Northwind IT', email: 'owner@northwind.example', password: 'correct horse battery staple' };
const MEMBER = { email: 'member@northwind.example', password: 'member passphrase 4 tests' };
const WRONG_SECRET = 'wrong-secret-7Qx9vZ2k';

let gateway;
let browser;
let owner; // the owner's browser context and page
let page;
const basics = []; // problems found by capture(): unlabelled inputs, sideways scrolling
const SHOT_PREFIX = 'browser-';
let shots = 0;

before(async () => {
  clearScreenshots(SHOT_PREFIX);
  // Started one after the other so that `after` can close whichever started if the other fails.
  browser = await launchChromium();
  gateway = await startGateway({ mocks: true });
  owner = await newContext(browser);
  page = await owner.newPage();
});

after(async () => {
  await browser?.close();
  await gateway?.stop();
});

/**
 * Screenshots the page at both widths as browser-NN-name-{desktop,phone}.png, in the order of
 * the walk, and records what the basic checks found.
 */
async function snap(target, name) {
  shots += 1;
  basics.push(...(await capture(target, `${SHOT_PREFIX}${String(shots).padStart(2, '0')}-${name}`)));
}

const url = (pathname) => `${gateway.url}${pathname}`;
const pathOf = (target) => new URL(target.url()).pathname;
const notice = (target) => target.getByRole('status');

describe('a new user in the browser', { concurrency: false }, () => {
  // The walk is one story: later steps need what earlier ones made, and say so at once
  // instead of timing out when an earlier step failed.
  let connected = false;

  test('signs up through the emailed link and lands on settings', async () => {
    await page.goto(url('/'));
    await snap(page, 'landing');

    await page.goto(url('/sign-up'));
    await snap(page, 'sign-up');
    await page.getByLabel('Organisation name').fill(OWNER.organisation);
    await page.getByLabel('Work email').fill(OWNER.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await assertVisible(page.getByRole('heading', { name: 'Check your email' }));
    await snap(page, 'sign-up-check-email');

    const mail = await nthMail(gateway.url, OWNER.email, 0);
    await page.goto(linkIn(mail, '/sign-up/finish'));
    await assertVisible(page.getByRole('heading', { name: 'Finish creating your account' }));
    await snap(page, 'sign-up-finish');
    await page.getByLabel('Choose a password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL((u) => u.pathname === '/settings');
    await assertVisible(page.getByRole('heading', { name: 'Overview' }));
    await assertVisible(page.getByText(OWNER.email).first());
    await snap(page, 'settings-overview');
  });

  test('connects Datto RMM: a wrong secret shows the vendor error and is not echoed, then the right keys connect', async () => {
    const keys = gateway.vendorKeys['datto-rmm'];
    await page.goto(url('/settings/vendors'));
    await snap(page, 'vendors-empty');
    await dattoCard(page).getByRole('link', { name: 'Connect', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/settings/vendors/datto-rmm/connect');
    await snap(page, 'connect-datto');

    await page.getByLabel('API key', { exact: true }).fill(keys.api_key);
    await page.getByLabel('API secret key').fill(WRONG_SECRET);
    await page.getByLabel('Platform').selectOption(keys.platform);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/connect')),
      page.getByRole('button', { name: 'Test and save' }).click(),
    ]);
    const error = page.locator('#connect-error');
    await assertVisible(error);
    assert.match(await error.innerText(), /Test failed\. Datto RMM refused these credentials: Bad credentials\./);
    assert.ok(!(await refused.text()).includes(WRONG_SECRET), 'the wrong secret is echoed in the response HTML');
    assert.ok(!(await page.content()).includes(WRONG_SECRET), 'the wrong secret is in the page');
    assert.equal(await page.getByLabel('API secret key').inputValue(), '', 'the secret field should be empty again');
    await snap(page, 'connect-datto-wrong-secret');

    await page.getByLabel('API key', { exact: true }).fill(keys.api_key);
    await page.getByLabel('API secret key').fill(keys.api_secret);
    await page.getByLabel('Platform').selectOption(keys.platform);
    await page.getByRole('button', { name: 'Test and save' }).click();

    await page.waitForURL((u) => u.pathname === '/settings/vendors');
    await assertVisible(notice(page).filter({ hasText: /^Connected\./ }));
    await assertVisible(dattoCard(page).locator('.badge', { hasText: 'Active' }));
    await snap(page, 'vendors-connected');
    connected = true;
  });

  test('rotates the Datto RMM keys and tests the connection', async () => {
    // The mock's accepted key pairs are fixed when it starts (startGateway gives no way to add
    // one), so the rotation enters the same right secret again: the gateway still tests it
    // against the vendor and seals it anew.
    assert.ok(connected, 'needs the Datto RMM connection of the previous test');
    const keys = gateway.vendorKeys['datto-rmm'];
    const vendorCalls = () => gateway.mocks.datto.requests.length;

    await page.goto(url('/settings/vendors'));
    await dattoCard(page).getByRole('link', { name: 'Update keys' }).click();
    await page.waitForURL((u) => u.pathname === '/settings/vendors/datto-rmm/connect' && u.searchParams.has('connection'));
    await assertVisible(page.getByRole('heading', { name: 'Update Datto RMM keys' }));
    await snap(page, 'update-keys');
    const sealedBefore = await sealedDattoKeys();
    const beforeUpdate = vendorCalls();
    await page.getByLabel('API secret key').fill(keys.api_secret);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.waitForURL((u) => u.pathname === '/settings/vendors');
    await assertVisible(notice(page).filter({ hasText: 'The new keys passed the test and replaced the old ones.' }));
    assert.ok(vendorCalls() > beforeUpdate, 'the new keys were not tested against Datto RMM');
    assert.equal(await dattoCard(page).locator('.connection').count(), 1, 'rotation must not add a second connection');
    const sealedAfter = await sealedDattoKeys();
    assert.equal(sealedAfter.length, 1);
    assert.notEqual(sealedAfter[0], sealedBefore[0], 'the stored sealed keys did not change');
    assert.ok(!sealedAfter[0].includes(keys.api_secret), 'the secret is stored in clear');

    const beforeTest = vendorCalls();
    await dattoCard(page).getByRole('button', { name: 'Test connection' }).click();
    await assertVisible(notice(page).filter({ hasText: /^Test passed/ }));
    assert.ok(vendorCalls() > beforeTest, 'the test did not call Datto RMM');
    await assertVisible(dattoCard(page).locator('.badge', { hasText: 'Active' }));
    await snap(page, 'vendors-test-passed');

    // The audit log records all of this, and neither secret.
    await page.goto(url('/settings/audit'));
    await assertVisible(page.getByRole('heading', { name: 'Audit log' }));
    const audit = await page.content();
    assert.ok(!audit.includes(WRONG_SECRET) && !audit.includes(keys.api_secret), 'a secret is in the audit log');
    await snap(page, 'audit-log');
  });

  test('chooses which toolsets the Datto RMM connection offers apps', async () => {
    assert.ok(connected, 'needs the Datto RMM connection of an earlier test');
    await page.goto(url('/settings/vendors'));
    const jobs = dattoCard(page).getByRole('checkbox', { name: /jobs/ });
    const devices = dattoCard(page).getByRole('checkbox', { name: /devices/ });
    assert.equal(await jobs.isChecked(), true, 'every default toolset is ticked at first');
    await jobs.uncheck();
    await dattoCard(page).getByRole('button', { name: 'Save toolsets' }).click();
    await assertVisible(notice(page).filter({ hasText: 'Toolsets saved' }));
    assert.equal(await dattoCard(page).getByRole('checkbox', { name: /jobs/ }).isChecked(), false);
    assert.equal(await dattoCard(page).getByRole('checkbox', { name: /devices/ }).isChecked(), true);
    const stored = await withDatabase(gateway.state, (db) => db.prepare("SELECT toolsets FROM vendor_connections WHERE vendor = 'datto-rmm'").get());
    assert.equal(stored.toolsets, 'devices');
    await snap(page, 'vendors-toolsets');
    // Back to the defaults for the steps that follow.
    await dattoCard(page).getByRole('checkbox', { name: /jobs/ }).check();
    await dattoCard(page).getByRole('button', { name: 'Save toolsets' }).click();
    await assertVisible(notice(page).filter({ hasText: 'Toolsets saved' }));
    assert.equal(await devices.isChecked(), true);
  });

  test('pauses the Datto RMM connection on the pauses page, sees it everywhere, and resumes it', async () => {
    assert.ok(connected, 'needs the Datto RMM connection of an earlier test');
    const dattoRow = () => page.locator('#connection-pauses li', { hasText: 'Datto RMM' });
    await page.goto(url('/settings/pauses'));
    await assertVisible(page.getByRole('heading', { name: 'Pauses', exact: true }));
    await dattoRow().getByRole('button', { name: 'Pause', exact: true }).click();
    await assertVisible(notice(page).filter({ hasText: /^Connection paused/ }));
    await assertVisible(dattoRow().getByText(new RegExp(`by ${OWNER.email.replace('.', '\\.')} since \\d{4}-`)));
    await snap(page, 'pauses-connection-paused');
    await page.goto(url('/settings/vendors'));
    await assertVisible(dattoCard(page).getByRole('link', { name: /^Paused since / }));
    await dattoCard(page).getByRole('link', { name: /^Paused since / }).click();
    await dattoRow().getByRole('button', { name: 'Resume', exact: true }).click();
    await assertVisible(notice(page).filter({ hasText: /^Connection resumed/ }));
    const stored = await withDatabase(gateway.state, (db) => db.prepare("SELECT paused_at FROM vendor_connections WHERE vendor = 'datto-rmm' AND status = 'active'").get());
    assert.equal(stored.paused_at, null);
  });

  // Set by the consent test, used by the revoke test: the client, its PKCE verifier and the
  // authorization code the gateway sent back.
  let grant;

  test('allowing an MCP client sends the browser back to the client with a code', async () => {
    assert.ok(connected, 'needs the Datto RMM connection of an earlier test');
    const redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
    const client = await registerPublicClient(gateway.url, redirectUri);
    const { verifier, challenge } = pkcePair();
    // The client's redirect URI is answered inside the browser: no server needed.
    await page.route(`${redirectUri}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Client</title><p>Done</p>' }));

    await page.goto(authorizeUrl(gateway.url, {
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'browser-state',
      scope: 'tools:read offline_access',
      resource: url('/v1/datto-rmm'),
    }));
    await assertVisible(page.getByRole('heading', { name: /Allow .*Raw test client.* to use Datto RMM\?/ }));
    await snap(page, 'consent');
    // The decision is sent by the browser's own form post; it is passed through page.route
    // only to read the gateway's answer (the redirect carrying the code), which the revoke test
    // below needs even when the browser then fails to follow the redirect.
    let answer;
    await page.route(`${gateway.url}/oauth/authorize`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch({ maxRedirects: 0 });
      answer = { status: response.status(), location: response.headers().location };
      return route.fulfill({ response });
    });
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((u) => u.href.startsWith(redirectUri), { timeout: 5_000 }).catch(() => {});
    await page.unroute(`${gateway.url}/oauth/authorize`);
    assert.ok(answer, 'the browser did not send the decision');
    const location = new URL(answer.location ?? '', gateway.url);
    assert.equal(`${location.origin}${location.pathname}`, redirectUri, `Allow answered ${answer.status} to ${location}`);
    assert.equal(location.searchParams.get('state'), 'browser-state');
    assert.ok(location.searchParams.get('code'), `no code in ${location}`);
    grant = { client, verifier, redirectUri, code: location.searchParams.get('code') };

    // And the browser really arrived there.
    assert.equal(page.url(), location.href, 'the browser did not follow the redirect to the client');
  });

  test('revokes the allowed app in settings, and its refresh token stops working', async () => {
    assert.ok(grant, 'no authorization code: the consent test failed before the gateway answered');
    const exchange = await tokenRequest(gateway.url, {
      grant_type: 'authorization_code',
      code: grant.code,
      redirect_uri: grant.redirectUri,
      client_id: grant.client.client_id,
      code_verifier: grant.verifier,
    });
    assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
    assert.ok(exchange.body.refresh_token, 'offline_access should give a refresh token');

    await page.goto(url('/settings/apps'));
    const app = page.locator('section.app', { has: page.getByRole('heading', { name: grant.client.client_name }) });
    await assertVisible(app);
    await snap(page, 'apps');
    await app.getByRole('button', { name: 'Revoke' }).click();
    await assertVisible(notice(page).filter({ hasText: /^Access revoked/ }));
    assert.equal(await app.count(), 0, 'the revoked app is still listed');
    await snap(page, 'apps-revoked');

    const refresh = await tokenRequest(gateway.url, {
      grant_type: 'refresh_token',
      refresh_token: exchange.body.refresh_token,
      client_id: grant.client.client_id,
    });
    assert.equal(refresh.status, 400, JSON.stringify(refresh.body));
    assert.equal(refresh.body.error, 'invalid_grant');
  });

  test('invites a member who joins in another browser and sees none of the owner\'s keys', async () => {
    await page.goto(url('/settings/members'));
    await page.getByLabel('Their work email').fill(MEMBER.email);
    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await page.locator('#invite-link').innerText()).trim();
    assert.match(link, new RegExp(`^${escape(gateway.url)}/invite\\?token=`));
    await snap(page, 'members-invite-link');

    const guest = await newContext(browser);
    try {
      const guestPage = await guest.newPage();
      await guestPage.goto(link);
      await assertVisible(guestPage.getByRole('heading', { name: `Join ${OWNER.organisation}` }));
      await snap(guestPage, 'invite');
      await guestPage.getByLabel('Choose a password').fill(MEMBER.password);
      await guestPage.getByRole('button', { name: 'Create account and join' }).click();
      await guestPage.waitForURL((u) => u.pathname === '/settings');
      const facts = guestPage.locator('dl.facts');
      await assertVisible(facts.getByText(MEMBER.email));
      await assertVisible(facts.getByText('member', { exact: true }));
      await snap(guestPage, 'member-overview');

      await guestPage.goto(url('/settings/vendors'));
      await assertVisible(dattoCard(guestPage).getByRole('link', { name: 'Connect', exact: true }));
      assert.equal(await guestPage.locator('.connection').count(), 0, 'the member sees a connection');
      await snap(guestPage, 'member-vendors');
      assert.deepEqual(problems(guest), [], 'console errors in the member\'s browser');
    } finally {
      await guest.close();
    }

    await page.goto(url('/settings/members'));
    const row = page.locator('li', { hasText: MEMBER.email });
    await assertVisible(row);
    assert.equal(await row.getByLabel(`Role of ${MEMBER.email}`).inputValue(), 'member');
    await snap(page, 'members');
  });

  test('deletes the account after the only other member leaves, and cannot sign in again', async () => {
    await page.goto(url('/settings/account'));
    await snap(page, 'account');
    await deleteAccount(page, OWNER);
    // The sole owner of an organisation with members is refused first.
    await assertVisible(page.getByRole('alert').filter({ hasText: /only owner/ }));
    await snap(page, 'account-delete-refused');

    await page.goto(url('/settings/members'));
    const row = page.locator('li', { hasText: MEMBER.email });
    await row.getByRole('button', { name: 'Remove' }).click();
    await assertVisible(notice(page).filter({ hasText: /^Member removed/ }));
    assert.equal(await row.count(), 0);

    await page.goto(url('/settings/account'));
    await deleteAccount(page, OWNER);
    await assertVisible(page.getByRole('heading', { name: 'Account deleted' }));
    await snap(page, 'account-deleted');

    await page.goto(url('/settings'));
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await assertVisible(page.getByRole('alert'));
    assert.equal(pathOf(page), '/sign-in');
    await snap(page, 'sign-in-after-delete');
    await page.goto(url('/settings'));
    assert.equal(pathOf(page), '/sign-in', 'a deleted account reached settings');
  });

  test('no page logged a console error, left an input unlabelled or scrolled sideways on a phone', () => {
    assert.deepEqual(problems(owner), []);
    assert.deepEqual(basics, []);
  });
});

/** The sealed column of the Datto RMM connections, read from the local D1 database. */
async function sealedDattoKeys() {
  const { stdout } = await promisify(execFile)(
    path.join(ROOT, 'node_modules/.bin/wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', gateway.state, '--json', '--command',
      "SELECT sealed FROM vendor_connections WHERE vendor = 'datto-rmm' AND sealed IS NOT NULL"],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } },
  );
  return JSON.parse(stdout)[0].results.map((row) => row.sealed);
}

/** The Datto RMM card on /settings/vendors. */
const dattoCard = (target) =>
  target.locator('section', { has: target.getByRole('heading', { name: 'Datto RMM', exact: true }) });

async function deleteAccount(target, { email, password }) {
  await target.getByLabel('Type your email to confirm').fill(email);
  await target.getByLabel('Password', { exact: true }).fill(password);
  await target.getByRole('button', { name: 'Delete my account' }).click();
}

/** Waits (auto-retrying) until the locator is visible; fails with the locator in the message. */
async function assertVisible(locator) {
  await locator.first().waitFor({ state: 'visible' });
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
