// The offline Atera mock itself (tests/mocks/atera/): the X-API-KEY header, the
// APIResultWrapper envelope with absolute links that are "" where there is no page, the
// itemsInPage cap, filters, bare records, ticket writes answering ActionID, and reset.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ATERA_IDS, ATERA_KEY, ateraFixtures, startAteraMock } from '../mocks/atera/mock.mjs';

async function call(mock, method, path, { body, key = ATERA_KEY, url } = {}) {
  const headers = key ? { 'x-api-key': key } : {};
  const init = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(url ?? `${mock.url}/api/v3${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('Atera mock', () => {
  let mock;
  before(async () => {
    mock = await startAteraMock();
  });
  after(() => mock.stop());
  beforeEach(() => mock.reset());

  test('the API key is needed', async () => {
    assert.equal((await call(mock, 'GET', '/customers', { key: null })).status, 401);
    assert.equal((await call(mock, 'GET', '/customers', { key: 'wrong' })).status, 401);
    assert.equal((await call(mock, 'GET', '/customers')).status, 200);
  });

  test('pages carry absolute links that are empty where there is no page, and the cap is 50', async () => {
    const first = await call(mock, 'GET', `/agents?itemsInPage=3&customerId=x`);
    assert.equal(first.body.items.length, 3);
    assert.equal(first.body.totalItemCount, ateraFixtures.agents.length);
    assert.equal(first.body.prevLink, '');
    assert.equal(first.body.nextLink, `${mock.url}/api/v3/agents?customerId=x&page=2&itemsInPage=3`);
    const last = await call(mock, 'GET', '', { url: `${mock.url}/api/v3/agents?page=3&itemsInPage=3` });
    assert.equal(last.body.nextLink, '');
    assert.equal(last.body.items.length, ateraFixtures.agents.length - 6);
    const capped = await call(mock, 'GET', '/agents?itemsInPage=500');
    assert.equal(capped.body.itemsInPage, 50);
    const fallback = await call(mock, 'GET', '/agents');
    assert.equal(fallback.body.itemsInPage, 20, 'the default');
    assert.equal((await call(mock, 'GET', '/agents?itemsInPage=0')).status, 400);
  });

  test('filters, sub-collections and bare records', async () => {
    const northwind = await call(mock, 'GET', `/agents/customer/${ATERA_IDS.customerNorthwind}`);
    assert.ok(northwind.body.items.every((a) => a.CustomerID === ATERA_IDS.customerNorthwind));
    const open = await call(mock, 'GET', '/tickets?ticketStatus=Open');
    assert.ok(open.body.items.length > 0 && open.body.items.every((t) => t.TicketStatus === 'Open'));
    const archived = await call(mock, 'GET', '/alerts?alertStatus=Resolved');
    assert.deepEqual(archived.body.items.map((a) => a.AlertID), [ATERA_IDS.alertArchived]);
    const agent = await call(mock, 'GET', `/agents/${ATERA_IDS.agentDc}`);
    assert.equal(agent.body.AgentID, ATERA_IDS.agentDc);
    assert.equal((await call(mock, 'GET', '/agents/1')).status, 404);
  });

  test('ticket writes answer ActionID, check their values, and reset restores the data', async () => {
    const refused = await call(mock, 'POST', '/tickets', { body: { TicketTitle: 't', Description: 'd' } });
    assert.equal(refused.status, 400, 'an end user is needed');
    const bad = await call(mock, 'POST', '/tickets', { body: { TicketTitle: 't', Description: 'd', EndUserID: ATERA_IDS.contactNancy, TicketPriority: 'Urgent' } });
    assert.equal(bad.status, 400);
    const created = await call(mock, 'POST', '/tickets', {
      body: { TicketTitle: 't', Description: 'd', EndUserEmail: 'new@northwind.example', EndUserFirstName: 'New', EndUserLastName: 'Person' },
    });
    const id = created.body.ActionID;
    assert.ok(mock.state().contacts.some((c) => c.Email === 'new@northwind.example'), 'a contact was made');
    const updated = await call(mock, 'PUT', `/tickets/${id}`, { body: { TicketStatus: 'Closed' } });
    assert.deepEqual(updated.body, { ActionID: id });
    assert.equal((await call(mock, 'GET', `/tickets/${id}`)).body.TicketStatus, 'Closed');
    mock.reset();
    assert.equal((await call(mock, 'GET', `/tickets/${id}`)).status, 404);
  });
});
