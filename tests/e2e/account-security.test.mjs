// Account security (issue 13), end to end against wrangler dev, its D1 and KV files and the
// vendor mocks: the audit trail survives an account's deletion under a pseudonym (F1), vendor
// sessions are forgotten in every tenant (F13), the sign-in throttle is one atomic step (F3)
// keyed by address and email with a growing wait (F14), a password change or "Sign out
// everywhere" ends sessions and apps (F9), and sign-up and password reset go through emailed
// links without telling anyone which addresses have accounts (F10).
//
// Requests name their client address with `cf-connecting-ip` (Cloudflare sets it in
// production; wrangler dev passes it through), so each test throttles on its own addresses.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { eventually, freePort, startGateway } from '../support/gateway.mjs';
import { linkIn, mailsTo, nthMail } from '../support/mail.mjs';
import { callVendor, grant, tokenRequest } from '../support/oauth-flow.mjs';
import { kvKeys, withDatabase } from '../support/state.mjs';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase 2';
/** The first refusal window of this file's gateway, in seconds (the default is 60). */
const BACKOFF = 5;

let gateway;
before(async () => {
  gateway = await startGateway({ mocks: true, vars: { SIGN_IN_BACKOFF_SECONDS: String(BACKOFF) } });
});
after(async () => gateway?.stop());

/** A person at `ip` who signed up as `email`, signed in. */
async function member(email, ip, organisation = `${email} MSP`) {
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  browser.headers['cf-connecting-ip'] = ip;
  await browser.signUp({ email, password: PASSWORD, organisation });
  return browser;
}

/** A browser at `ip`, signed out. */
function visitor(ip) {
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  browser.headers['cf-connecting-ip'] = ip;
  return browser;
}

function csrfOf(html) {
  const match = html.match(/name="csrf_token" value="([^"]+)"/);
  assert.ok(match, `a CSRF token on the page:\n${html.slice(0, 500)}`);
  return match[1];
}

/** A page with what may rightly differ between two visitors (their CSRF token, what they typed) taken out. */
function normalised(html, typed) {
  return html.replace(/name="csrf_token" value="[^"]+"/g, 'name="csrf_token" value=""').replaceAll(typed, '<typed>');
}

const isSignedIn = async (browser) => !(await browser.visit('/settings')).url.includes('/sign-in');
const userId = (email) => withDatabase(gateway.state, (db) => db.prepare('SELECT id FROM users WHERE email = ?').get(email)?.id);

