// The vendor quota governor (issue 19), on the wire against wrangler dev and the vendor mocks:
// two people of one organisation, each with their own Autotask connection to the same (mock)
// database, together stay under the budget the mock enforces (the mock never answers 429;
// the gateway's own "budget used up" error, with its refill time, comes first), while a person
// of another organisation, on another database, is unaffected; the usage panel on
// /settings/vendors shows the calls and the budget left; and a Datto 429 with Retry-After
// blocks the account's other calls, without calling Datto, until the wait is over.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { modernRequest, textOf } from '../support/rpc.mjs';
import { AUTOTASK_CREDENTIALS, AUTOTASK_IDS } from '../mocks/autotask/mock.mjs';
import { VENDOR_MOCKS } from '../mocks/index.mjs';

const PASSWORD = 'correct horse battery staple';
/** What the mock's database allows per hour, and the budget the gateway is told. */
const BUDGET = 10;
/** The gateway's share: the budget less the default 20 % headroom. */
const SHARE = BUDGET * 0.8;
/** An API user of another MSP's database. */
const OTHER_DATABASE = {
  username: 'api@fabrikam.example',
  secret: 'fabrikam-secret-1',
  integrationCode: 'FABRIKAMINTEGRATIONCODE0001',
  database: 'fabrikam',
};
const GET_COMPANY = { name: 'autotask_get_company', arguments: { company_id: AUTOTASK_IDS.companyNorthwind } };
const DEVICES = '/api/v2/account/devices';
const LIST_DEVICES = { name: 'datto_list_devices', arguments: { limit: 5 } };
const RETRY_AFTER = 12;

let gateway;
let autotask;
const people = {};
const VARS = { VENDOR_BUDGETS: `autotask=${BUDGET}/3600` };

