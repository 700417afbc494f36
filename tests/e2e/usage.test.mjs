// Usage you can see (issue 20): calls through two vendors by two people are counted after
// each answer, and /settings/usage shows them in charts and tables with the same totals as
// the audit log — owners and admins the organisation's, members their own — in Chromium at
// desktop and phone width (screenshots in test-artifacts/screenshots/usage-*). Also the CSV
// export, the date range, /health/vendors, and the retention purge by the maintenance run.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { capture, clearScreenshots, launchChromium, newContext, problems } from '../support/chromium.mjs';
import { eventually, startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { modernRequest } from '../support/rpc.mjs';
import { withDatabase } from '../support/state.mjs';
import { DATTO_IDS } from '../mocks/datto-rmm/mock.mjs';

const PASSWORD = 'usage passphrase for tests';
const OWNER = 'owner@usage.example';
const MEMBER = 'member@usage.example';
const SHOT_PREFIX = 'usage-';

let gateway;
let owner;
let member;
const tokens = {};
// What each person called: [vendor, tool, arguments], and how many of those calls fail.
const CALLS = {
  [OWNER]: [
    ['datto-rmm', 'datto_list_sites', {}],
    ['datto-rmm', 'datto_get_site', { site_uid: DATTO_IDS.siteNorthwind }],
    ['datto-rmm', 'datto_list_sites', {}],
    ['itglue', 'itglue_search_organizations', {}],
    ['itglue', 'itglue_search_organizations', { name: 'Tailspin Toys' }],
  ],
  [MEMBER]: [
    ['datto-rmm', 'datto_list_sites', {}],
    ['itglue', 'itglue_search_organizations', {}],
  ],
};

async function call(email, vendor, name, args) {
  const answer = await modernRequest(`${gateway.url}/v1/${vendor}`, tokens[email][vendor], 'tools/call', { name, arguments: args });
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  return answer.json.result;
}

const totalOf = (html, id) => Number(html.match(new RegExp(`<strong id="${id}">(\\d+)</strong>`))?.[1]);

before(async () => {
  clearScreenshots(SHOT_PREFIX);
  gateway = await startGateway({ mocks: true });
  owner = new Browser(gateway.url, gateway.vendorKeys);
  await owner.signUp({ email: OWNER, password: PASSWORD, organisation: 'Usage MSP' });
  const members = await owner.visit('/settings/members');
  const invited = await owner.submit(members.body, '/settings/members/invite', { email: MEMBER, role: 'member' });
  const link = invited.body.match(/<pre id="invite-link" class="link-box">([^<]+)<\/pre>/)[1].replace(/&#38;|&amp;/g, '&');
  member = new Browser(gateway.url, gateway.vendorKeys);
  const join = await member.visit(link);
  assert.match((await member.submit(join.body, '/invite', { password: PASSWORD })).body, /Welcome!/);
  for (const [email, browser] of [[OWNER, owner], [MEMBER, member]]) {
    tokens[email] = {};
    for (const vendor of ['datto-rmm', 'itglue']) {
      tokens[email][vendor] = (await grant(gateway.url, browser, { vendor })).exchange.body.access_token;
    }
  }
});

after(async () => {
  await gateway?.stop();
});

describe('usage counters and /settings/usage', { concurrency: false }, () => {
  let expected;

  test('calls through two vendors by two people, one failing at the vendor, are counted after the answer', async () => {
    for (const [email, calls] of Object.entries(CALLS)) {
      for (const [vendor, name, args] of calls) {
        const result = await call(email, vendor, name, args);
        assert.equal(result.isError, false, JSON.stringify(result));
      }
    }
    // One lasting vendor failure (three 500s: the call and its two retries).
    gateway.mocks.datto.fail({ status: 500, times: 3, path: '/api/v2/site/' });
    const failed = await call(OWNER, 'datto-rmm', 'datto_get_site', { site_uid: DATTO_IDS.siteNorthwind });
    assert.equal(failed.isError, true);
    expected = { calls: 8, errors: 1, owner: 6, member: 2 };

    const page = await eventually(async () => {
      const shown = await owner.visit('/settings/usage');
      return totalOf(shown.body, 'total-calls') === expected.calls ? shown : null;
    }, 10_000);
    assert.ok(page, 'the usage page counts all eight calls');
    assert.equal(totalOf(page.body, 'total-errors'), expected.errors);
  });

  test('the totals are the audit log\'s, per person and per tool', async () => {
    const exported = await owner.visit('/settings/audit/export?format=json');
    const calls = JSON.parse(exported.body).entries.filter((e) => e.action === 'tool.called');
    assert.equal(calls.length, expected.calls);
    assert.equal(calls.filter((e) => e.outcome === 'failure').length, expected.errors);

    const page = (await owner.visit('/settings/usage')).body;
    const row = (table, label) => {
      const section = page.slice(page.indexOf(`id="${table}"`));
      const match = section.match(new RegExp(`<th scope="row">${label.replace(/[.]/g, '\\.')}</th>((?:<td>[^<]*</td>)+)`));
      return match ? [...match[1].matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]) : null;
    };
    assert.deepEqual(row('table-users', OWNER), [String(expected.owner), '1']);
    assert.deepEqual(row('table-users', MEMBER), [String(expected.member), '0']);
    const byTool = {};
    for (const entry of calls) {
      const tool = JSON.parse(entry.detail).tool;
      byTool[tool] = (byTool[tool] ?? 0) + 1;
    }
    for (const [tool, count] of Object.entries(byTool)) {
      assert.equal(row('table-tools', tool)?.[1], String(count), `${tool} in the top tools`);
    }
    // Latency percentiles exist for both vendors.
    assert.ok(row('table-latency', 'Datto RMM'), 'Datto RMM has a latency row');
    assert.ok(row('table-latency', 'IT Glue'), 'IT Glue has a latency row');
  });

  test('a member sees only their own calls, and no one else\'s names', async () => {
    const page = (await member.visit('/settings/usage')).body;
    assert.equal(totalOf(page, 'total-calls'), expected.member);
    assert.doesNotMatch(page, /Top users/);
    assert.ok(!page.includes(OWNER), 'the owner is not named on the member\'s page');
  });

  test('the CSV export holds the same calls, per day, vendor, tool and user', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const { response, body } = await owner.visit(`/settings/usage/export?from=${today}&to=${today}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/csv/);
    assert.match(response.headers.get('content-disposition'), /attachment; filename="usage-/);
    const [header, ...rows] = body.trim().split('\r\n');
    const columns = header.split(',');
    assert.deepEqual(columns.slice(0, 5), ['date', 'vendor', 'tool', 'user', 'calls']);
    const sum = (name) => rows.reduce((total, line) => total + Number(line.split(',')[columns.indexOf(name)]), 0);
    assert.equal(sum('calls'), expected.calls);
    assert.equal(sum('errors_unavailable'), 1);
    assert.ok(rows.every((line) => line.startsWith(today)));
    const mine = (await member.visit(`/settings/usage/export?from=${today}&to=${today}`)).body.trim().split('\r\n').slice(1);
    assert.ok(mine.length > 0 && mine.every((line) => line.includes(MEMBER)));

    const reversed = await owner.visit('/settings/usage/export?from=2026-12-05&to=2026-12-01');
    assert.equal(reversed.response.status, 400);
    const shown = await owner.visit('/settings/usage?from=2026-13-01');
    assert.match(shown.body, /That date range cannot be shown: dates are written YYYY-MM-DD/);
    const longAgo = (await owner.visit('/settings/usage?from=2020-01-01&to=2020-01-31')).body;
    assert.equal(totalOf(longAgo, 'total-calls'), 0, 'a range without calls shows none');
  });

  test('/health/vendors reports each vendor\'s calls and failures over the last minutes', async () => {
    const response = await fetch(`${gateway.url}/health/vendors`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const health = await response.json();
    assert.equal(health.window_minutes, 10);
    const datto = health.vendors.find((v) => v.vendor === 'datto-rmm');
    const itglue = health.vendors.find((v) => v.vendor === 'itglue');
    assert.deepEqual(
      { calls: datto.calls, failures: datto.failures, status: datto.status, open_breakers: datto.open_breakers },
      { calls: 5, failures: 1, status: 'degraded', open_breakers: [] },
    );
    assert.equal(datto.error_rate, 20);
    assert.deepEqual({ calls: itglue.calls, status: itglue.status }, { calls: 3, status: 'ok' });
    assert.equal(health.vendors.find((v) => v.vendor === 'autotask').status, 'idle');
    assert.equal(health.status, 'ok');
    assert.ok(!JSON.stringify(health).includes('usage.example'), 'no organisation or person is named');
  });

  test('in Chromium the charts are named images with tables, at desktop and phone width', async () => {
    const browser = await launchChromium();
    try {
      for (const [email, name, charts] of [
        [OWNER, 'owner', ['Calls per day per vendor', 'Error rate per day', 'p50 and p95 vendor and gateway time per vendor', 'Top tools', 'Top users']],
        [MEMBER, 'member', ['Calls per day per vendor', 'Error rate per day', 'p50 and p95 vendor and gateway time per vendor', 'Top tools']],
      ]) {
        const context = await newContext(browser);
        const page = await context.newPage();
        await page.goto(`${gateway.url}/sign-in?return_to=/settings/usage`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: /sign in/i }).click();
        await page.waitForURL(/\/settings\/usage/);
        for (const chart of charts) {
          await assert.doesNotReject(page.getByRole('img', { name: chart, exact: true }).waitFor(), chart);
        }
        assert.equal(await page.getByRole('img', { name: 'Top users' }).count(), name === 'owner' ? 1 : 0);
        const total = await page.locator('#total-calls').innerText();
        assert.equal(Number(total), name === 'owner' ? expected.calls : expected.member);
        const description = await page.locator('#chart-calls-desc').textContent();
        assert.match(description, new RegExp(`^${total} calls from `));
        const bars = await page.locator('svg[aria-labelledby="chart-calls-title"] rect > title').allTextContents();
        const perVendor = Object.fromEntries(bars.map((t) => t.match(/^[\d-]+: (.+) (\d+)$/).slice(1, 3)).map(([v, n]) => [v, Number(n)]));
        assert.deepEqual(perVendor, name === 'owner' ? { 'Datto RMM': 5, 'IT Glue': 3 } : { 'Datto RMM': 1, 'IT Glue': 1 });
        await page.getByText('Table: calls per day per vendor').click();
        const cells = await page.locator('#table-calls tbody tr').first().locator('td').allInnerTexts();
        assert.equal(Number(cells.at(-1)), Number(total), 'the table fallback has the day\'s total');
        const found = await capture(page, `${SHOT_PREFIX}${name}`);
        assert.deepEqual(found, []);
        assert.deepEqual(problems(context), []);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  test('maintenance purges counters past USAGE_RETENTION_DAYS and keeps the rest', async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = now - 400 * 86_400;
    await withDatabase(gateway.state, (db) => {
      const tenant = db.prepare('SELECT tenant_id FROM memberships LIMIT 1').get().tenant_id;
      db.prepare("INSERT INTO usage_hourly (tenant_id, user_id, vendor, tool, hour, calls) VALUES (?, 'usr_old', 'itglue', 'old_tool', ?, 4)")
        .run(tenant, old - (old % 3600));
      db.prepare("INSERT INTO vendor_minutes (vendor, tenant_id, minute, calls) VALUES ('itglue', ?, ?, 2)")
        .run(tenant, now - 2 * 86_400 - ((now - 2 * 86_400) % 60));
    });
    const ran = await fetch(`${gateway.url}/__scheduled?cron=*/10+*+*+*+*`);
    await ran.arrayBuffer();
    const report = await eventually(() => gateway.logRecords().find((r) => r.event === 'maintenance'), 10_000);
    assert.ok(report, 'the maintenance run logged its report');
    assert.equal(report.report.usage_purged, 2);
    const left = await withDatabase(gateway.state, (db) => ({
      old: db.prepare("SELECT COUNT(*) AS n FROM usage_hourly WHERE tool = 'old_tool'").get().n,
      kept: db.prepare('SELECT SUM(calls) AS n FROM usage_hourly').get().n,
    }));
    assert.deepEqual(left, { old: 0, kept: expected.calls });
  });
});
