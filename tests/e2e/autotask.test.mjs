// Autotask through the vendor kit, on the wire, against wrangler dev and the Autotask mock
// (tests/mocks/autotask/): zone discovery and the live test on the connect page, a query that
// needs page two (its POST body kept), labels turned into picklist ids, the API's thread limit
// kept, refused keys read from a 500 (a reconnect prompt after one call), and toolsets chosen
// by URL or on the settings page deciding what is listed and callable. Every client's run of
// every Autotask tool is in clients.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { modernRequest, textOf } from '../support/rpc.mjs';
import { AUTOTASK_CREDENTIALS, AUTOTASK_IDS, autotaskFixtures } from '../mocks/autotask/mock.mjs';

const PASSWORD = 'correct horse battery staple';
const PAGE = 3;
const TICKETS = autotaskFixtures.entities.Tickets;

let gateway;
let mock;

before(async () => {
  // Pages of three records, so a search over a company's tickets needs several pages.
  gateway = await startGateway({ mocks: { autotask: { maxPageSize: PAGE } } });
  mock = gateway.mocks.autotask;
});
after(async () => gateway?.stop());

/** A signed-up person with an Autotask connection and a token that may read and write. */
async function person(slug) {
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: `${slug}@msp.example`, password: PASSWORD, organisation: `${slug} MSP` });
  const { exchange } = await grant(gateway.url, browser, {
    vendor: 'autotask',
    scope: 'tools:read tools:write offline_access',
    consent: { scopes: ['tools:read', 'tools:write', 'offline_access'] },
  });
  assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
  return { browser, token: exchange.body.access_token };
}

/** A 2026-07-28 request to the Autotask endpoint (`query` is appended to its URL). */
const modern = (token, method, params = {}, { query = '', id = 1 } = {}) =>
  modernRequest(`${gateway.url}/v1/autotask${query}`, token, method, params, { id });

const call = (token, name, args, options) => modern(token, 'tools/call', { name, arguments: args }, options);
const listNames = async (token, options) => (await modern(token, 'tools/list', {}, options)).json.result.tools.map((t) => t.name);
const apiRequests = (pattern) => mock.requests.filter((r) => pattern.test(r.path));

describe('connecting', () => {
  test('the connect page finds the zone and tests the keys before they are saved', async () => {
    mock.reset();
    await person('zone');
    const zone = mock.requests.filter((r) => /zoneinformation/i.test(r.path));
    assert.equal(zone.length, 1, 'one zone lookup');
    assert.equal(zone[0].query.user, AUTOTASK_CREDENTIALS.username);
    const test = mock.requests.find((r) => /\/atservicesrest\/v1\.0\/companies\/query$/i.test(r.path));
    assert.ok(test, 'the live test queried the owner company on the zone host');
    assert.equal(JSON.parse(test.body).filter[0].value, 0);
    assert.equal(test.headers.apiintegrationcode, AUTOTASK_CREDENTIALS.integrationCode);
  });
});

