// Syncro through the vendor kit, on the wire, against wrangler dev and the Syncro mock
// (tests/mocks/syncro/): the connect page's live test with the bearer token, a list walked
// page by page to the last one with Syncro's fixed page sizes (and a cursor that goes on
// inside a page), a 429 reported with its wait (Syncro's Retry-After, or a whole minute when
// it sends none) and the calls held back meanwhile, a short wait retried, and a token that
// lacks a permission read as a denial, not as keys to replace. Every client's run of every
// Syncro tool is in clients.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { modernRequest, textOf } from '../support/rpc.mjs';
import { SYNCRO_SUBDOMAIN, SYNCRO_TOKEN, syncroFixtures } from '../mocks/syncro/mock.mjs';

const PASSWORD = 'correct horse battery staple';
const PAGE = 3;
const LIMITED_TOKEN = 'T0k3n-without-invoices';
const TICKETS = syncroFixtures.tickets;

let gateway;
let mock;

before(async () => {
  // Tickets three to a page, so a list of every ticket needs several pages; a second token
  // without the invoices permission.
  gateway = await startGateway({
    mocks: { syncro: { pageSizes: { tickets: PAGE }, tokens: [SYNCRO_TOKEN, { token: LIMITED_TOKEN, deny: ['invoices'] }] } },
  });
  mock = gateway.mocks.syncro;
});
after(async () => gateway?.stop());

/** A signed-up person with a Syncro connection (its own, so its own request budget). */
async function person(slug, keys) {
  const vendorKeys = keys ? { ...gateway.vendorKeys, syncro: keys } : gateway.vendorKeys;
  const browser = new Browser(gateway.url, vendorKeys);
  await browser.signUp({ email: `${slug}@msp.example`, password: PASSWORD, organisation: `${slug} MSP` });
  const { exchange } = await grant(gateway.url, browser, {
    vendor: 'syncro',
    scope: 'tools:read tools:write offline_access',
    consent: { scopes: ['tools:read', 'tools:write', 'offline_access'] },
  });
  assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
  return exchange.body.access_token;
}

const call = async (token, name, args, id = 1) => {
  const { json } = await modernRequest(`${gateway.url}/v1/syncro?toolsets=all`, token, 'tools/call', { name, arguments: args }, { id });
  assert.ok(json.result, JSON.stringify(json));
  return json.result;
};
const apiRequests = (path) => mock.requests.filter((r) => r.path === path);

test('the connect page tests the token on the account\'s /me before saving it', async () => {
  mock.reset();
  await person('connect');
  const [me] = apiRequests('/api/v1/me');
  assert.ok(me, 'the live test called /api/v1/me');
  assert.equal(me.headers.authorization, `Bearer ${SYNCRO_TOKEN}`);
  assert.equal(SYNCRO_SUBDOMAIN.length > 0, true);
});

describe('paging', () => {
  let token;
  before(async () => {
    token = await person('paging');
  });

  test('a list is walked page by page to the last page that meta.total_pages names', async () => {
    mock.reset();
    const result = await call(token, 'syncro_list_tickets', { limit: 500 });
    assert.equal(result.isError, false, textOf(result));
    const pages = Math.ceil(TICKETS.length / PAGE);
    assert.ok(pages >= 3, 'the fixtures span three pages or more');
    assert.deepEqual(mock.pagesServed('tickets'), Array.from({ length: pages }, (_, i) => i + 1), 'every page once, in order, none past the last');
    const expected = [...TICKETS].sort((a, b) => b.id - a.id).map((t) => t.id);
    assert.deepEqual(result.structuredContent.items.map((t) => t.id), expected);
    assert.equal(result.structuredContent.truncated, false);
    assert.equal(result.structuredContent.total, TICKETS.length);
    for (const request of apiRequests('/api/v1/tickets')) {
      assert.equal(request.query.per_page, undefined, 'no page size is sent');
    }
  });

  test('a limit inside a page stops there, and the cursor goes on from the same page', async () => {
    mock.reset();
    const first = await call(token, 'syncro_list_tickets', { limit: 4 });
    assert.equal(first.isError, false, textOf(first));
    assert.equal(first.structuredContent.count, 4);
    assert.equal(first.structuredContent.truncated, true);
    const cursor = first.structuredContent.next_cursor;
    assert.ok(cursor, 'a cursor to go on');
    const rest = await call(token, 'syncro_list_tickets', { limit: 500, cursor }, 2);
    assert.equal(rest.isError, false, textOf(rest));
    const seen = [...first.structuredContent.items, ...rest.structuredContent.items].map((t) => t.id);
    assert.deepEqual(seen, [...TICKETS].sort((a, b) => b.id - a.id).map((t) => t.id), 'every ticket once, in order');
    // 1, 2: the first answer; 1: the walk's probe for a total when a list is cut (the tickets
    // list reports none, so `total` stays null); 2, 3: the cursor, from inside page two.
    assert.deepEqual(mock.pagesServed('tickets'), [1, 2, 1, 2, 3], 'page two asked again where the first answer stopped inside it');
    assert.equal(first.structuredContent.total, null, 'Syncro\'s tickets list gives no total_entries');
  });

  test('a list without meta (appointments) goes on until an empty page', async () => {
    mock.reset();
    const result = await call(token, 'syncro_list_appointments', {});
    assert.equal(result.isError, false, textOf(result));
    assert.equal(result.structuredContent.count, syncroFixtures.appointments.length);
    assert.deepEqual(mock.pagesServed('appointments'), [1, 2]);
  });
});