/** Creates an invitation as `owner` and returns its link. */
async function invite(owner, email, role = 'member') {
  const page = await owner.visit('/settings/members');
  const result = await owner.submit(page.body, '/settings/members/invite', { email, role });
  const link = result.body.match(/<pre id="invite-link" class="link-box">([^<]+)<\/pre>/);
  assert.ok(link, result.body.slice(0, 500));
  return link[1].replace(/&#38;|&amp;/g, '&');
}

/** Connects Datto RMM for the browser's current organisation; returns the connection id. */
async function connectDatto(browser) {
  const page = await browser.visit('/settings/vendors/datto-rmm/connect');
  const saved = await browser.connect(page.body);
  assert.match(saved.body, /Connected\. The keys passed the test/);
  return withDatabase(gateway.state, (db) =>
    db.prepare("SELECT id FROM vendor_connections WHERE vendor = 'datto-rmm' ORDER BY created_at DESC, rowid DESC LIMIT 1").get().id,
  );
}

describe('deleting an account (F1, F13)', () => {
  test('a_b@x.test is deleted: axb@x.test\'s audit entries are untouched, and a_b\'s stay under a pseudonym', async () => {
    const ip = '192.0.2.10';
    const owner = await member('owner@x.test', ip, 'X Org');
    // a_b first has an organisation of its own, then joins X Org; axb joins X Org too.
    const leaving = await member('a_b@x.test', ip, 'AB Org');
    const joinLeaving = await leaving.visit(await invite(owner, 'a_b@x.test'));
    assert.match((await leaving.submit(joinLeaving.body, '/invite')).body, /Welcome! You joined the organisation\./);
    const staying = visitor(ip);
    const joinStaying = await staying.visit(await invite(owner, 'axb@x.test'));
    assert.match((await staying.submit(joinStaying.body, '/invite', { password: PASSWORD })).body, /Welcome!/);
    // Activity by both, each naming themselves in details ("… as member").
    const [leavingId, stayingId] = await Promise.all([userId('a_b@x.test'), userId('axb@x.test')]);

    const snapshot = () =>
      withDatabase(gateway.state, (db) => ({
        staying: db
          .prepare("SELECT * FROM audit_events WHERE user_id = ? OR target = ? OR instr(detail, 'axb@x.test') > 0 ORDER BY id")
          .all(stayingId, stayingId)
          .map((row) => ({ ...row })),
        leaving: db.prepare('SELECT id, action FROM audit_events WHERE user_id = ? ORDER BY id').all(leavingId).map((row) => ({ ...row })),
      }));
    const before = await snapshot();
    assert.ok(before.staying.some((e) => e.action === 'member.joined' && e.detail === 'axb@x.test as member'), JSON.stringify(before.staying));
    assert.ok(before.staying.some((e) => e.action === 'member.invited' && e.detail === 'axb@x.test as member'));
    assert.ok(before.leaving.length >= 2, JSON.stringify(before.leaving));

    const account = await leaving.visit('/settings/account');
    const deleted = await leaving.submit(account.body, '/settings/delete', { confirm_email: 'a_b@x.test', password: PASSWORD });
    assert.equal(deleted.response.status, 200, deleted.body.slice(0, 800));
    assert.match(deleted.body, /Account deleted/);

    const after = await snapshot();
    assert.deepEqual(after.staying, before.staying, "axb@x.test's entries changed");
    await withDatabase(gateway.state, (db) => {
      const kept = db.prepare(`SELECT id, action, user_id, actor FROM audit_events WHERE id IN (${before.leaving.map((e) => e.id).join(',')}) ORDER BY id`).all();
      assert.deepEqual(kept.map((e) => ({ id: e.id, action: e.action })), before.leaving, "a_b's own entries were deleted");
      const names = new Set(kept.flatMap((e) => [e.user_id, e.actor]));
      assert.equal(names.size, 1, [...names].join(', '));
      const [pseudonym] = names;
      assert.match(pseudonym, /^deleted-user-[A-Za-z0-9_-]{12}$/);
      // The owner's invitation of a_b stays, naming the pseudonym.
      const invited = db.prepare("SELECT detail FROM audit_events WHERE action = 'member.invited' AND detail LIKE 'deleted-user-%'").all();
      assert.deepEqual(invited.map((e) => e.detail), [`${pseudonym} as member`]);
      assert.equal(db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'account.deleted' AND actor = ?").get(pseudonym).n, 2, 'one deletion entry per organisation');
      for (const table of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all()) {
        for (const row of db.prepare(`SELECT * FROM "${table.name}"`).all()) {
          const text = JSON.stringify(row);
          assert.ok(!text.includes(leavingId) && !text.includes('a_b@x.test'), `${table.name} still names a_b: ${text}`);
        }
      }
    });
  });

  test('the cached vendor sessions of the account are forgotten in every organisation it belonged to', async () => {
    const ip = '192.0.2.11';
    const owner = await member('owner-kv@x.test', ip, 'KV Org');
    const leaving = await member('two-orgs@x.test', ip, 'Own Org');
    const own = await connectDatto(leaving);
    const join = await leaving.visit(await invite(owner, 'two-orgs@x.test'));
    await leaving.submit(join.body, '/invite');
    const joined = await connectDatto(leaving);
    assert.notEqual(own, joined);
    const sessionsOf = async (id) => (await kvKeys(gateway.state)).filter((key) => key.startsWith(`vendor-session:${id}:`));
    assert.equal((await sessionsOf(own)).length, 1, 'the test of the first connection cached a Datto session');
    assert.equal((await sessionsOf(joined)).length, 1, 'the test of the second connection cached a Datto session');

    // Signed in to the organisation joined last; the first one's session must go too.
    const account = await leaving.visit('/settings/account');
    assert.match(account.body, /KV Org/);
    const deleted = await leaving.submit(account.body, '/settings/delete', { confirm_email: 'two-orgs@x.test', password: PASSWORD });
    assert.equal(deleted.response.status, 200, deleted.body.slice(0, 800));
    assert.deepEqual(await sessionsOf(joined), []);
    assert.deepEqual(await sessionsOf(own), [], 'the other organisation\'s vendor session is still cached');
  });
});

describe('the sign-in throttle (F3, F14)', () => {
  test('twenty wrong passwords fired at once: at most five are checked, the rest wait', async () => {
    const email = 'parallel@x.test';
    await member(email, '192.0.2.20');
    const attacker = visitor('198.51.100.20');
    const page = await attacker.visit('/sign-in');
    const form = { csrf_token: csrfOf(page.body), return_to: '/settings', email, password: 'not the password' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => attacker.request('/sign-in', { method: 'POST', form }).then(async (r) => (await r.arrayBuffer(), r.status))),
    );
    const checked = answers.filter((s) => s === 401).length;
    const waited = answers.filter((s) => s === 429).length;
    assert.equal(checked + waited, 20, answers.join(', '));
    assert.ok(checked <= 5, `${checked} attempts were checked: ${answers.join(', ')}`);
    assert.ok(checked >= 1, answers.join(', '));
    // Every checked attempt is in the account's audit log, and no more.
    const id = await userId(email);
    const failures = await eventually(
      () => withDatabase(gateway.state, (db) => db.prepare("SELECT count(*) AS n FROM audit_events WHERE user_id = ? AND action = 'sign_in' AND outcome = 'failure'").get(id).n === checked),
      5_000,
    );
    assert.ok(failures, `the audit log should hold ${checked} failed sign-ins`);
  });

  test('failures from one address do not lock the account for its owner at another', async () => {
    const email = 'victim@x.test';
    await member(email, '192.0.2.21');
    const attacker = visitor('198.51.100.21');
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await attacker.signIn({ email, password: `guess ${i}` })).response.status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
    // The right password from the attacker's address waits too …
    assert.equal((await attacker.signIn({ email, password: PASSWORD })).response.status, 429);
    // … but the owner, elsewhere, signs in at once.
    const owner = visitor('203.0.113.21');
    const signedIn = await owner.signIn({ email, password: PASSWORD });
    assert.equal(signedIn.response.status, 200, signedIn.body.slice(0, 500));
    assert.ok(owner.cookies.has('__Host-mgw_session'));
    assert.equal(new URL(signedIn.response.url).pathname, '/settings');
  });

  test('the wait grows with each failure let through after the limit', { timeout: 60_000 }, async () => {
    const email = 'backoff@x.test';
    await member(email, '192.0.2.22');
    const attacker = visitor('198.51.100.22');
    for (let i = 0; i < 5; i++) assert.equal((await attacker.signIn({ email, password: `guess ${i}` })).response.status, 401);
    const first = await attacker.signIn({ email, password: 'guess 5' });
    assert.equal(first.response.status, 429);
    const firstWait = Number(first.response.headers.get('retry-after'));
    assert.ok(firstWait >= 1 && firstWait <= BACKOFF, `first wait ${firstWait}`);
    assert.match(first.body, /Too many sign-in attempts\. Try again in 1 minute\./);

    await new Promise((resolve) => setTimeout(resolve, (firstWait + 1) * 1000));
    assert.equal((await attacker.signIn({ email, password: 'guess 6' })).response.status, 401, 'let through once the wait is over');
    const second = await attacker.signIn({ email, password: 'guess 7' });
    assert.equal(second.response.status, 429);
    const secondWait = Number(second.response.headers.get('retry-after'));
    assert.ok(secondWait > BACKOFF && secondWait <= 2 * BACKOFF, `second wait ${secondWait} should be about ${2 * BACKOFF}`);
  });
});

