// Atera through the vendor kit, on the wire, against wrangler dev and the Atera mock
// (tests/mocks/atera/): the connect page's live test with the X-API-KEY header, lists walked
// through `nextLink` until it is empty (filters kept from page to page, a cursor that goes on
// through the link), and a ticket without an end user refused before Atera is called. Every
// client's run of every Atera tool is in clients.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { modernRequest, textOf } from '../support/rpc.mjs';
import { ATERA_IDS, ATERA_KEY, ateraFixtures } from '../mocks/atera/mock.mjs';

const PASSWORD = 'correct horse battery staple';
const PAGE = 3;

let gateway;
let mock;
let token;

before(async () => {
  // Atera serves at most three items a page here, so lists need several pages.
  gateway = await startGateway({ mocks: { atera: { maxItemsInPage: PAGE } } });
  mock = gateway.mocks.atera;
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'atera@msp.example', password: PASSWORD, organisation: 'Atera MSP' });
  const { exchange } = await grant(gateway.url, browser, {
    vendor: 'atera',
    scope: 'tools:read tools:write offline_access',
    consent: { scopes: ['tools:read', 'tools:write', 'offline_access'] },
  });
  assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
  token = exchange.body.access_token;
});
after(async () => gateway?.stop());

const call = async (name, args, id = 1) => {
  const { json } = await modernRequest(`${gateway.url}/v1/atera?toolsets=all`, token, 'tools/call', { name, arguments: args }, { id });
  assert.ok(json.result, JSON.stringify(json));
  return json.result;
};
const apiRequests = (path) => mock.requests.filter((r) => r.path === path);

test('the connect page tested the key with X-API-KEY on a one-item customers page', () => {
  // The connection was made in `before`, before any reset.
  const [check] = apiRequests('/api/v3/customers');
  assert.ok(check, 'the live test listed customers');
  assert.equal(check.headers['x-api-key'], ATERA_KEY);
  assert.equal(check.query.itemsInPage, '1');
});

describe('paging through nextLink', () => {
  test('every agent, page after page, until nextLink is empty', async () => {
    mock.reset();
    const result = await call('atera_list_agents', {});
    assert.equal(result.isError, false, textOf(result));
    const agents = ateraFixtures.agents;
    assert.ok(agents.length > 2 * PAGE, 'the fixtures span three pages');
    assert.deepEqual(result.structuredContent.items.map((a) => a.AgentID), agents.map((a) => a.AgentID));
    assert.equal(result.structuredContent.truncated, false);
    assert.equal(result.structuredContent.total, agents.length, 'totalItemCount');
    const requests = apiRequests('/api/v3/agents');
    const pages = Math.ceil(agents.length / PAGE);
    assert.equal(requests.length, pages, 'one request per page');
    assert.deepEqual(requests[0].query, { itemsInPage: '50' }, 'the first page asks for Atera\'s most');
    requests.slice(1).forEach((request, i) => {
      assert.equal(request.query.page, String(i + 2), 'the next link\'s page');
      assert.equal(request.query.itemsInPage, String(PAGE), 'as the link says');
    });
    const links = mock.linksServed();
    assert.equal(links.length, pages);
    assert.equal(links.at(-1), '', 'the last page\'s nextLink is empty, and the walk stopped there');
  });

  test('a filter stays on every page the link leads to', async () => {
    mock.reset();
    const expected = ateraFixtures.tickets.filter((t) => t.CustomerID === ATERA_IDS.customerNorthwind);
    assert.ok(expected.length > PAGE);
    const result = await call('atera_list_tickets', { customer_id: ATERA_IDS.customerNorthwind });
    assert.equal(result.isError, false, textOf(result));
    assert.deepEqual(result.structuredContent.items.map((t) => t.TicketID), expected.map((t) => t.TicketID));
    const requests = apiRequests('/api/v3/tickets');
    assert.equal(requests.length, 2);
    for (const request of requests) assert.equal(request.query.customerId, String(ATERA_IDS.customerNorthwind));
  });

  test('a cursor goes on through the link where the first answer stopped', async () => {
    mock.reset();
    const first = await call('atera_list_agents', { limit: 4 });
    assert.equal(first.isError, false, textOf(first));
    assert.equal(first.structuredContent.count, 4);
    assert.equal(first.structuredContent.truncated, true);
    const rest = await call('atera_list_agents', { cursor: first.structuredContent.next_cursor }, 2);
    assert.equal(rest.isError, false, textOf(rest));
    const seen = [...first.structuredContent.items, ...rest.structuredContent.items].map((a) => a.AgentID);
    assert.deepEqual(seen, ateraFixtures.agents.map((a) => a.AgentID), 'every agent once, in order');
  });
});

test('a ticket without an end user is refused before Atera is called', async () => {
  mock.reset();
  const result = await call('atera_create_ticket', { title: 'No one to help', description: 'Nobody named.' });
  assert.equal(result.isError, true);
  assert.match(textOf(result), /end_user_id/);
  assert.equal(mock.requests.filter((r) => r.method === 'POST').length, 0);
});