describe('the rate limit', () => {
  test('a 429 with Retry-After is reported with its wait, and calls wait meanwhile', async () => {
    const token = await person('limited-42');
    mock.reset();
    mock.fail({ status: 429, retryAfter: 42, path: '/api/v1/customers', body: 'Retry later\n' });
    const result = await call(token, 'syncro_search_customers', {});
    assert.equal(result.isError, true);
    assert.match(textOf(result), /Syncro's rate limit was reached; retry in 42 seconds/);
    assert.equal(apiRequests('/api/v1/customers').length, 1, 'a wait over ten seconds is not spent retrying');
    const again = await call(token, 'syncro_get_ticket', { ticket_id: TICKETS[0].id }, 2);
    assert.equal(again.isError, true);
    assert.match(textOf(again), /retry in (4[0-2]) seconds/, 'the held connection reports what is left of the wait');
    assert.equal(apiRequests(`/api/v1/tickets/${TICKETS[0].id}`).length, 0, 'nothing reached Syncro during the wait');
  });

  test('a 429 without Retry-After is reported as a minute', async () => {
    const token = await person('limited-60');
    mock.reset();
    mock.fail({ status: 429, path: '/api/v1/contacts', body: 'Retry later\n', headers: { 'content-type': 'text/plain' } });
    const result = await call(token, 'syncro_list_contacts', {});
    assert.equal(result.isError, true);
    assert.match(textOf(result), /Syncro's rate limit was reached; retry in 60 seconds/);
  });

  test('a short wait is waited out and the call retried', async () => {
    const token = await person('limited-1');
    mock.reset();
    mock.fail({ status: 429, retryAfter: 1, path: '/api/v1/customer_assets', body: 'Retry later\n' });
    const started = Date.now();
    const result = await call(token, 'syncro_list_assets', {});
    assert.equal(result.isError, false, textOf(result));
    assert.equal(result.structuredContent.count, syncroFixtures.assets.length);
    assert.equal(apiRequests('/api/v1/customer_assets').length, 2, 'the refused call and its retry');
    assert.ok(Date.now() - started >= 1000, 'after the second Syncro asked for');
  });
});

test('a token without a permission is denied that call, and the connection keeps working', async () => {
  const token = await person('no-invoices', { subdomain: SYNCRO_SUBDOMAIN, api_token: LIMITED_TOKEN });
  mock.reset();
  const denied = await call(token, 'syncro_list_invoices', {});
  assert.equal(denied.isError, true);
  assert.match(textOf(denied), /Syncro denied access: Not authorized\. Please ask account admin to update your group permissions/);
  assert.doesNotMatch(textOf(denied), /settings\/vendors\/syncro\/connect/, 'no prompt to enter new keys');
  const allowed = await call(token, 'syncro_get_ticket', { ticket_id: TICKETS[0].id }, 2);
  assert.equal(allowed.isError, false, textOf(allowed));
  assert.equal(allowed.structuredContent.id, TICKETS[0].id);
});
