// The offline Autotask PSA mock itself (tests/mocks/autotask/): zone lookup, the three
// credential headers, queries and paging, reads, validated writes, field metadata, the request
// threshold, the thread limit, fault injection and reset. No gateway needed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  AUTOTASK_CREDENTIALS, AUTOTASK_IDS, autotaskFixtures, startAutotaskMock,
} from '../mocks/autotask/mock.mjs';

const IDS = AUTOTASK_IDS;
const AUTH = {
  apiintegrationcode: AUTOTASK_CREDENTIALS.integrationCode,
  username: AUTOTASK_CREDENTIALS.username,
  secret: AUTOTASK_CREDENTIALS.secret,
};

const api = (mock) => `${mock.url}/atservicesrest/v1.0`;

/** One call under the API root; `body` objects are sent as JSON, strings as is. */
async function call(mock, method, path, { body, headers = AUTH, url } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const response = await fetch(url ?? `${api(mock)}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const query = (mock, entity, body) => call(mock, 'POST', `/${entity}/query`, { body });
const eq = (field, value) => ({ op: 'eq', field, value });
const ids = (items) => items.map((item) => item.id);

/** The ids of the fixture records of `entity` that pass `test`, ascending. */
const fixtureIds = (entity, test = () => true) =>
  autotaskFixtures.entities[entity].filter(test).map((r) => r.id).sort((a, b) => a - b);

function assertError(result, status, pattern) {
  assert.equal(result.status, status, JSON.stringify(result.body));
  assert.ok(Array.isArray(result.body.errors), 'errors is an array of strings');
  assert.equal(typeof result.body.errors[0], 'string');
  if (pattern) assert.match(result.body.errors.join(' '), pattern);
}

// ---- zone lookup and authentication ---------------------------------------------------------------

describe('Autotask mock: zone lookup and authentication', () => {
  let mock;
  before(async () => {
    mock = await startAutotaskMock({
      credentials: [
        AUTOTASK_CREDENTIALS,
        { username: 'retired-api@contoso.example', secret: 'old-secret', integrationCode: 'CONTOSOINTEGRATIONCODE00002', active: false },
      ],
    });
  });
  after(() => mock.stop());
  beforeEach(() => mock.reset());

  test('the zone lookup needs no credentials, matches the path case-insensitively and is not counted', async () => {
    for (const path of ['/ATServicesRest/V1.0/ZoneInformation', '/atservicesrest/v1.0/zoneinformation']) {
      const result = await call(mock, 'GET', '', {
        url: `${mock.url}${path}?user=${encodeURIComponent(AUTOTASK_CREDENTIALS.username)}`, headers: {},
      });
      assert.equal(result.status, 200);
      assert.deepEqual(result.body, {
        zoneName: 'Mock Zone', url: `${mock.url}/atservicesrest/`, webUrl: `${mock.url}/`, ci: 12345,
      });
    }
    assert.equal(mock.usage(), 0);
  });

  test('an unknown user gets HTTP 500 from the zone lookup', async () => {
    const result = await call(mock, 'GET', '', {
      url: `${mock.url}/ATServicesRest/V1.0/ZoneInformation?user=nobody%40contoso.example`, headers: {},
    });
    assert.deepEqual([result.status, result.body], [500, { errors: ['Zone information could not be determined'] }]);
  });

  test('the zone url plus v1.0 is the API root', async () => {
    const zone = await call(mock, 'GET', '', {
      url: `${mock.url}/ATServicesRest/V1.0/ZoneInformation?user=${AUTOTASK_CREDENTIALS.username}`, headers: {},
    });
    const result = await call(mock, 'GET', '', { url: `${zone.body.url}v1.0/Companies/${IDS.companyNorthwind}` });
    assert.equal(result.status, 200);
    assert.equal(result.body.item.companyName, 'Northwind Traders');
  });

  test('missing or unknown user name and a wrong secret are 401', async () => {
    const denied = { Message: 'Authorization has been denied for this request.' };
    const cases = [{}, { ...AUTH, secret: 'wrong' }, { ...AUTH, username: 'someone@contoso.example' }, { ...AUTH, username: undefined }];
    for (const headers of cases) {
      const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined));
      const result = await call(mock, 'GET', `/Companies/${IDS.companyNorthwind}`, { headers: clean });
      assert.deepEqual([result.status, result.body], [401, denied]);
    }
    assert.equal(mock.usage(), 0, 'refused credentials do not count against the threshold');
  });

  test('an inactive API user is 500, checked before the integration code', async () => {
    const headers = { username: 'retired-api@contoso.example', secret: 'old-secret', apiintegrationcode: 'WRONG' };
    const result = await call(mock, 'GET', '/ThresholdInformation', { headers });
    assert.deepEqual([result.status, result.body], [500, { errors: ['Unable to authenticate: the API user is inactive.'] }]);
  });

  test('a wrong or missing integration code is 500', async () => {
    for (const code of ['CONTOSOINTEGRATIONCODE99999', undefined]) {
      const headers = { ...AUTH, apiintegrationcode: code };
      if (code === undefined) delete headers.apiintegrationcode;
      const result = await call(mock, 'GET', '/ThresholdInformation', { headers });
      assert.deepEqual([result.status, result.body], [500, { errors: ['IntegrationCode is invalid.'] }]);
    }
  });

  test('unknown entities and paths are 404, a known path with another method 405', async () => {
    assertError(await call(mock, 'GET', '/Widgets/1'), 404);
    assertError(await call(mock, 'GET', '/Tickets/1/Widgets'), 404);
    assertError(await call(mock, 'GET', '', { url: `${mock.url}/elsewhere` }), 404);
    assertError(await call(mock, 'DELETE', `/Tickets/${IDS.ticketPrinter}`), 405);
    assertError(await call(mock, 'PUT', '/Tickets', { body: {} }), 405);
    assertError(await call(mock, 'POST', '/Companies', { body: { companyName: 'X' } }), 405);
    assertError(await call(mock, 'POST', '/TicketNotes', { body: { ticketID: IDS.ticketVpn, description: 'x', noteType: 1, publish: 1 } }), 404);
    assertError(await call(mock, 'POST', '/ThresholdInformation', { body: {} }), 405);
  });
});

// ---- queries ----------------------------------------------------------------------------------------

describe('Autotask mock: queries', () => {
  let mock;
  before(async () => { mock = await startAutotaskMock(); });
  after(() => mock.stop());

  test('top-level items are ANDed; and/or groups, contains and in combine', async () => {
    const result = await query(mock, 'Tickets', {
      filter: [
        eq('companyID', IDS.companyNorthwind),
        {
          op: 'or',
          items: [
            { op: 'contains', field: 'title', value: 'vpn' },
            { op: 'and', items: [{ op: 'in', field: 'status', value: [5, '8'] }, { op: 'contains', field: 'title', value: 'PRINTER' }] },
          ],
        },
      ],
    });
    assert.equal(result.status, 200);
    const expected = fixtureIds('Tickets', (t) => t.companyID === IDS.companyNorthwind
      && (/vpn/i.test(t.title) || ([5, 8].includes(t.status) && /printer/i.test(t.title))));
    assert.deepEqual(ids(result.body.items), expected);
    assert.ok(expected.includes(IDS.ticketPrinter) && expected.includes(IDS.ticketVpn));
    assert.deepEqual(result.body.pageDetails, { count: expected.length, requestCount: 500, prevPageUrl: null, nextPageUrl: null });
  });

  test('keys, operators and field names are case-insensitive; numbers may be strings', async () => {
    const result = await query(mock, 'tickets', {
      Filter: [{ Op: 'EQ', Field: 'STATUS', Value: '1' }, { op: 'beginswith', field: 'Title', value: 'vpn' }],
      maxRecords: 10,
    });
    assert.equal(result.status, 200);
    assert.deepEqual(ids(result.body.items), [IDS.ticketVpn]);
    assert.equal(result.body.pageDetails.requestCount, 10);
  });

  test('dates compare as dates; exist, notExist, noteq, notIn, endsWith', async () => {
    const since = await query(mock, 'Tickets', { filter: [{ op: 'gte', field: 'createDate', value: '2026-11-01' }] });
    assert.deepEqual(ids(since.body.items), fixtureIds('Tickets', (t) => t.createDate >= '2026-11-01'));
    const unassigned = await query(mock, 'Tickets', { filter: [{ op: 'notExist', field: 'assignedResourceID' }] });
    assert.deepEqual(ids(unassigned.body.items), fixtureIds('Tickets', (t) => t.assignedResourceID === null));
    const assigned = await query(mock, 'Tickets', { filter: [{ op: 'exist', field: 'assignedResourceID' }, { op: 'noteq', field: 'status', value: 5 }] });
    assert.deepEqual(ids(assigned.body.items), fixtureIds('Tickets', (t) => t.assignedResourceID !== null && t.status !== 5));
    const open = await query(mock, 'Tickets', { filter: [{ op: 'notIn', field: 'status', value: [5, 19] }] });
    assert.deepEqual(ids(open.body.items), fixtureIds('Tickets', (t) => ![5, 19].includes(t.status)));
    const contacts = await query(mock, 'Contacts', { filter: [{ op: 'endsWith', field: 'emailAddress', value: '@NORTHWINDTRADERS.example' }] });
    assert.equal(contacts.body.items.length, 3);
  });

  test('IncludeFields limits the fields of each item', async () => {
    const result = await query(mock, 'Companies', {
      filter: [eq('isActive', true)], IncludeFields: ['companyName', 'ID'],
    });
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.items.map((item) => Object.keys(item)), result.body.items.map(() => ['companyName', 'id']));
    assert.deepEqual(ids(result.body.items), fixtureIds('Companies', (c) => c.isActive));
  });

  test('records carry every field of their entity, ordered by id', async () => {
    const result = await query(mock, 'Tickets', { filter: [{ op: 'gte', field: 'id', value: 0 }] });
    assert.deepEqual(ids(result.body.items), fixtureIds('Tickets'));
    const names = autotaskFixtures.fields.Tickets.map((f) => f.name);
    for (const item of result.body.items) assert.deepEqual(Object.keys(item), names);
  });

  test('GET /query?search= is the same query; /query/count counts', async () => {
    const search = encodeURIComponent(JSON.stringify({ filter: [eq('companyID', IDS.companyFabrikam)] }));
    const viaGet = await call(mock, 'GET', `/Tickets/query?search=${search}`);
    const expected = fixtureIds('Tickets', (t) => t.companyID === IDS.companyFabrikam);
    assert.deepEqual(ids(viaGet.body.items), expected);
    const count = await call(mock, 'POST', '/Tickets/query/count', { body: { filter: [eq('companyID', IDS.companyFabrikam)] } });
    assert.deepEqual(count.body, { queryCount: expected.length });
    const countViaGet = await call(mock, 'GET', `/Tickets/query/count?search=${search}`);
    assert.deepEqual(countViaGet.body, { queryCount: expected.length });
  });

  test('one user-defined field per query', async () => {
    const gold = await query(mock, 'Companies', { filter: [{ op: 'eq', field: 'contract tier', value: 'gold', udf: true }] });
    assert.deepEqual(ids(gold.body.items), [IDS.companyNorthwind]);
    const sameTwice = await query(mock, 'Companies', {
      filter: [{ op: 'or', items: [{ op: 'eq', field: 'Contract Tier', value: 'Gold', udf: true }, { op: 'eq', field: 'Contract Tier', value: 'Silver', udf: true }] }],
    });
    assert.deepEqual(ids(sameTwice.body.items), [IDS.companyNorthwind, IDS.companyFabrikam]);
    const two = await query(mock, 'Companies', {
      filter: [{ op: 'eq', field: 'Contract Tier', value: 'Gold', udf: true }, { op: 'exist', field: 'Backup Provider', udf: true }],
    });
    assertError(two, 500, /one user-defined field/);
    assertError(await query(mock, 'Companies', { filter: [{ op: 'exist', field: 'Other', udf: true }] }), 500, /Unknown user-defined field/);
    assertError(await query(mock, 'Tickets', { filter: [{ op: 'exist', field: 'Contract Tier', udf: true }] }), 500, /Unknown user-defined field/);
  });

  test('malformed queries: no filter, unknown field, MaxRecords out of range, bad values, bad JSON', async () => {
    assertError(await query(mock, 'Tickets', { filter: [] }), 500, /at least one filter condition/);
    assertError(await query(mock, 'Tickets', { MaxRecords: 5 }), 500, /at least one filter condition/);
    assertError(await call(mock, 'GET', '/Tickets/query'), 500, /at least one filter condition/);
    assert.deepEqual((await query(mock, 'Tickets', { filter: [eq('colour', 'red')] })).body, { errors: ['Unknown field: colour'] });
    assertError(await query(mock, 'Tickets', { filter: [eq('id', 1)], IncludeFields: ['nope'] }), 500, /Unknown field: nope/);
    for (const max of [0, 501, 2.5, 'lots']) {
      assertError(await query(mock, 'Tickets', { filter: [eq('id', 1)], MaxRecords: max }), 500, /MaxRecords/);
    }
    assertError(await query(mock, 'Tickets', { filter: [eq('status', 'open')] }), 500);
    assertError(await query(mock, 'Tickets', { filter: [{ op: 'contains', field: 'status', value: '1' }] }), 500);
    assertError(await query(mock, 'Tickets', { filter: [{ op: 'like', field: 'title', value: 'x' }] }), 500);
    assertError(await query(mock, 'Tickets', { filter: [{ op: 'or', items: [] }] }), 500);
    assertError(await query(mock, 'Tickets', '{"filter": ['), 400);
  });
});

// ---- paging -------------------------------------------------------------------------------------------

describe('Autotask mock: paging', () => {
  let mock;
  const all = { filter: [{ op: 'gte', field: 'id', value: 0 }] };
  before(async () => { mock = await startAutotaskMock({ maxPageSize: 4 }); });
  after(() => mock.stop());

  test('nextPageUrl is followed by POST with the same body or by GET, to the end', async () => {
    const body = { ...all, IncludeFields: ['id', 'title'] };
    const first = await query(mock, 'Tickets', body);
    assert.equal(first.status, 200);
    assert.equal(first.body.pageDetails.count, 4);
    assert.equal(first.body.pageDetails.requestCount, 500);
    const next = new URL(first.body.pageDetails.nextPageUrl);
    assert.equal(next.origin, mock.url);
    assert.equal(next.pathname, '/atservicesrest/v1.0/Tickets/query/next');
    assert.ok(next.searchParams.get('paging'));

    const seen = [...first.body.items];
    const second = await call(mock, 'POST', '', { url: first.body.pageDetails.nextPageUrl, body });
    assert.equal(second.status, 200);
    seen.push(...second.body.items);
    let url = second.body.pageDetails.nextPageUrl;
    let pages = 2;
    while (url) {
      const page = await call(mock, 'GET', '', { url });
      assert.equal(page.status, 200);
      seen.push(...page.body.items);
      url = page.body.pageDetails.nextPageUrl;
      pages += 1;
      assert.ok(pages < 20, 'paging ends');
    }
    assert.equal(pages, Math.ceil(autotaskFixtures.entities.Tickets.length / 4));
    assert.deepEqual(ids(seen), fixtureIds('Tickets'));
    assert.deepEqual(Object.keys(seen[0]), ['id', 'title']);
  });

  test('a POST with another body is refused; unknown tokens are 400', async () => {
    const first = await query(mock, 'Tickets', all);
    const other = await call(mock, 'POST', '', { url: first.body.pageDetails.nextPageUrl, body: { filter: [eq('status', 1)] } });
    assert.deepEqual([other.status, other.body], [400, { errors: ['The paging token does not match this query.'] }]);
    const sameButReordered = await call(mock, 'POST', '', {
      url: first.body.pageDetails.nextPageUrl, body: { maxrecords: 500, FILTER: [{ value: 0, field: 'ID', op: 'GTE' }] },
    });
    assert.equal(sameButReordered.status, 200, 'key case and order do not matter');
    assertError(await call(mock, 'GET', '/Tickets/query/next?paging=bogus'), 400);
    const url = new URL(first.body.pageDetails.nextPageUrl);
    assertError(await call(mock, 'GET', `/Companies/query/next${url.search}`), 400);
  });

  test('MaxRecords below the page cap sets the page size', async () => {
    const first = await query(mock, 'Tickets', { ...all, MaxRecords: 2 });
    assert.deepEqual([first.body.pageDetails.count, first.body.pageDetails.requestCount], [2, 2]);
    const second = await call(mock, 'GET', '', { url: first.body.pageDetails.nextPageUrl });
    assert.deepEqual(ids(second.body.items), fixtureIds('Tickets').slice(2, 4));
  });

  test('IncludeFields without id is refused when there is more than one page', async () => {
    assertError(await query(mock, 'Tickets', { ...all, IncludeFields: ['title'] }), 500, /id/);
    const onePage = await query(mock, 'Tickets', { filter: [eq('id', IDS.ticketVpn)], IncludeFields: ['title'] });
    assert.deepEqual(onePage.body.items, [{ title: 'VPN drops every 10 minutes for remote staff' }]);
  });
});

// ---- reads --------------------------------------------------------------------------------------------

describe('Autotask mock: reads by id and child collections', () => {
  let mock;
  before(async () => { mock = await startAutotaskMock(); });
  after(() => mock.stop());

  test('GET /{Entity}/{id} answers {item}, or {item: null} for an unknown id', async () => {
    const found = await call(mock, 'GET', `/tickets/${IDS.ticketPrinter}`);
    assert.equal(found.status, 200);
    assert.equal(found.body.item.title, '2nd floor printer jams on every duplex job');
    assert.equal(found.body.item.subIssueType, 102);
    const missing = await call(mock, 'GET', '/Tickets/99999999');
    assert.deepEqual([missing.status, missing.body], [200, { item: null }]);
    const owner = await call(mock, 'GET', '/Companies/0');
    assert.equal(owner.body.item.companyName, 'Contoso MSP');
  });

  test('GET /Tickets/{id}/Notes lists the ticket notes; a single note by id', async () => {
    const notes = await call(mock, 'GET', `/Tickets/${IDS.ticketPrinter}/Notes`);
    assert.equal(notes.status, 200);
    assert.deepEqual(ids(notes.body.items), fixtureIds('TicketNotes', (n) => n.ticketID === IDS.ticketPrinter));
    assert.equal(notes.body.items.length, 3);
    assert.equal(notes.body.pageDetails.nextPageUrl, null);
    const note = await call(mock, 'GET', `/Tickets/${IDS.ticketPrinter}/Notes/${IDS.noteFirst}`);
    assert.equal(note.body.item.id, IDS.noteFirst);
  });
});

// ---- writes -------------------------------------------------------------------------------------------

describe('Autotask mock: writes', () => {
  let mock;
  const newTicket = {
    companyID: IDS.companyNorthwind, title: 'Scanner on the 3rd floor is offline', status: 1, priority: 2,
    queueID: IDS.queueLevel1, issueType: 1, subIssueType: 102, contactID: IDS.contactAndrew,
  };
  before(async () => { mock = await startAutotaskMock(); });
  after(() => mock.stop());
  beforeEach(() => mock.reset());

  test('POST /Tickets creates a ticket and answers {itemId}', async () => {
    const started = Date.now();
    const created = await call(mock, 'POST', '/Tickets', { body: { ...newTicket, status: '1', priority: '2' } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(Object.keys(created.body), ['itemId']);
    assert.ok(created.body.itemId > Math.max(...fixtureIds('Tickets')));
    const { item } = (await call(mock, 'GET', `/Tickets/${created.body.itemId}`)).body;
    assert.match(item.ticketNumber, /^T\d{8}\.\d{4}$/);
    assert.equal(item.ticketNumber.slice(1, 9), new Date().toISOString().slice(0, 10).replaceAll('-', ''));
    assert.equal(item.status, 1);
    assert.equal(item.priority, 2);
    assert.equal(item.creatorResourceID, IDS.resourceApiUser);
    assert.ok(Date.parse(item.createDate) >= started - 1000);
    assert.equal(item.lastActivityDate, item.createDate);
    assert.equal(item.completedDate, null);
    const found = await query(mock, 'Tickets', { filter: [{ op: 'contains', field: 'title', value: 'scanner' }] });
    assert.deepEqual(ids(found.body.items), [created.body.itemId]);
  });

  test('an assigned resource with a role replaces the queue', async () => {
    const { queueID, ...body } = newTicket;
    const created = await call(mock, 'POST', '/Tickets', {
      body: { ...body, assignedResourceID: IDS.resourceAlex, assignedResourceRoleID: IDS.roleTechnician },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
  });

  test('ticket validation names the field', async () => {
    const { queueID, ...noQueue } = newTicket;
    const { title, ...noTitle } = newTicket;
    const cases = [
      [noTitle, /title/],
      [{ ...newTicket, status: 19 }, /status.*inactive/],
      [{ ...newTicket, status: 42 }, /existing entity for status/],
      [{ ...newTicket, queueID: IDS.queueRetired }, /queueID.*inactive/],
      [{ ...newTicket, issueType: 2, subIssueType: 102 }, /subIssueType.*issueType/],
      [{ ...newTicket, issueType: null, subIssueType: 101 }, /subIssueType requires issueType/],
      [{ ...newTicket, subIssueType: 103 }, /subIssueType.*inactive/],
      [noQueue, /queueID/],
      [{ ...noQueue, assignedResourceID: IDS.resourceAlex }, /both a assignedResourceID and assignedResourceRoleID/],
      [{ ...newTicket, assignedResourceID: IDS.resourceSamInactive, assignedResourceRoleID: IDS.roleTechnician }, /assignedResourceID.*inactive/],
      [{ ...newTicket, companyID: 12345678 }, /existing entity for companyID/],
      [{ ...newTicket, companyID: IDS.companyTailspin, contactID: null }, /companyID.*inactive/],
      [{ ...newTicket, contactID: IDS.contactOlivia }, /contactID/],
      [{ ...newTicket, priority: 'urgent' }, /priority/],
      [{ ...newTicket, ticketNumber: 'T1' }, /ticketNumber.*read-only/],
      [{ ...newTicket, colour: 'red' }, /Unknown field: colour/],
    ];
    for (const [body, pattern] of cases) assertError(await call(mock, 'POST', '/Tickets', { body }), 500, pattern);
    assertError(await call(mock, 'POST', '/Tickets', { body: '{"title":' }), 400);
    assert.equal(mock.state().Tickets.length, autotaskFixtures.entities.Tickets.length, 'nothing was created');
  });

  test('PATCH /Tickets updates the fields given and validates them', async () => {
    const before = mock.state().Tickets.find((t) => t.id === IDS.ticketVpn);
    const updated = await call(mock, 'PATCH', '/Tickets', {
      body: { id: IDS.ticketVpn, status: 5, assignedResourceID: IDS.resourceJordan, assignedResourceRoleID: IDS.roleEngineer, resolution: 'Rekey fixed.' },
    });
    assert.deepEqual([updated.status, updated.body], [200, { itemId: IDS.ticketVpn }]);
    const { item } = (await call(mock, 'GET', `/Tickets/${IDS.ticketVpn}`)).body;
    assert.equal(item.status, 5);
    assert.equal(item.assignedResourceID, IDS.resourceJordan);
    assert.equal(item.resolution, 'Rekey fixed.');
    assert.equal(item.title, before.title, 'other fields stay');
    assert.ok(item.completedDate);
    assert.ok(Date.parse(item.lastActivityDate) > Date.parse('2026-11-02T09:02:00.000Z'));

    assertError(await call(mock, 'PATCH', '/Tickets', { body: { id: 99999999, status: 1 } }), 500);
    assertError(await call(mock, 'PATCH', '/Tickets', { body: { status: 1 } }), 500, /id/);
    assertError(await call(mock, 'PATCH', '/Tickets', { body: { id: IDS.ticketVpn, status: 19 } }), 500, /status/);
    assertError(await call(mock, 'PATCH', '/Tickets', { body: { id: IDS.ticketVpn, issueType: 2 } }), 500, /subIssueType/);
    assertError(await call(mock, 'PATCH', '/Tickets', { body: { id: IDS.ticketVpn, title: '' } }), 500, /title/);
    // A ticket keeps an inactive value it already has while other fields change.
    const legacy = await call(mock, 'PATCH', '/Tickets', { body: { id: IDS.ticketLegacyHold, priority: 1 } });
    assert.equal(legacy.status, 200, JSON.stringify(legacy.body));
  });

  test('POST /Tickets/{id}/Notes creates a note for that ticket', async () => {
    const created = await call(mock, 'POST', `/Tickets/${IDS.ticketVpn}/Notes`, {
      body: { title: 'Update', description: 'Rekey lifetime aligned on both ends.', noteType: 1, publish: '1' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const notes = await call(mock, 'GET', `/Tickets/${IDS.ticketVpn}/Notes`);
    const note = notes.body.items.find((n) => n.id === created.body.itemId);
    assert.equal(note.ticketID, IDS.ticketVpn);
    assert.equal(note.creatorResourceID, IDS.resourceApiUser);
    assert.equal(note.impersonatorCreatorResourceID, null);
    const ticket = mock.state().Tickets.find((t) => t.id === IDS.ticketVpn);
    assert.equal(ticket.lastActivityDate, note.createDateTime);

    const path = `/Tickets/${IDS.ticketVpn}/Notes`;
    assertError(await call(mock, 'POST', path, { body: { noteType: 1, publish: 1 } }), 500, /description/);
    assertError(await call(mock, 'POST', path, { body: { description: 'x', publish: 1 } }), 500, /noteType/);
    assertError(await call(mock, 'POST', path, { body: { description: 'x', noteType: 9, publish: 1 } }), 500, /noteType/);
    assertError(await call(mock, 'POST', path, { body: { description: 'x', noteType: 1 } }), 500, /publish/);
    assertError(await call(mock, 'POST', '/Tickets/99999999/Notes', { body: { description: 'x', noteType: 1, publish: 1 } }), 500, /ticketID/);
  });

  test('ImpersonationResourceId makes a resource the creator', async () => {
    const headers = { ...AUTH, impersonationresourceid: String(IDS.resourceAlex) };
    const created = await call(mock, 'POST', `/Tickets/${IDS.ticketPrinter}/Notes`, {
      headers, body: { description: 'Fitted the roller kit.', noteType: 2, publish: 1 },
    });
    const note = mock.state().TicketNotes.find((n) => n.id === created.body.itemId);
    assert.equal(note.creatorResourceID, IDS.resourceAlex);
    assert.equal(note.impersonatorCreatorResourceID, IDS.resourceApiUser);
    const inactive = { ...AUTH, impersonationresourceid: String(IDS.resourceSamInactive) };
    assertError(await call(mock, 'GET', '/ThresholdInformation', { headers: inactive }), 500, /ImpersonationResourceId/);
  });

  test('POST /TimeEntries: hours or start and end, exactly one of ticket and task', async () => {
    const base = { resourceID: IDS.resourceAlex, dateWorked: '2026-11-02', summaryNotes: 'Fitted the duplex roller kit.' };
    const withHours = await call(mock, 'POST', '/TimeEntries', { body: { ...base, ticketID: IDS.ticketPrinter, hoursWorked: 0.5 } });
    assert.equal(withHours.status, 200, JSON.stringify(withHours.body));
    const withSpan = await call(mock, 'POST', '/TimeEntries', {
      body: { ...base, taskID: IDS.taskMailboxes, startDateTime: '2026-11-02T13:00:00Z', endDateTime: '2026-11-02T14:30:00Z' },
    });
    assert.equal(withSpan.status, 200, JSON.stringify(withSpan.body));
    const entry = mock.state().TimeEntries.find((t) => t.id === withSpan.body.itemId);
    assert.equal(entry.hoursWorked, 1.5);
    assert.equal(entry.dateWorked, '2026-11-02T00:00:00.000Z');

    const cases = [
      [{ ...base, hoursWorked: 1 }, /ticketID and taskID/],
      [{ ...base, ticketID: IDS.ticketPrinter, taskID: IDS.taskMailboxes, hoursWorked: 1 }, /ticketID and taskID/],
      [{ ...base, ticketID: IDS.ticketPrinter, hoursWorked: 25 }, /hoursWorked/],
      [{ ...base, ticketID: IDS.ticketPrinter, hoursWorked: 0 }, /hoursWorked/],
      [{ ...base, ticketID: IDS.ticketPrinter }, /hoursWorked/],
      [{ ...base, ticketID: 99999999, hoursWorked: 1 }, /ticketID/],
      [{ ...base, resourceID: 12345, ticketID: IDS.ticketPrinter, hoursWorked: 1 }, /resourceID/],
      [{ ...base, summaryNotes: undefined, ticketID: IDS.ticketPrinter, hoursWorked: 1 }, /summaryNotes/],
    ];
    for (const [body, pattern] of cases) assertError(await call(mock, 'POST', '/TimeEntries', { body }), 500, pattern);
  });
});

// ---- metadata ----------------------------------------------------------------------------------------

describe('Autotask mock: entity information', () => {
  let mock;
  before(async () => { mock = await startAutotaskMock(); });
  after(() => mock.stop());

  test('fields carry picklists with string values, parent values and active flags', async () => {
    const result = await call(mock, 'GET', '/Tickets/entityInformation/fields');
    assert.equal(result.status, 200);
    const byName = Object.fromEntries(result.body.fields.map((f) => [f.name, f]));
    const status = byName.status;
    assert.equal(status.isPickList, true);
    assert.equal(status.dataType, 'integer');
    assert.deepEqual(status.picklistValues[0], {
      value: '1', label: 'New', isDefaultValue: true, sortOrder: 1, parentValue: '', isActive: true, isSystem: true,
    });
    for (const f of result.body.fields.filter((x) => x.isPickList)) {
      for (const v of f.picklistValues) {
        assert.equal(typeof v.value, 'string');
        assert.equal(typeof v.parentValue, 'string');
      }
    }
    assert.equal(status.picklistValues.find((v) => v.value === '19').isActive, false);
    assert.equal(byName.priority.picklistValues.find((v) => v.isDefaultValue).label, 'Medium');
    assert.equal(byName.subIssueType.picklistParentValueField, 'issueType');
    assert.equal(byName.subIssueType.picklistValues.find((v) => v.value === '201').parentValue, '2');
    assert.deepEqual(
      Object.keys(byName.title).sort(),
      ['dataType', 'isPickList', 'isQueryable', 'isReadOnly', 'isReference', 'isRequired', 'isSupportedWebhookField',
        'length', 'name', 'picklistParentValueField', 'picklistValues', 'referenceEntityType'],
    );
    assert.equal(byName.title.isPickList, false);
    assert.equal(byName.title.picklistValues, null);
    assert.equal(byName.title.length, 255);
    assert.equal(byName.companyID.isReference, true);
    assert.equal(byName.companyID.referenceEntityType, 'Companies');
  });

  test('every entity has field metadata covering every fixture field', async () => {
    for (const [entity, rows] of Object.entries(autotaskFixtures.entities)) {
      const result = await call(mock, 'GET', `/${entity}/entityInformation/fields`);
      assert.equal(result.status, 200, entity);
      const names = new Set(result.body.fields.map((f) => f.name));
      for (const row of rows) {
        for (const key of Object.keys(row)) if (key !== 'userDefinedFields') assert.ok(names.has(key), `${entity}.${key}`);
      }
      for (const f of result.body.fields.filter((x) => !x.isPickList)) assert.equal(f.picklistValues, null, `${entity}.${f.name}`);
    }
  });

  test('entityInformation and userDefinedFields', async () => {
    const info = await call(mock, 'GET', '/Tickets/entityInformation');
    assert.equal(info.body.info.canQuery, true);
    assert.equal(info.body.info.canCreate, true);
    for (const key of ['name', 'canCreate', 'canDelete', 'canQuery', 'canUpdate', 'hasUserDefinedFields']) {
      assert.ok(key in info.body.info, key);
    }
    const udfs = await call(mock, 'GET', '/Companies/entityInformation/userDefinedFields');
    assert.deepEqual(udfs.body.fields.map((f) => f.name), ['Contract Tier', 'Backup Provider']);
    assert.deepEqual((await call(mock, 'GET', '/Tickets/entityInformation/userDefinedFields')).body, { fields: [] });
    const company = await call(mock, 'GET', `/Companies/${IDS.companyNorthwind}`);
    assert.deepEqual(company.body.item.userDefinedFields, [{ name: 'Contract Tier', value: 'Gold' }, { name: 'Backup Provider', value: 'Datto BCDR' }]);
  });
});

// ---- limits and controls ------------------------------------------------------------------------------

describe('Autotask mock: thresholds, thread limit, faults and reset', () => {
  test('ThresholdInformation counts the requests of the window, itself included', async () => {
    const mock = await startAutotaskMock({ threshold: 4 });
    try {
      await query(mock, 'Tickets', { filter: [eq('id', IDS.ticketVpn)] });
      await call(mock, 'GET', `/Companies/${IDS.companyNorthwind}`);
      const info = await call(mock, 'GET', '/ThresholdInformation');
      assert.deepEqual(info.body, { externalRequestThreshold: 4, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 3 });
      assert.equal(mock.usage(), 3);
      await call(mock, 'GET', '/ThresholdInformation');
      const refused = await call(mock, 'GET', '/ThresholdInformation');
      assertError(refused, 429);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      const zone = await call(mock, 'GET', '', { url: `${mock.url}/ATServicesRest/V1.0/ZoneInformation?user=${AUTOTASK_CREDENTIALS.username}`, headers: {} });
      assert.equal(zone.status, 200, 'the zone lookup is exempt');
    } finally {
      await mock.stop();
    }
  });

  test('a 4th concurrent request on one entity is 429; other entities and integrations are separate', async () => {
    const second = { username: 'psa-sync@contoso.example', secret: 'sync-secret', integrationCode: 'CONTOSOINTEGRATIONCODE00002' };
    const mock = await startAutotaskMock({ latencyMs: 250, credentials: [AUTOTASK_CREDENTIALS, second] });
    try {
      const body = { filter: [eq('status', 1)] };
      const results = await Promise.all([
        ...Array.from({ length: 4 }, () => query(mock, 'Tickets', body)),
        call(mock, 'GET', `/Companies/${IDS.companyNorthwind}`),
        call(mock, 'POST', '/tickets/query', {
          body, headers: { username: second.username, secret: second.secret, apiintegrationcode: second.integrationCode },
        }),
      ]);
      const statuses = results.slice(0, 4).map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const refused = results.slice(0, 4).find((r) => r.status === 429);
      assert.deepEqual(refused.body, { errors: ['Thread threshold exceeded for this entity (3 concurrent requests).'] });
      assert.equal(results[4].status, 200);
      assert.equal(results[5].status, 200, 'another integration code has its own threads');
      assert.equal(mock.maxInFlight('Tickets'), 4, 'three of one integration plus one of the other');
      assert.equal(mock.maxInFlight('companies'), 1);

      mock.reset();
      assert.equal(mock.maxInFlight('Tickets'), 0);
      await Promise.all(Array.from({ length: 3 }, () => query(mock, 'Tickets', body)));
      assert.equal(mock.maxInFlight('Tickets'), 3);
    } finally {
      await mock.stop();
    }
  });

  test('fail() answers with the Autotask error shape; faults come after auth', async () => {
    const mock = await startAutotaskMock();
    try {
      mock.fail({ status: 503, path: '/Tickets', times: 1 });
      assert.equal((await call(mock, 'GET', `/Tickets/${IDS.ticketVpn}`, { headers: {} })).status, 401);
      assertError(await call(mock, 'GET', `/Tickets/${IDS.ticketVpn}`), 503);
      assert.equal((await call(mock, 'GET', `/Tickets/${IDS.ticketVpn}`)).status, 200);
      mock.fail({ status: 500, body: { errors: ['Boom'] }, retryAfter: 2 });
      const failed = await call(mock, 'GET', '/ThresholdInformation');
      assert.deepEqual([failed.status, failed.body, failed.headers.get('retry-after')], [500, { errors: ['Boom'] }, '2']);
    } finally {
      await mock.stop();
    }
  });

  test('reset() restores records, id counters, paging tokens and counts', async () => {
    const mock = await startAutotaskMock({ maxPageSize: 5 });
    try {
      const ticket = {
        companyID: IDS.companyFabrikam, title: 'Temp', status: 1, priority: 3, queueID: IDS.queueLevel1,
      };
      const first = await call(mock, 'POST', '/Tickets', { body: ticket });
      await call(mock, 'PATCH', '/Tickets', { body: { id: IDS.ticketPrinter, status: 5 } });
      await call(mock, 'POST', `/Tickets/${IDS.ticketPrinter}/Notes`, { body: { description: 'x', noteType: 1, publish: 1 } });
      const paged = await query(mock, 'Tickets', { filter: [{ op: 'gte', field: 'id', value: 0 }] });
      assert.ok(paged.body.pageDetails.nextPageUrl);
      assert.ok(mock.usage() > 0);

      mock.reset();
      assert.deepEqual(mock.state().Tickets, autotaskFixtures.entities.Tickets);
      assert.deepEqual(mock.state().TicketNotes, autotaskFixtures.entities.TicketNotes);
      assert.equal(mock.usage(), 0);
      assert.equal(mock.requests.length, 0);
      assertError(await call(mock, 'GET', '', { url: paged.body.pageDetails.nextPageUrl }), 400);
      const again = await call(mock, 'POST', '/Tickets', { body: ticket });
      assert.equal(again.body.itemId, first.body.itemId, 'ids start over');
    } finally {
      await mock.stop();
    }
  });
});
