// ConnectWise PSA and Automate through the vendor kit, on the wire, against wrangler dev and the
// two ConnectWise mocks (tests/mocks/connectwise-psa/, tests/mocks/connectwise-automate/): the
// operator's client id on every call and not on the connect page (unless overridden under
// Advanced), conditions whose values stay values, page two through `Link`, a status name
// resolved on the ticket's own board (and an unknown one listed), a 429 waited out, the
// `InvalidObject` body read into a precise error; Automate's token renewed after it expires, a
// two-factor account connected with a passcode and later asked to reconnect, and a command
// polled from pending to done. Every client's run of every tool is in clients.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { modernRequest, textOf } from '../support/rpc.mjs';
import { CWPSA } from '../mocks/connectwise-psa/mock.mjs';
import { CWA } from '../mocks/connectwise-automate/mock.mjs';

const PASSWORD = 'correct horse battery staple';
const OTHER_CLIENT_ID = '9e8d7c6b-5a49-4838-a726-150493827160';

let gateway;
let psa;
let cwa;

before(async () => {
  gateway = await startGateway({ mocks: true });
  psa = gateway.mocks.cwpsa;
  cwa = gateway.mocks.cwa;
});
after(async () => gateway?.stop());

/** A signed-up person; `keys` replaces the registry's connect-form keys per vendor. */
async function signUp(slug, keys = {}) {
  const browser = new Browser(gateway.url, { ...gateway.vendorKeys, ...keys });
  await browser.signUp({ email: `${slug}@msp.example`, password: PASSWORD, organisation: `${slug} MSP` });
  return browser;
}

/** A token for `vendor` that may read and write (connecting on the way if needed). */
async function token(browser, vendor) {
  const { exchange } = await grant(gateway.url, browser, {
    vendor,
    scope: 'tools:read tools:write offline_access',
    consent: { scopes: ['tools:read', 'tools:write', 'offline_access'] },
  });
  assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
  return exchange.body.access_token;
}

const call = async (vendor, accessToken, name, args) => {
  const { json } = await modernRequest(`${gateway.url}/v1/${vendor}`, accessToken, 'tools/call', { name, arguments: args });
  assert.ok(json?.result, JSON.stringify(json));
  return json.result;
};
const ok = (result) => {
  assert.equal(result.isError, false, textOf(result));
  return result.structuredContent;
};

/** Submits a vendor's connect page with `fields`; returns the answer's status and body. */
async function connectPage(browser, vendor, fields) {
  const page = await browser.visit(`/settings/vendors/${vendor}/connect`);
  assert.equal(page.response.status, 200);
  const result = await browser.submit(page.body, `/settings/vendors/${vendor}/connect`, fields);
  return { status: result.response.status, body: result.body ?? '', location: result.location };
}

