// SuperOps (GraphQL) through the vendor kit, on the wire, against wrangler dev and the SuperOps
// mock (tests/mocks/superops/), which parses and validates every document against the
// edition's schema: the data centre and edition chosen on the connect page decide the endpoint
// (EU reaches euapi.superops.ai), the IT edition reads departments where the MSP edition reads
// clients, a rate limit answered with HTTP 200 is a tool error with the wait, a value holding
// `"`, `}` and a newline stays a variable, lists walk `listInfo` pages until `hasMore` is null,
// validation codes name the argument, and several alerts are resolved each with its outcome.
// Every client's run of every SuperOps tool is in clients.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { modernRequest, textOf } from '../support/rpc.mjs';
import { SUPEROPS_ACCOUNTS, SUPEROPS_IDS as I, superopsFixtures } from '../mocks/superops/mock.mjs';

const PASSWORD = 'correct horse battery staple';
const [US, EU, IT] = SUPEROPS_ACCOUNTS;
const EXTRA = 130;
const keysOf = (account) => ({ api_token: account.token, subdomain: account.subdomain, region: account.region, edition: account.edition });

let gateway;
let mock;

before(async () => {
  // 130 more Adatum tickets, so a list of them needs two pages of 100.
  gateway = await startGateway({ mocks: { superops: { extraTickets: EXTRA } } });
  mock = gateway.mocks.superops;
});
after(async () => gateway?.stop());

/** A signed-up person connected to SuperOps with `keys`, and a token that may read and write. */
async function person(slug, keys = keysOf(US)) {
  const browser = new Browser(gateway.url, { ...gateway.vendorKeys, superops: keys });
  await browser.signUp({ email: `${slug}@msp.example`, password: PASSWORD, organisation: `${slug} MSP` });
  const { exchange } = await grant(gateway.url, browser, {
    vendor: 'superops',
    scope: 'tools:read tools:write offline_access',
    consent: { scopes: ['tools:read', 'tools:write', 'offline_access'] },
  });
  assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
  return { browser, token: exchange.body.access_token };
}

const modern = (token, method, params = {}) => modernRequest(`${gateway.url}/v1/superops`, token, method, params);
const call = async (token, name, args) => (await modern(token, 'tools/call', { name, arguments: args })).json.result;
const operationsOf = (subdomain) => mock.operations.filter((o) => o.subdomain === subdomain);

describe('connecting', () => {
  test('the EU data centre chosen on the connect page reaches the EU base', async () => {
    mock.reset();
    // The EU account's token is unknown in the US data centre, so the US choice fails the test.
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'eu-wrong@msp.example', password: PASSWORD, organisation: 'EU wrong MSP' });
    const page = await browser.visit('/settings/vendors/superops/connect');
    const refused = await browser.connect(page.body, { ...keysOf(EU), region: 'us' });
    assert.equal(refused.response.status, 422);
    assert.match(refused.body, /Test failed\. SuperOps refused these credentials/);
    assert.ok(!refused.body.includes(EU.token), 'the token is not echoed');
    const [wrong] = mock.requests;
    assert.equal(wrong.path, '/api.superops.ai/msp', 'the US choice went to the US base');
    const sinceChoosingEu = mock.requests.length;

    const { token } = await person('eu', keysOf(EU));
    const result = await call(token, 'superops_list_technicians', {});
    assert.equal(result.isError, false, textOf(result));
    const seen = operationsOf(EU.subdomain);
    assert.ok(seen.length >= 2, 'the connection test and the call');
    for (const operation of seen) {
      assert.equal(operation.host, 'euapi.superops.ai');
      assert.equal(operation.edition, 'msp');
    }
    const sent = mock.requests.slice(sinceChoosingEu);
    assert.ok(sent.length >= 2);
    for (const request of sent) {
      assert.equal(request.path, '/euapi.superops.ai/msp');
      assert.equal(request.headers.authorization, `Bearer ${EU.token}`);
      assert.equal(request.method, 'POST');
      assert.match(request.headers['content-type'], /^application\/json/);
    }
  });
});