describe('calls', () => {
  let token;
  before(async () => {
    ({ token } = await person('calls'));
  });

  test('a query that needs page two keeps its POST and body', async () => {
    mock.reset();
    const northwind = TICKETS.filter((t) => t.companyID === AUTOTASK_IDS.companyNorthwind);
    assert.ok(northwind.length > PAGE, 'the fixtures need more than one page');
    const { json } = await call(token, 'autotask_search_tickets', { company_id: AUTOTASK_IDS.companyNorthwind });
    const result = json.result;
    assert.equal(result.isError, false, textOf(result));
    assert.deepEqual(result.structuredContent.items.map((t) => t.id).sort(), northwind.map((t) => t.id).sort());
    assert.equal(result.structuredContent.truncated, false);
    const first = apiRequests(/\/tickets\/query$/i);
    const next = apiRequests(/\/tickets\/query\/next$/i);
    assert.equal(first.length, 1);
    assert.equal(next.length, Math.ceil(northwind.length / PAGE) - 1, 'one request per further page');
    for (const page of next) {
      assert.equal(page.method, 'POST', 'page two is asked for with the query method');
      assert.deepEqual(JSON.parse(page.body), JSON.parse(first[0].body), 'with the same body');
    }
    const body = JSON.parse(first[0].body);
    assert.ok(body.IncludeFields.includes('id'), 'IncludeFields always holds id');
    assert.ok(body.MaxRecords <= 500);
  });

  test('a label is sent as its picklist id, and results carry labels beside ids', async () => {
    mock.reset();
    const { json } = await call(token, 'autotask_search_tickets', { status: 'in progress', queue: 'Level I Support' });
    const result = json.result;
    assert.equal(result.isError, false, textOf(result));
    const [query] = apiRequests(/\/tickets\/query$/i);
    const items = JSON.parse(query.body).filter[0].items;
    assert.deepEqual(items.find((i) => i.field === 'status'), { op: 'eq', field: 'status', value: 8 });
    assert.deepEqual(items.find((i) => i.field === 'queueID'), { op: 'eq', field: 'queueID', value: AUTOTASK_IDS.queueLevel1 });
    const expected = TICKETS.filter((t) => t.status === 8 && t.queueID === AUTOTASK_IDS.queueLevel1);
    assert.deepEqual(result.structuredContent.items.map((t) => t.id).sort(), expected.map((t) => t.id).sort());
    for (const ticket of result.structuredContent.items) {
      assert.equal(ticket.statusLabel, 'In Progress');
      assert.equal(ticket.queueIDLabel, 'Level I Support');
    }
    assert.equal(apiRequests(/\/tickets\/entityinformation\/fields$/i).length <= 1, true, 'picklists are read at most once (cached)');
  });

  test('a sub-issue type of another issue type is refused before anything is created', async () => {
    mock.reset();
    const { json } = await call(token, 'autotask_create_ticket', {
      company_id: AUTOTASK_IDS.companyNorthwind,
      title: 'Mail flow stopped',
      issue_type: 'Software',
      sub_issue_type: 'Printer',
    });
    assert.equal(json.result.isError, true);
    assert.match(textOf(json.result), /sub_issue_type/);
    assert.match(textOf(json.result), /Email \(201\)/, 'the error lists the sub-issue types of Software');
    assert.equal(mock.requests.filter((r) => r.method === 'POST' && /\/tickets$/i.test(r.path)).length, 0);
  });

  test('four calls at once on one entity: never more than three in flight at Autotask', async () => {
    mock.reset();
    mock.fail({ delayMs: 300, path: 'query', times: 4 });
    const results = await Promise.all(
      [1, 2, 3, 4].map((id) => call(token, 'autotask_search_tickets', { title: 'printer' }, { id })),
    );
    for (const { json } of results) assert.equal(json.result.isError, false, textOf(json.result));
    assert.equal(mock.maxInFlight('Tickets'), 3, 'three at once, the fourth waited');
  });

  test('?toolsets= decides what is listed and what may be called', async () => {
    const defaults = await listNames(token);
    assert.ok(defaults.includes('autotask_search_tickets'));
    assert.ok(!defaults.includes('autotask_search_invoices'), 'billing is not a default toolset');
    const billing = await listNames(token, { query: '?toolsets=billing' });
    assert.deepEqual(billing.sort(), ['autotask_get_invoice', 'autotask_search_invoices']);
    const all = await listNames(token, { query: '?toolsets=all' });
    assert.ok(all.length > defaults.length && all.includes('autotask_search_invoices'));

    const refused = await call(token, 'autotask_search_invoices', {});
    assert.equal(refused.json.error.code, -32602);
    assert.match(refused.json.error.message, /billing/);
    const outside = await call(token, 'autotask_search_tickets', {}, { query: '?toolsets=billing' });
    assert.equal(outside.json.error.code, -32602, 'a tool outside the URL\'s toolsets cannot be called');
    const allowed = await call(token, 'autotask_search_invoices', {}, { query: '?toolsets=billing' });
    assert.equal(allowed.json.result.isError, false, textOf(allowed.json.result));
    assert.equal(allowed.json.result.structuredContent.count, autotaskFixtures.entities.Invoices.length);

    const unknown = await modern(token, 'tools/list', {}, { query: '?toolsets=tickets,bogus' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.error.message, /bogus/);
  });
});

describe('the settings page chooses a connection\'s toolsets', () => {
  test('ticked toolsets are what apps list and may call, without a URL parameter', async () => {
    const { browser, token } = await person('toolsets');
    const page = await browser.visit('/settings/vendors');
    assert.match(page.body, /name="toolset" value="billing"/);
    const saved = await browser.submit(page.body, '/settings/connections/toolsets', { toolset: ['tickets', 'billing'] });
    assert.match(saved.body, /Toolsets saved/);
    const names = await listNames(token);
    assert.ok(names.includes('autotask_search_invoices') && names.includes('autotask_get_ticket'));
    assert.ok(!names.includes('autotask_search_companies'), 'companies is no longer chosen');
    const listed = await modern(token, 'tools/list');
    assert.equal(listed.json.result.cacheScope, 'private', 'a list chosen per connection is not public');
    const refused = await call(token, 'autotask_search_companies', {});
    assert.equal(refused.json.error.code, -32602);

    const none = await browser.submit((await browser.visit('/settings/vendors')).body, '/settings/connections/toolsets', {});
    assert.equal(none.response.status, 422);
    assert.match(none.body, /at least one toolset/);
  });
});

describe('refused keys', () => {
  test('a bad integration code is a reconnect prompt after one call, never retried', async () => {
    const { token } = await person('refused');
    mock.reset();
    mock.fail({ status: 500, body: { errors: ['IntegrationCode is invalid.'] }, path: 'query', times: Infinity });
    try {
      const { json } = await call(token, 'autotask_search_companies', { name: 'Northwind' });
      assert.equal(json.result.isError, true);
      assert.match(textOf(json.result), /refused the stored keys/);
      assert.match(textOf(json.result), /\/settings\/vendors\/autotask\/connect/);
      assert.equal(apiRequests(/\/companies\/query$/i).length, 1, 'Autotask was called once');
      const again = await call(token, 'autotask_search_companies', {});
      assert.match(textOf(again.json.result), /enter new keys/i, 'the connection now needs new keys');
      assert.equal(apiRequests(/\/companies\/query$/i).length, 1, 'and is not called again');
    } finally {
      mock.reset();
    }
  });
});