describe('password change and "Sign out everywhere" (F9)', () => {
  /** The person signed in at two browsers with one app allowed. */
  async function twoBrowsersAndAnApp(email, ip) {
    const here = await member(email, ip);
    const there = visitor(ip);
    await there.signIn({ email, password: PASSWORD });
    assert.ok(await isSignedIn(there));
    const app = await grant(gateway.url, here);
    assert.equal(app.exchange.status, 200, JSON.stringify(app.exchange.body));
    assert.equal((await callVendor(gateway.url, 'datto-rmm', app.exchange.body.access_token)).status, 200);
    return { here, there, app };
  }

  async function appIsSignedOut(app) {
    assert.equal((await callVendor(gateway.url, 'datto-rmm', app.exchange.body.access_token)).status, 401, 'the access token still works');
    const refresh = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: app.exchange.body.refresh_token, client_id: app.client.client_id });
    assert.equal(refresh.body.error, 'invalid_grant', 'the refresh token still works');
  }

  test('changing the password signs out the other browsers and every app, and the audit log says so', async () => {
    const email = 'changer@x.test';
    const { here, there, app } = await twoBrowsersAndAnApp(email, '192.0.2.30');
    const account = await here.visit('/settings/account');
    const changed = await here.submit(account.body, '/settings/password', { current_password: PASSWORD, new_password: NEW_PASSWORD });
    assert.match(changed.body, /Password changed\. Your other sessions were signed out and your connected apps lost their access/);
    assert.ok(await isSignedIn(here), 'the browser that changed it stays signed in');
    assert.ok(!(await isSignedIn(there)), 'the other browser is still signed in');
    await appIsSignedOut(app);
    await withDatabase(gateway.state, (db) => {
      const id = db.prepare('SELECT id FROM users WHERE email = ?').get(email).id;
      const events = db.prepare('SELECT action, detail, target FROM audit_events WHERE user_id = ? AND action IN (?, ?) ORDER BY id').all(id, 'password.changed', 'grant.revoked');
      assert.deepEqual(events.map((e) => e.action), ['password.changed', 'grant.revoked']);
      assert.match(events[1].detail, /: password changed$/);
      assert.equal(db.prepare('SELECT revoked_reason FROM grants WHERE id = ?').get(events[1].target).revoked_reason, 'password_changed');
    });
  });

  test('"Sign out everywhere" on the account page ends every session, this one too, and every app', async () => {
    const email = 'everywhere@x.test';
    const { here, there, app } = await twoBrowsersAndAnApp(email, '192.0.2.31');
    const account = await here.visit('/settings/account');
    assert.match(account.body, /<button type="submit" class="danger">Sign out everywhere<\/button>/);
    const done = await here.submit(account.body, '/settings/sign-out-everywhere');
    assert.equal(done.response.status, 200);
    assert.match(done.body, /Signed out everywhere/);
    assert.ok(!(await isSignedIn(here)), 'this browser is still signed in');
    assert.ok(!(await isSignedIn(there)), 'the other browser is still signed in');
    await appIsSignedOut(app);
    await withDatabase(gateway.state, (db) => {
      const id = db.prepare('SELECT id FROM users WHERE email = ?').get(email).id;
      assert.equal(db.prepare("SELECT count(*) AS n FROM audit_events WHERE user_id = ? AND action = 'account.signed_out_everywhere'").get(id).n, 1);
      assert.equal(db.prepare("SELECT count(*) AS n FROM grants WHERE user_id = ? AND revoked_reason = 'signed_out_everywhere'").get(id).n, 1);
      assert.equal(db.prepare('SELECT count(*) AS n FROM browser_sessions WHERE user_id = ?').get(id).n, 0);
    });
    // The password still works: signing out is not a lock.
    assert.equal((await here.signIn({ email, password: PASSWORD })).response.status, 200);
    assert.ok(await isSignedIn(here));
  });
});

