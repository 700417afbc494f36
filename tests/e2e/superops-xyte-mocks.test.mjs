// The SuperOps and Xyte mocks themselves (tests/mocks/superops/, tests/mocks/xyte/), without a
// gateway: SuperOps' schema validation (an unknown field or a sub-selected JSON scalar is an
// error, as SuperOps answers), its auth statuses, paging and rate limit in a 200; Xyte's raw-key
// auth and each of its envelopes and limits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SUPEROPS_ACCOUNTS, SUPEROPS_IDS, startSuperOpsMock } from '../mocks/superops/mock.mjs';
import { XYTE_IDS, XYTE_KEY, startXyteMock } from '../mocks/xyte/mock.mjs';

describe('SuperOps mock', () => {
  let mock;
  const [US, , IT] = SUPEROPS_ACCOUNTS;
  before(async () => {
    mock = await startSuperOpsMock({ extraTickets: 15 });
  });
  after(async () => mock?.stop());

  async function graphql(body, { account = US, path = `/api.superops.ai/${account.edition}`, headers = {} } = {}) {
    const response = await fetch(`${mock.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.token}`, customersubdomain: account.subdomain, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  test('an unknown field or a sub-selected JSON scalar is a validation error in a 200', async () => {
    const { status, body } = await graphql({
      query: 'query q($input: TicketIdentifierInput!) { getTicket(input: $input) { ticketId client { name } colour } }',
      variables: { input: { ticketId: SUPEROPS_IDS.ticketVpn } },
    });
    assert.equal(status, 200);
    assert.equal(body.data, undefined);
    assert.deepEqual(body.errors.map((e) => e.message), [
      'Field "client" must not have a selection since type "JSON" has no subfields.',
      'Cannot query field "colour" on type "Ticket".',
    ]);
    assert.ok(body.errors.every((e) => e.extensions.classification === 'ValidationError'));
  });

  test('each edition has its own schema', async () => {
    const clients = await graphql({ query: '{ getDepartmentList { departmentId } }' });
    assert.match(clients.body.errors[0].message, /Cannot query field "getDepartmentList"/);
    const departments = await graphql({ query: '{ getDepartmentList { departmentId name } }' }, { account: IT });
    assert.equal(departments.body.data.getDepartmentList.length, 2);
    const client = await graphql({ query: '{ getTicketList(input: {}) { tickets { client } } }' }, { account: IT });
    assert.match(client.body.errors[0].message, /Cannot query field "client" on type "Ticket"/);
  });

  test('the token, the data centre and the subdomain are checked', async () => {
    const query = { query: '{ getStatusList { name } }' };
    assert.equal((await graphql(query)).status, 200);
    assert.equal((await graphql(query, { path: '/euapi.superops.ai/msp' })).status, 401, 'a US token in the EU');
    assert.equal((await graphql(query, { account: { ...US, token: 'nope' } })).status, 401);
    const subdomain = await graphql(query, { account: { ...US, subdomain: 'other' } });
    assert.deepEqual([subdomain.status, subdomain.body], [400, undefined], 'an empty 400');
    assert.equal((await graphql(query, { path: '/api.superops.ai/psa' })).status, 404);
  });

  test('pages end with hasMore null, and pageSize is at most 100', async () => {
    const query = 'query q($input: ListInfoInput!) { getTicketList(input: $input) { tickets { ticketId } listInfo { page hasMore totalCount } } }';
    const first = await graphql({ query, variables: { input: { page: 1, pageSize: 20 } } });
    assert.deepEqual(first.body.data.getTicketList.listInfo, { page: 1, hasMore: true, totalCount: 21 });
    const last = await graphql({ query, variables: { input: { page: 2, pageSize: 20 } } });
    assert.deepEqual(last.body.data.getTicketList.listInfo, { page: 2, hasMore: null, totalCount: 21 });
    const big = await graphql({ query, variables: { input: { pageSize: 101 } } });
    assert.equal(big.body.errors[0].extensions.clientError[0].code, 'type_validation_failed');
    const status = await graphql({ query, variables: { input: { condition: { attribute: 'status', operator: 'is', value: 'Open' } } } });
    assert.match(status.body.errors[0].message, /includes/, 'ticket status takes includes and a list');
  });

  test('over the rate limit the answer is a 200 with rate_limit_exceeded', async () => {
    mock.exhaust(US.token);
    const { status, body } = await graphql({ query: '{ getStatusList { name } }' });
    assert.equal(status, 200);
    assert.deepEqual(body, { data: null, errors: [{ message: 'API limit reached', extensions: { clientError: [{ code: 'rate_limit_exceeded', param: {} }] } }] });
    mock.reset();
    assert.equal((await graphql({ query: '{ getStatusList { name } }' })).body.data.getStatusList.length, 5);
  });
});

describe('Xyte mock', () => {
  let mock;
  before(async () => {
    mock = await startXyteMock({ extraDevices: 3 });
  });
  after(async () => mock?.stop());

  async function get(path, key = XYTE_KEY) {
    const response = await fetch(`${mock.url}/hub.xyte.io/core/v1/organization${path}`, { headers: { authorization: key } });
    return { status: response.status, body: await response.json() };
  }

  test('the raw key is the only way in; Bearer is refused and counted', async () => {
    assert.equal((await get('/info')).status, 200);
    assert.equal((await get('/info', `Bearer ${XYTE_KEY}`)).status, 401);
    assert.equal((await get('/info', 'other')).status, 401);
    assert.equal(mock.bearerAttempts(), 1);
  });

  test('every envelope: has_next_page, next_page and bare arrays', async () => {
    const devices = await get('/devices?per_page=5&page=1');
    assert.deepEqual(Object.keys(devices.body).sort(), ['has_next_page', 'items']);
    assert.equal(devices.body.has_next_page, true);
    mock.envelope('devices', 'next_page');
    const named = await get('/devices?per_page=5&page=1');
    assert.equal(named.body.next_page, 2);
    assert.equal((await get('/devices?per_page=5&page=2')).body.next_page, null);
    const licenses = await get('/licenses');
    assert.equal(licenses.body.next_page, null);
    assert.ok(Array.isArray((await get('/tickets')).body));
    assert.ok(Array.isArray((await get(`/devices/${XYTE_IDS.deviceDsp}/commands`)).body));
    assert.equal((await get('/devices?per_page=101')).status, 422);
    mock.reset();
  });

  test('incident windows are epoch seconds of at most 31 days', async () => {
    const to = Date.UTC(2026, 10, 3) / 1000;
    const ok = await get(`/incidents?from=${to - 31 * 86_400}&to=${to}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.items.length, 5);
    assert.equal((await get(`/incidents?from=${to - 31 * 86_400 - 1}&to=${to}`)).status, 422);
  });
});
