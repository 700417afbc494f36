// The offline Syncro mock itself (tests/mocks/syncro/): bearer tokens and the permission 401,
// the fixed page sizes and `meta` per list, wrapped and flat records, the documented 422s of
// writes, the per-address budget and its 429, and reset. No gateway needed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PAGE_SIZES, SYNCRO_IDS, SYNCRO_TOKEN, startSyncroMock, syncroFixtures } from '../mocks/syncro/mock.mjs';

const AUTH = { authorization: `Bearer ${SYNCRO_TOKEN}` };

async function call(mock, method, path, { body, headers = AUTH } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${mock.url}/api/v1${path}`, init);
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, body: json };
}

describe('Syncro mock', () => {
  let mock;
  before(async () => {
    mock = await startSyncroMock({
      tokens: [SYNCRO_TOKEN, { token: 'no-invoices', deny: ['invoices'] }],
      pageSizes: { tickets: 3 },
      rateLimit: { limit: 40, windowMs: 60_000 },
    });
  });
  after(() => mock.stop());
  beforeEach(() => mock.reset());

  test('a bearer token is needed; a token without a permission gets Syncro\'s 401', async () => {
    assert.equal((await call(mock, 'GET', '/me', { headers: {} })).status, 401);
    assert.equal((await call(mock, 'GET', '/me', { headers: { authorization: 'Bearer wrong' } })).status, 401);
    const me = await call(mock, 'GET', '/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user_id, SYNCRO_IDS.userSam);
    const denied = await call(mock, 'GET', '/invoices', { headers: { authorization: 'Bearer no-invoices' } });
    assert.deepEqual([denied.status, denied.body], [401, { error: 'Not authorized. Please ask account admin to update your group permissions.' }]);
    assert.equal((await call(mock, 'GET', '/tickets', { headers: { authorization: 'Bearer no-invoices' } })).status, 200);
  });

  test('lists page by number with fixed sizes and meta, and ignore a size parameter', async () => {
    const first = await call(mock, 'GET', '/tickets?per_page=100');
    assert.equal(first.body.tickets.length, 3, 'the page size is the mock\'s, not the caller\'s');
    assert.deepEqual(first.body.meta, { total_pages: Math.ceil(syncroFixtures.tickets.length / 3), page: 1 });
    assert.equal(first.body.tickets[0].comments.length <= 1, true, 'lists carry the first comment only');
    const customers = await call(mock, 'GET', '/customers');
    const enabled = syncroFixtures.customers.filter((c) => !c.disabled).length;
    assert.deepEqual(customers.body.meta, { total_pages: 1, total_entries: enabled, per_page: PAGE_SIZES.customers, page: 1 });
    const past = await call(mock, 'GET', '/tickets?page=9');
    assert.deepEqual(past.body.tickets, []);
    assert.deepEqual(mock.pagesServed('tickets'), [1, 9]);
    const appointments = await call(mock, 'GET', '/appointments');
    assert.equal(appointments.body.meta, undefined, 'appointments carry no meta');
    assert.ok(appointments.body.appointments.every((item) => Object.keys(item).join() === 'appointment'), 'each wrapped');
    const open = await call(mock, 'GET', `/tickets?status=${encodeURIComponent('Not Closed')}`);
    assert.ok(open.body.tickets.every((t) => !['Resolved', 'Invoiced'].includes(t.status)));
  });

  test('records come wrapped, or flat where Syncro sends them flat', async () => {
    const ticket = await call(mock, 'GET', `/tickets/${SYNCRO_IDS.ticketPrinter}`);
    assert.equal(ticket.body.ticket.id, SYNCRO_IDS.ticketPrinter);
    const contract = await call(mock, 'GET', `/contracts/${SYNCRO_IDS.contractNorthwind}`);
    assert.equal(contract.body.id, SYNCRO_IDS.contractNorthwind);
    const byNumber = await call(mock, 'GET', '/invoices/2102');
    assert.equal(byNumber.body.id, SYNCRO_IDS.invoiceUnpaid, 'an invoice by its number');
    const missing = await call(mock, 'GET', '/tickets/1');
    assert.deepEqual([missing.status, missing.body], [404, undefined]);
  });

  test('writes answer Syncro\'s 422s and ignore line items on create', async () => {
    const noCustomer = await call(mock, 'POST', '/tickets', { body: { subject: 'x' } });
    assert.deepEqual([noCustomer.status, noCustomer.body], [422, { error: 'Customer required field' }]);
    const created = await call(mock, 'POST', '/tickets', {
      body: { customer_id: SYNCRO_IDS.customerNorthwind, subject: 'New', line_items: [{ name: 'ignored' }] },
    });
    assert.equal(created.status, 200);
    assert.deepEqual(created.body.ticket.line_items, []);
    const id = created.body.ticket.id;
    const noSubject = await call(mock, 'POST', `/tickets/${id}/comment`, { body: { body: 'text' } });
    assert.deepEqual([noSubject.status, noSubject.body], [422, { success: false, message: ["Subject can't be blank"] }]);
    const noStart = await call(mock, 'POST', `/tickets/${id}/timer_entry`, { body: { duration_minutes: 5 } });
    assert.equal(noStart.status, 422);
    const estimate = await call(mock, 'POST', '/estimates', { body: {} });
    assert.deepEqual(estimate.body, { customer_id: ["can't be blank"], date: ["can't be blank"] });
    mock.reset();
    assert.equal(mock.state().tickets.length, syncroFixtures.tickets.length, 'reset restores the fixtures');
  });

  test('past the budget per address: 429 "Retry later" without Retry-After', async () => {
    for (let i = 0; i < 40; i++) assert.equal((await call(mock, 'GET', '/me')).status, 200);
    const limited = await call(mock, 'GET', '/me');
    assert.equal(limited.status, 429);
    assert.equal(limited.body, 'Retry later\n');
    assert.equal(limited.headers.get('retry-after'), null);
  });
});