describe('sign-up and password reset by emailed link (F10)', () => {
  test('signing in with a wrong password reads the same for a known and an unknown email', async () => {
    const known = 'known-sign-in@x.test';
    await member(known, '192.0.2.40');
    const answer = async (email) => {
      const result = await visitor('198.51.100.40').signIn({ email, password: 'not the password' });
      return { status: result.response.status, body: normalised(result.body, email) };
    };
    const [forKnown, forUnknown] = [await answer(known), await answer('nobody-here@x.test')];
    assert.equal(forKnown.status, 401);
    assert.deepEqual(forUnknown, forKnown);
  });

  test('signing up answers the same page for a new and a known address; only the mail differs', async () => {
    const known = 'known-sign-up@x.test';
    await member(known, '192.0.2.41');
    const fresh = 'fresh-sign-up@x.test';
    const ask = async (email) => {
      const browser = visitor('198.51.100.41');
      const page = await browser.visit('/sign-up');
      const result = await browser.submit(page.body, '/sign-up', { email, organisation: 'Same Org' });
      assert.ok(!browser.cookies.has('__Host-mgw_session'), 'signed in before the address was confirmed');
      return { status: result.response.status, body: normalised(result.body, email) };
    };
    const knownMails = mailsTo(gateway.url, known).length;
    const forKnown = await ask(known);
    const forFresh = await ask(fresh);
    assert.equal(forKnown.status, 200);
    assert.match(forKnown.body, /Check your email/);
    assert.deepEqual(forFresh, forKnown);

    const toKnown = await nthMail(gateway.url, known, knownMails);
    assert.equal(toKnown.kind, 'already_registered');
    assert.match(toKnown.text, /The address already has one\./);
    assert.doesNotMatch(toKnown.text, /token=/);
    const toFresh = await nthMail(gateway.url, fresh, 0);
    assert.equal(toFresh.kind, 'sign_up');
    const link = linkIn(toFresh, '/sign-up/finish');
    const secret = new URL(link).searchParams.get('token');
    await withDatabase(gateway.state, (db) => {
      assert.equal(db.prepare('SELECT count(*) AS n FROM users WHERE email = ?').get(fresh).n, 0, 'nothing is created before the link is used');
      const rows = db.prepare('SELECT * FROM sign_up_requests WHERE email = ?').all(fresh);
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(secret), 'the link secret is stored in clear');
    });

    const person = visitor('198.51.100.41');
    const finish = await person.visit(link);
    assert.match(finish.body, /Finish creating your account/);
    assert.match(finish.body, /Same Org/);
    const weak = await person.submit(finish.body, '/sign-up/finish', { password: 'short' });
    assert.equal(weak.response.status, 400, 'a weak password is refused without spending the link');
    const done = await person.submit(weak.body, '/sign-up/finish', { password: PASSWORD });
    assert.equal(new URL(done.response.url).pathname, '/settings');
    assert.ok(await isSignedIn(person));
    const again = await visitor('198.51.100.41').visit(link);
    assert.equal(again.response.status, 404, 'a sign-up link works once');
  });

  test('a password reset: the same answer for any address, a single-use 30-minute link, and everything signed out', async () => {
    const email = 'forgetful@x.test';
    const here = await member(email, '192.0.2.42');
    const app = await grant(gateway.url, here);
    const ask = async (address) => {
      const browser = visitor('198.51.100.42');
      const page = await browser.visit('/forgot-password');
      const result = await browser.submit(page.body, '/forgot-password', { email: address });
      return { status: result.response.status, body: normalised(result.body, address) };
    };
    const unknown = 'nobody-resets@x.test';
    const forKnown = await ask(email);
    const forUnknown = await ask(unknown);
    assert.equal(forKnown.status, 200);
    assert.match(forKnown.body, /Check your email/);
    assert.deepEqual(forUnknown, forKnown);

    const mail = await nthMail(gateway.url, email, 1); // the first was the sign-up link
    assert.equal(mail.kind, 'password_reset');
    const link = linkIn(mail, '/reset-password');
    const secret = new URL(link).searchParams.get('token');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(mailsTo(gateway.url, unknown), [], 'an unknown address gets no mail');
    await withDatabase(gateway.state, (db) => {
      const rows = db.prepare('SELECT r.* FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.email = ?').all(email);
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(secret), 'the reset secret is stored in clear');
      assert.equal(rows[0].expires_at - rows[0].created_at, 30 * 60);
    });

    const person = visitor('198.51.100.42');
    const form = await person.visit(link);
    assert.match(form.body, /Choose a new password/);
    const done = await person.submit(form.body, '/reset-password', { new_password: NEW_PASSWORD });
    assert.equal(done.response.status, 200);
    assert.match(done.body, /Password changed/);
    assert.ok(!(await isSignedIn(here)), 'the browser signed in before the reset still is');
    assert.equal((await callVendor(gateway.url, 'datto-rmm', app.exchange.body.access_token)).status, 401, 'the app still has access');

    const reused = await visitor('198.51.100.42').visit(link);
    assert.equal(reused.response.status, 404, 'a reset link works once');
    assert.doesNotMatch(reused.body, /action="\/reset-password"/);
    assert.equal((await visitor('192.0.2.42').signIn({ email, password: PASSWORD })).response.status, 401, 'the old password still works');
    assert.equal((await visitor('192.0.2.42').signIn({ email, password: NEW_PASSWORD })).response.status, 200);
    await withDatabase(gateway.state, (db) => {
      const id = db.prepare('SELECT id FROM users WHERE email = ?').get(email).id;
      assert.equal(db.prepare("SELECT count(*) AS n FROM audit_events WHERE user_id = ? AND action = 'password.reset'").get(id).n, 1);
      assert.equal(db.prepare("SELECT count(*) AS n FROM grants WHERE user_id = ? AND revoked_reason = 'password_reset'").get(id).n, 1);
    });
  });
});