describe('the MSP edition', () => {
  let token;
  before(async () => {
    ({ token } = await person('msp'));
  });

  test('a rate-limit answer (HTTP 200) is a tool error with the wait, not an empty success', async () => {
    // Its own organisation: the wait blocks the vendor account for a minute (the quota
    // governor), and the next tests call on.
    const { token: waiting } = await person('msp-limited');
    mock.reset();
    mock.exhaust(US.token);
    const result = await call(waiting, 'superops_list_tickets', { status: 'Open' });
    assert.equal(result.isError, true);
    assert.equal(result.structuredContent, undefined, 'no result pretending to be empty');
    assert.match(textOf(result), /SuperOps's rate limit was reached; retry in 60 seconds\./);
    const limited = mock.requests.filter((r) => r.headers.customersubdomain === US.subdomain);
    assert.equal(limited.length, 1, 'a wait of a minute is reported, not waited out or retried');
    mock.reset();
    const blocked = await call(waiting, 'superops_list_technicians', {});
    assert.match(textOf(blocked), /rate limit was reached; retry in \d+ seconds/);
    assert.equal(mock.requests.length, 0, 'the waiting account is not called again');
  });

  test('a value holding ", } and a newline stays a variable', async () => {
    mock.reset();
    const hostile = 'Acme "Quoted" } { getClientList\n# comment';
    const listed = await call(token, 'superops_list_tickets', { client: hostile });
    assert.equal(listed.isError, false, textOf(listed));
    assert.equal(listed.structuredContent.count, 0);
    const created = await call(token, 'superops_create_ticket', { subject: hostile, client_id: I.clientNorthwind });
    assert.equal(created.isError, false, textOf(created));
    assert.equal(created.structuredContent.subject, hostile);
    const [list, create] = mock.operations;
    for (const operation of [list, create]) {
      assert.ok(!operation.query.includes('Acme'), `the document holds no user value: ${operation.query}`);
      assert.ok(!operation.query.includes('#'), 'nor a comment');
    }
    assert.deepEqual(list.fields, ['getTicketList']);
    assert.deepEqual(list.variables.input.condition, { attribute: 'client.name', operator: 'is', value: hostile });
    assert.equal(create.variables.input.subject, hostile);
    const stored = mock.state().msp.tickets.find((t) => t.ticketId === created.structuredContent.ticketId);
    assert.equal(stored.subject, hostile);
  });

  test('a list walks listInfo pages until hasMore is null', async () => {
    mock.reset();
    const adatum = superopsFixtures.msp.tickets.filter((t) => t.client.accountId === I.clientAdatum).length + EXTRA;
    const result = await call(token, 'superops_list_tickets', { client: 'Adatum Corporation', limit: 500 });
    assert.equal(result.isError, false, textOf(result));
    assert.equal(result.structuredContent.count, adatum);
    assert.equal(result.structuredContent.total, adatum);
    assert.equal(result.structuredContent.truncated, false);
    const pages = mock.operations.filter((o) => o.fields.includes('getTicketList'));
    assert.deepEqual(pages.map((p) => [p.variables.input.page, p.variables.input.pageSize]), [[1, 100], [2, 100]]);
    assert.equal(new Set(result.structuredContent.items.map((t) => t.ticketId)).size, adatum, 'no ticket twice');
  });

  test('a validation failure names the argument to correct', async () => {
    mock.reset();
    const long = await call(token, 'superops_create_ticket', { subject: 'x'.repeat(300), client_id: I.clientNorthwind });
    assert.equal(long.isError, true);
    assert.match(textOf(long), /argument `subject` is too long \(value_length_exceeds_limit\)/);
    const status = await call(token, 'superops_update_ticket', { ticket_id: I.ticketVpn, status: 'Bogus' });
    assert.equal(status.isError, true);
    assert.match(textOf(status), /argument `status` names a value that does not exist/);
    const missing = await call(token, 'superops_get_ticket', { ticket_id: '1' });
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /SuperOps found nothing there: argument `ticket_id` names nothing that exists/);
    const noClient = await call(token, 'superops_create_ticket', { subject: 'No client' });
    assert.equal(noClient.isError, true);
    assert.match(textOf(noClient), /client_id/);
    assert.equal(mock.operations.filter((o) => o.fields.includes('createTicket')).length, 1, 'the missing client is caught before SuperOps');
  });

  test('several alerts are resolved one by one, each with its outcome', async () => {
    mock.reset();
    const result = await call(token, 'superops_resolve_alerts', { alert_ids: [I.alertDisk, '404404'] });
    assert.equal(result.isError, false, textOf(result));
    const { results, succeeded, failed } = result.structuredContent;
    assert.deepEqual([succeeded, failed], [1, 1]);
    assert.deepEqual(results[0], { id: I.alertDisk, ok: true });
    assert.equal(results[1].id, '404404');
    assert.equal(results[1].ok, false);
    assert.match(results[1].error, /nothing that exists/);
    assert.equal(mock.state().msp.alerts.find((a) => a.id === I.alertDisk).status, 'Resolved');
    assert.equal(mock.operations.filter((o) => o.fields.includes('resolveAlerts')).length, 2);
  });
});

describe('the IT edition', () => {
  let token;
  before(async () => {
    ({ token } = await person('it', keysOf(IT)));
  });

  test('says department where the MSP edition says client', async () => {
    mock.reset();
    const tools = (await modern(token, 'tools/list')).json.result.tools;
    const listClients = tools.find((t) => t.name === 'superops_list_clients');
    assert.match(listClients.description, /department/);

    const departments = await call(token, 'superops_list_clients', {});
    assert.equal(departments.isError, false, textOf(departments));
    assert.deepEqual(departments.structuredContent.items.map((d) => d.name), ['Finance', 'Engineering']);
    assert.ok(departments.structuredContent.items.every((d) => d.departmentId && !('accountId' in d)));
    assert.match(textOf(departments), /name: Finance · departmentId: /);

    const ticket = await call(token, 'superops_get_ticket', { ticket_id: I.ticketItLaptop });
    assert.equal(ticket.isError, false, textOf(ticket));
    assert.deepEqual(ticket.structuredContent.department, { departmentId: I.departmentFinance, name: 'Finance' });
    assert.ok(!('client' in ticket.structuredContent));
    assert.match(textOf(ticket), /department\.name: Finance/);

    const byDepartment = await call(token, 'superops_list_tickets', { client: 'Engineering' });
    assert.deepEqual(byDepartment.structuredContent.items.map((t) => t.subject), ['Access to build server']);

    const one = await call(token, 'superops_get_client', { client_id: I.departmentFinance });
    assert.equal(one.isError, true);
    assert.match(textOf(one), /department/);

    const statuses = await call(token, 'superops_list_statuses', {});
    assert.deepEqual(statuses.structuredContent.items.map((s) => s.value), ['Open', 'Pending', 'Resolved']);

    const created = await call(token, 'superops_create_ticket', { subject: 'Monitor flickers', site_id: I.siteContosoHq, client_id: I.departmentEngineering });
    assert.equal(created.isError, false, textOf(created));
    assert.equal(created.structuredContent.department.name, 'Engineering');

    for (const operation of mock.operations) {
      assert.equal(operation.edition, 'it');
      assert.ok(!/\bclient\b/.test(operation.query), `no client field in the IT edition: ${operation.query}`);
    }
  });
});