describe('ConnectWise PSA', () => {
  let access;
  before(async () => {
    psa.reset();
    access = await token(await signUp('psa'), 'connectwise-psa');
  });

  test('the client id comes from the operator setting, and the connect page does not ask for it', async () => {
    const browser = await signUp('psa-page');
    const { body } = await browser.visit('/settings/vendors/connectwise-psa/connect');
    const advanced = body.indexOf('<details class="advanced"');
    assert.ok(advanced > 0, 'the page has an Advanced section');
    const input = body.indexOf('name="client_id"');
    assert.ok(input > advanced, 'the client id field is only under Advanced');
    assert.doesNotMatch(body.slice(advanced), /name="client_id"[^>]* required/, 'and optional');
    assert.doesNotMatch(body, /<details class="advanced"[^>]* open/, 'Advanced starts closed');
    assert.match(body, /<datalist id="choices-site">[\s\S]*South Africa/, 'the cloud sites are offered');
    const api = psa.requests.filter((r) => r.path.includes('/apis/3.0/'));
    assert.ok(api.length >= 1, 'the connection was tested');
    for (const request of api) assert.equal(request.headers.clientid, CWPSA.clientId, `${request.path} carries the operator's client id`);
    const basic = Buffer.from(`${CWPSA.companyId}+${CWPSA.publicKey}:${CWPSA.privateKey}`).toString('base64');
    assert.equal(api[0].headers.authorization, `Basic ${basic}`);
    assert.equal(psa.requests.filter((r) => r.path === `/login/companyinfo/${CWPSA.companyId}`).length, 1, 'the codebase was looked up once');
  });

  test('a client id under Advanced replaces the operator\'s', async () => {
    const browser = await signUp('psa-advanced');
    psa.reset();
    const { status, body } = await connectPage(browser, 'connectwise-psa', { ...gateway.vendorKeys['connectwise-psa'], client_id: OTHER_CLIENT_ID });
    assert.equal(status, 422, 'the mock accepts only the operator\'s client id');
    assert.match(body, /The clientId is not valid/);
    assert.match(body, /<details class="advanced"[^>]* open/, 'Advanced opens to show the value');
    assert.ok(psa.requests.some((r) => r.headers.clientid === OTHER_CLIENT_ID));
    const bad = await connectPage(browser, 'connectwise-psa', { ...gateway.vendorKeys['connectwise-psa'], client_id: 'not-a-guid' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /client id is not in the form the vendor issues/i);
  });

  test('a condition value containing " and ) stays a value', async () => {
    psa.reset();
    const found = ok(await call('connectwise-psa', access, 'cwpsa_search_tickets', { summary: 'printer "jam")' }));
    assert.deepEqual(found.items.map((t) => t.id), [1003]);
    const [sent] = psa.requests.filter((r) => r.path.endsWith('/service/tickets'));
    assert.equal(sent.query.conditions, 'summary like "%printer \\"jam\\")%"');
    const hostile = ok(await call('connectwise-psa', access, 'cwpsa_search_tickets', { summary: '" or id > 0 or summary like "' }));
    assert.deepEqual(hostile.items, [], 'the words did not widen the search');
  });

  test('page two and three come through the Link header', async () => {
    psa.reset();
    const first = ok(await call('connectwise-psa', access, 'cwpsa_search_tickets', { company_id: 250, limit: 3 }));
    assert.deepEqual(first.items.map((t) => t.id), [1001, 1002, 1003]);
    assert.equal(first.truncated, true);
    assert.equal(first.total, 7, 'counted with /service/tickets/count');
    assert.ok(first.next_cursor);
    const rest = ok(await call('connectwise-psa', access, 'cwpsa_search_tickets', { company_id: 250, cursor: first.next_cursor }));
    assert.deepEqual(rest.items.map((t) => t.id), [1004, 1005, 1006, 1007]);
    assert.equal(rest.truncated, false);
    const pages = psa.requests.filter((r) => r.path.endsWith('/service/tickets'));
    assert.deepEqual(pages.map((r) => [r.query.page ?? '1', r.query.pageSize]), [['1', '3'], ['2', '3'], ['3', '3']], 'pages two and three are the Link targets');
    for (const page of pages) assert.equal(page.query.conditions, 'company/id = 250');
    const [counted] = psa.requests.filter((r) => r.path.endsWith('/service/tickets/count'));
    assert.deepEqual(counted.query, { conditions: 'company/id = 250' });
  });

  test('a status name is resolved on the ticket\'s own board, and an unknown one is listed', async () => {
    psa.reset();
    const helpDesk = ok(await call('connectwise-psa', access, 'cwpsa_update_ticket', { ticket_id: 1002, status: 'In Progress' }));
    assert.equal(helpDesk.status.id, 2, 'In Progress of Help Desk');
    const escalations = ok(await call('connectwise-psa', access, 'cwpsa_update_ticket', { ticket_id: 1005, status: 'in progress' }));
    assert.equal(escalations.status.id, 12, 'In Progress of Escalations');
    const patches = psa.requests.filter((r) => r.method === 'PATCH').map((r) => JSON.parse(r.body));
    assert.deepEqual(patches, [
      [{ op: 'replace', path: '/status', value: { id: 2 } }],
      [{ op: 'replace', path: '/status', value: { id: 12 } }],
    ]);
    const unknown = await call('connectwise-psa', access, 'cwpsa_update_ticket', { ticket_id: 1005, status: 'Waiting Customer' });
    assert.equal(unknown.isError, true);
    assert.match(textOf(unknown), /status of the ticket's board \(Escalations\): New, In Progress, Vendor Escalation, >Closed/);
    assert.equal(psa.requests.filter((r) => r.method === 'PATCH').length, 2, 'nothing was changed');
  });

  test('a 429 with Retry-After is waited out', async () => {
    psa.reset();
    psa.fail({ status: 429, retryAfter: 1, path: '/system/info' });
    const started = Date.now();
    const info = ok(await call('connectwise-psa', access, 'cwpsa_get_system_info', {}));
    assert.equal(info.version, 'v2025.1.10431');
    assert.ok(Date.now() - started >= 1000, 'the gateway waited the second it was asked to');
    assert.equal(psa.requests.filter((r) => r.path.endsWith('/system/info')).length, 2);
  });

  test('an InvalidObject answer becomes an error naming the field', async () => {
    psa.reset();
    const result = await call('connectwise-psa', access, 'cwpsa_create_ticket', { summary: 'Test', company_id: 250, board: 'Nowhere' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /ticket object is invalid \(board: Service Board not found\.\)/);
  });
});

describe('ConnectWise Automate', () => {
  test('the token is renewed after it expires', async () => {
    cwa.reset();
    const access = await token(await signUp('cwa-renew'), 'connectwise-automate');
    assert.equal(cwa.logins(), 1, 'the connection test signed in');
    const login = cwa.requests.find((r) => r.path === '/cwa/api/v1/apitoken');
    assert.equal(login.headers.clientid, CWA.clientId, 'with the operator\'s client id');
    assert.deepEqual(JSON.parse(login.body), { UserName: CWA.username, Password: CWA.password });
    ok(await call('connectwise-automate', access, 'cwa_list_clients', {}));
    assert.equal(cwa.logins(), 1, 'the cached token is used');
    cwa.expireTokens();
    const clients = ok(await call('connectwise-automate', access, 'cwa_list_clients', {}));
    assert.equal(clients.items.length, 3);
    assert.equal(cwa.logins(), 2, 'a new token after the old one expired');
    const pages = cwa.requests.filter((r) => r.path === '/cwa/api/v1/Clients' && r.headers.authorization);
    assert.ok(pages.every((r) => r.headers.clientid === CWA.clientId));
    assert.deepEqual(pages.slice(-2).map((r) => r.query.page), ['1', '2'], 'bare arrays paged until an empty one');
  });

  test('a two-factor account connects with a passcode, and asks to reconnect when it must sign in again', async () => {
    cwa.reset();
    const keys = { server: 'https://contoso.hostedrmm.com', username: CWA.twoFactorUser, password: CWA.twoFactorPassword };
    const browser = await signUp('cwa-2fa', { 'connectwise-automate': keys });
    const asked = await connectPage(browser, 'connectwise-automate', keys);
    assert.equal(asked.status, 422);
    assert.match(asked.body, /asks for a two-factor passcode/);
    assert.match(asked.body, /integrator account without two-factor prompts/);
    const connected = await connectPage(browser, 'connectwise-automate', { ...keys, two_factor_passcode: CWA.passcodes[0] });
    assert.equal(connected.status, 200, connected.body.slice(0, 500));
    assert.doesNotMatch(connected.body, /action="\/settings\/vendors\/connectwise-automate\/connect"/, 'back on the vendors page');
    const access = await token(browser, 'connectwise-automate');
    const computers = ok(await call('connectwise-automate', access, 'cwa_list_computers', { status: 'online', client_id: 1 }));
    assert.deepEqual(computers.items.map((c) => c.ComputerName).sort(), ['CD-DC01', 'CD-FRONT-PC', 'CD-LAPTOP-07']);
    cwa.expireTokens();
    const later = await call('connectwise-automate', access, 'cwa_list_computers', {});
    assert.equal(later.isError, true);
    assert.match(textOf(later), /enter new keys at .*\/settings\/vendors\/connectwise-automate\/connect/);
    const { body } = await browser.visit('/settings/vendors');
    assert.match(body, /Needs new keys/, 'the connection is marked for reconnecting');
    assert.match(body, /two-factor passcode is not valid/, 'with the server\'s reason');
  });

  test('a command is polled from pending to done; an offline computer\'s stays pending', async () => {
    cwa.reset();
    const access = await token(await signUp('cwa-command'), 'connectwise-automate');
    const sent = ok(await call('connectwise-automate', access, 'cwa_run_command', { computer_id: 104, command: 'Get-Service spooler', shell: 'powershell' }));
    const body = JSON.parse(cwa.requests.find((r) => r.method === 'POST' && r.path.endsWith('/CommandExecute')).body);
    assert.deepEqual(body, { ComputerId: 104, Command: { Id: 2 }, Parameters: ['powershell.exe!!! -NonInteractive -Command Get-Service spooler'] });
    const states = [];
    let last;
    for (let poll = 0; poll < 5 && last?.state !== 'done'; poll++) {
      last = ok(await call('connectwise-automate', access, 'cwa_get_command_result', { computer_id: 104, command_id: sent.Id }));
      states.push(last.state);
    }
    assert.deepEqual(states, ['pending', 'running', 'done']);
    assert.match(last.output, /^CD-LAPTOP-07: .*Get-Service spooler\nCompleted successfully\.$/);
    const offline = ok(await call('connectwise-automate', access, 'cwa_run_command', { computer_id: 103, command: 'hostname' }));
    for (let poll = 0; poll < 3; poll++) {
      last = ok(await call('connectwise-automate', access, 'cwa_get_command_result', { computer_id: 103, command_id: offline.Id }));
      assert.equal(last.state, 'pending');
    }
    assert.match(last.note, /offline computer/);
    const unknown = await call('connectwise-automate', access, 'cwa_get_command_result', { computer_id: 103, command_id: 1 });
    assert.equal(unknown.isError, true);
    assert.match(textOf(unknown), /command_id/);
  });
});