describe('mail through an HTTP mail API (F10)', () => {
  const KEY = `re_test_${Date.now()}_secretkey`;
  let api;
  let apiGateway;
  const received = [];
  before(async () => {
    const port = await freePort();
    api = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(body) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"m1"}');
      });
    });
    await new Promise((resolve) => api.listen(port, '127.0.0.1', resolve));
    apiGateway = await startGateway({
      vars: { MAIL_SENDER: `http://127.0.0.1:${port}/emails`, MAIL_FROM: 'MCP Gateway <no-reply@gateway.test>' },
      secrets: { MAIL_API_KEY: KEY },
    });
  });
  after(async () => {
    await apiGateway?.stop();
    api?.close();
  });

  test('sign-up mail is posted as JSON with the key as a bearer token, and nothing secret is logged', async () => {
    const browser = new Browser(apiGateway.url);
    const page = await browser.visit('/sign-up');
    const asked = await browser.submit(page.body, '/sign-up', { email: 'api@x.test', organisation: 'API Org' });
    assert.match(asked.body, /Check your email/);
    const mail = await eventually(() => received[0], 10_000);
    assert.ok(mail, apiGateway.logs());
    assert.equal(mail.method, 'POST');
    assert.equal(mail.url, '/emails');
    assert.equal(mail.headers.authorization, `Bearer ${KEY}`);
    assert.equal(mail.headers['content-type'], 'application/json');
    assert.deepEqual(Object.keys(mail.body).sort(), ['from', 'subject', 'text', 'to']);
    assert.equal(mail.body.from, 'MCP Gateway <no-reply@gateway.test>');
    assert.equal(mail.body.to, 'api@x.test');
    const link = linkIn(mail.body, '/sign-up/finish');
    const finish = await browser.visit(link);
    await browser.submit(finish.body, '/sign-up/finish', { password: PASSWORD });
    assert.ok(browser.cookies.has('__Host-mgw_session'));

    const logs = apiGateway.logs();
    assert.ok(!logs.includes(KEY), 'the mail API key is in the log');
    assert.ok(!logs.includes(new URL(link).searchParams.get('token')), 'the sign-up link is in the log');
    assert.ok(!apiGateway.logRecords().some((r) => r.event === 'mail'), 'mail was logged instead of sent');
  });
});