before(async () => {
  gateway = await startGateway({
    mocks: { autotask: { threshold: BUDGET, credentials: [AUTOTASK_CREDENTIALS, OTHER_DATABASE] } },
    vars: VARS,
  });
  autotask = gateway.mocks.autotask;
  // Contoso: an owner and an invited member, each connecting Autotask (and Datto) with
  // their own connection to the same database.
  const owner = new Browser(gateway.url, gateway.vendorKeys);
  await owner.signUp({ email: 'owner@contoso.example', password: PASSWORD, organisation: 'Contoso MSP' });
  const members = await owner.visit('/settings/members');
  const invited = await owner.submit(members.body, '/settings/members/invite', { email: 'tech@contoso.example', role: 'member' });
  const link = invited.body.match(/<pre id="invite-link" class="link-box">([^<]+)<\/pre>/)[1].replace(/&#38;|&amp;/g, '&');
  const member = new Browser(gateway.url, gateway.vendorKeys);
  const join = await member.visit(link);
  assert.match((await member.submit(join.body, '/invite', { password: PASSWORD })).body, /Welcome!/);
  // Fabrikam: another organisation, on its own Autotask database.
  const other = new Browser(gateway.url, {
    ...gateway.vendorKeys,
    autotask: { username: OTHER_DATABASE.username, secret: OTHER_DATABASE.secret, integration_code: OTHER_DATABASE.integrationCode },
  });
  await other.signUp({ email: 'owner@fabrikam.example', password: PASSWORD, organisation: 'Fabrikam MSP' });
  for (const [name, browser] of [['owner', owner], ['member', member], ['other', other]]) {
    people[name] = { browser, tokens: {} };
    for (const vendor of name === 'other' ? ['autotask'] : ['autotask', 'datto-rmm']) {
      const { exchange } = await grant(gateway.url, browser, { vendor });
      assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
      people[name].tokens[vendor] = exchange.body.access_token;
    }
  }
});
after(async () => {
  await gateway?.stop();
  if (gateway?.mocks) await Promise.all(Object.values(gateway.mocks).map((mock) => mock.stop()));
});

async function call(person, vendor, params) {
  const answer = await modernRequest(`${gateway.url}/v1/${vendor}`, people[person].tokens[vendor], 'tools/call', params);
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  return answer.json.result;
}

/** The figures of one vendor account's usage panel on a person's /settings/vendors. */
async function panel(person, vendor) {
  const page = (await people[person].browser.visit('/settings/vendors')).body;
  const card = page.slice(page.indexOf(`id="vendor-${vendor}"`));
  const section = card.slice(card.indexOf('class="budget"'), card.indexOf('</section>'));
  const figure = (name) => Number(section.match(new RegExp(`data-budget="${name}">(\\d+)<`))?.[1]);
  return { text: section, hour: figure('calls-hour'), today: figure('calls-today'), left: figure('left'), limited: figure('rate-limited') };
}

describe('the vendor quota governor', { concurrency: false }, () => {
  let usedUp;

  test('two people of one organisation together stay under the budget the mock enforces', async () => {
    const answered = { owner: 0, member: 0 };
    for (let i = 0; i < 3 * BUDGET && !usedUp; i++) {
      const person = i % 2 === 0 ? 'owner' : 'member';
      const before = autotask.requests.length;
      const result = await call(person, 'autotask', GET_COMPANY);
      if (!result.isError) {
        answered[person] += 1;
        continue;
      }
      usedUp = { person, text: textOf(result), kind: result.structuredContent, before, after: autotask.requests.length };
    }
    assert.ok(usedUp, 'the gateway refused a call once the budget was spent');
    const { text } = usedUp;
    assert.match(text, /this vendor account's API budget is used up .*; it refills in \d+ minutes?/, text);
    const minutes = Number(text.match(/refills in (\d+) minute/)[1]);
    assert.ok(minutes >= 55 && minutes <= 61, `an hour's window refills within the hour: ${minutes} minutes`);
    assert.equal(usedUp.after, usedUp.before, 'the refused call never reached the vendor');
    assert.ok(answered.owner >= 1 && answered.member >= 1, JSON.stringify(answered));
    // The mock never refused anything, and saw at most the gateway's share of its budget.
    assert.equal(autotask.refused(), 0, 'no 429 from the vendor');
    assert.ok(autotask.usage() <= SHARE, `the mock counted ${autotask.usage()} of ${BUDGET}`);
    // The other person of the organisation shares the account: refused too, still no call.
    const before = autotask.requests.length;
    const other = await call(usedUp.person === 'owner' ? 'member' : 'owner', 'autotask', GET_COMPANY);
    assert.equal(other.isError, true);
    assert.match(textOf(other), /API budget is used up/);
    assert.equal(autotask.requests.length, before);
    console.log(`# governor: ${answered.owner} + ${answered.member} calls answered, vendor saw ${autotask.usage()} of ${BUDGET} (share ${SHARE}), 0 refusals; then: "${text}"`);
  });

  test('a person of another organisation, on another database, is unaffected', async () => {
    const result = await call('other', 'autotask', GET_COMPANY);
    assert.equal(result.isError, false, textOf(result));
    assert.equal(result.structuredContent.companyName, 'Northwind Traders');
    assert.equal(autotask.refused('fabrikam'), 0);
    assert.equal(autotask.refused(), 0);
  });

  test('the usage panel shows the calls and the budget left', async () => {
    const shown = await panel('owner', 'autotask');
    // Every slice was spent (slices of 1 call), so the calls charged are the vendor's count.
    assert.equal(shown.today, autotask.usage(), shown.text);
    assert.ok(shown.hour >= 1 && shown.hour <= shown.today, shown.text);
    assert.equal(shown.left, 0);
    assert.equal(shown.limited, 0);
    assert.match(shown.text, /8 requests per hour \(8 of the vendor(&#39;|')s 10; 20% is left to your other integrations\)/);
    // The vendor's own count (ThresholdInformation), read with the first slice.
    assert.match(shown.text, /data-budget="vendor-count">\d+ of 10 in the vendor(&#39;|')s own count/);
    // The member sees the same account (shared), the other organisation its own.
    assert.equal((await panel('member', 'autotask')).left, 0);
    const other = await panel('other', 'autotask');
    assert.ok(other.left > 0 && other.hour >= 1, other.text);
    console.log(`# governor panel: ${shown.hour} calls this hour, ${shown.left} left; other organisation ${other.hour} calls, ${other.left} left`);
  });

  test('the ledger survives a restart of wrangler dev on the same state', async () => {
    const { state, secrets, mocks } = gateway;
    const port = Number(new URL(gateway.url).port);
    await gateway.stop({ keepState: true, keepMocks: true });
    // The same port (tokens name it), state, keys and mocks; only the runtime is new.
    const overrides = Object.fromEntries(VENDOR_MOCKS.map((entry) => [entry.vendor, mocks[entry.key].overrideUrl ?? mocks[entry.key].url]));
    const entryVars = Object.assign({}, ...VENDOR_MOCKS.map((entry) => entry.vars ?? {}));
    gateway = await startGateway({
      state,
      port,
      secrets,
      vars: { UPSTREAM_OVERRIDES: JSON.stringify(overrides), UPSTREAM_TIMEOUT_SECONDS: '3', ...entryVars, ...VARS },
    });
    gateway.mocks = mocks;
    const before = autotask.requests.length;
    const result = await call('member', 'autotask', GET_COMPANY);
    assert.equal(result.isError, true, textOf(result));
    assert.match(textOf(result), /API budget is used up .*; it refills in \d+ minutes/);
    assert.equal(autotask.requests.length, before, 'no vendor call after the restart either');
    assert.equal(autotask.refused(), 0);
  });

  test('a 429 with Retry-After blocks the account\'s other calls without calling the vendor, until the wait is over', async () => {
    const datto = gateway.mocks.datto;
    const warm = await call('member', 'datto-rmm', LIST_DEVICES);
    assert.equal(warm.isError, false, textOf(warm));
    datto.fail({ status: 429, retryAfter: RETRY_AFTER, path: DEVICES, times: 1 });
    const limited = await call('owner', 'datto-rmm', LIST_DEVICES);
    const blockedAt = Date.now();
    assert.equal(limited.isError, true);
    assert.match(textOf(limited), new RegExp(`rate limit was reached; retry in ${RETRY_AFTER} seconds`));
    // The member's call, same account, is answered at once without reaching Datto.
    const devicesBefore = datto.requests.filter((r) => r.path === DEVICES).length;
    const held = await call('member', 'datto-rmm', LIST_DEVICES);
    assert.equal(held.isError, true);
    const wait = Number(textOf(held).match(/retry in (\d+) seconds/)?.[1]);
    assert.ok(wait >= 1 && wait <= RETRY_AFTER, textOf(held));
    assert.equal(datto.requests.filter((r) => r.path === DEVICES).length, devicesBefore, 'Datto was not called');
    assert.equal((await panel('owner', 'datto-rmm')).limited, 1);
    // Once the wait is over, calls go again.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, blockedAt + RETRY_AFTER * 1000 + 250 - Date.now())));
    const again = await call('member', 'datto-rmm', LIST_DEVICES);
    assert.equal(again.isError, false, textOf(again));
    assert.equal(datto.requests.filter((r) => r.path === DEVICES).length, devicesBefore + 1);
    console.log(`# governor 429: the other call was held ${wait} s without a vendor call, then answered`);
  });
});
