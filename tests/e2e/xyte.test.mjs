// Xyte through the vendor kit, on the wire, against wrangler dev and the Xyte mock
// (tests/mocks/xyte/): the raw organization key in `Authorization` (never `Bearer <key>`, even
// when the key was pasted with one), lists paged by `has_next_page` and by `next_page` and bare
// arrays taken whole, and an incident window over 31 days refused with a clear message before
// anything is sent. Every client's run of every Xyte tool is in clients.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { modernRequest, textOf } from '../support/rpc.mjs';
import { XYTE_IDS as I, XYTE_KEY, xyteFixtures } from '../mocks/xyte/mock.mjs';

const PASSWORD = 'correct horse battery staple';
const EXTRA_DEVICES = 120;
const EXTRA_SPACES = 110;

let gateway;
let mock;

before(async () => {
  // More devices and spaces than one page of 100 holds.
  gateway = await startGateway({ mocks: { xyte: { extraDevices: EXTRA_DEVICES, extraSpaces: EXTRA_SPACES } } });
  mock = gateway.mocks.xyte;
});
after(async () => gateway?.stop());

/** A signed-up person connected to Xyte with `apiKey`, and a token that may read and write. */
async function person(slug, apiKey = XYTE_KEY) {
  const browser = new Browser(gateway.url, { ...gateway.vendorKeys, xyte: { api_key: apiKey } });
  await browser.signUp({ email: `${slug}@msp.example`, password: PASSWORD, organisation: `${slug} MSP` });
  const { exchange } = await grant(gateway.url, browser, {
    vendor: 'xyte',
    scope: 'tools:read tools:write offline_access',
    consent: { scopes: ['tools:read', 'tools:write', 'offline_access'] },
  });
  assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
  return { browser, token: exchange.body.access_token };
}

const call = async (token, name, args) =>
  (await modernRequest(`${gateway.url}/v1/xyte`, token, 'tools/call', { name, arguments: args })).json.result;
const requestsTo = (suffix) => mock.requests.filter((r) => r.path.endsWith(suffix));

describe('authentication', () => {
  test('the key goes raw in Authorization; Bearer <key> is never sent', async () => {
    mock.reset();
    const { token } = await person('raw');
    // A key pasted with its scheme is sent without it.
    const { token: pasted } = await person('pasted', `Bearer ${XYTE_KEY}`);
    for (const [who, tokenOf] of [['raw', token], ['pasted', pasted]]) {
      const result = await call(tokenOf, 'xyte_get_organization', {});
      assert.equal(result.isError, false, `${who}: ${textOf(result)}`);
      assert.equal(result.structuredContent.name, 'Green Energy Corp');
    }
    assert.ok(mock.requests.length >= 4, 'two connection tests and two calls');
    for (const request of mock.requests) {
      assert.equal(request.headers.authorization, XYTE_KEY);
      assert.ok(request.path.startsWith('/hub.xyte.io/core/v1/organization/'), request.path);
    }
    assert.equal(mock.bearerAttempts(), 0);
  });
});

describe('lists', () => {
  let token;
  before(async () => {
    ({ token } = await person('lists'));
  });

  const allDevices = xyteFixtures.devices.length + EXTRA_DEVICES;

  for (const style of ['has_next_page', 'next_page']) {
    test(`devices are paged by ${style}`, async () => {
      mock.reset();
      mock.envelope('devices', style);
      const result = await call(token, 'xyte_list_devices', { limit: 500 });
      assert.equal(result.isError, false, textOf(result));
      assert.equal(result.structuredContent.count, allDevices);
      assert.equal(result.structuredContent.truncated, false);
      assert.equal(new Set(result.structuredContent.items.map((d) => d.id)).size, allDevices, 'no device twice');
      const pages = requestsTo('/devices');
      assert.deepEqual(pages.map((p) => [p.query.page, p.query.per_page]), [['1', '100'], ['2', '100']]);
    });
  }

  test('spaces are paged by next_page, and a limit stops with a cursor that goes on', async () => {
    mock.reset();
    const all = xyteFixtures.spaces.length + EXTRA_SPACES;
    const first = await call(token, 'xyte_list_spaces', { limit: 60 });
    assert.equal(first.isError, false, textOf(first));
    assert.equal(first.structuredContent.count, 60);
    assert.equal(first.structuredContent.truncated, true);
    const rest = await call(token, 'xyte_list_spaces', { limit: 500, cursor: first.structuredContent.next_cursor });
    assert.equal(rest.isError, false, textOf(rest));
    const ids = [...first.structuredContent.items, ...rest.structuredContent.items].map((s) => s.id);
    assert.equal(ids.length, all);
    assert.equal(new Set(ids).size, all, 'every space once');
    assert.ok(requestsTo('/spaces').every((r) => Number(r.query.per_page) <= 100), 'per_page never above 100');
  });

  test('tickets come whole as a bare array, asked for without paging', async () => {
    mock.reset();
    const result = await call(token, 'xyte_list_tickets', { limit: 1 });
    assert.equal(result.isError, false, textOf(result));
    assert.equal(result.structuredContent.count, 1);
    assert.equal(result.structuredContent.truncated, true);
    const [sent] = requestsTo('/tickets');
    assert.deepEqual(sent.query, {});
    const more = await call(token, 'xyte_list_tickets', { cursor: result.structuredContent.next_cursor });
    assert.deepEqual(
      [...result.structuredContent.items, ...more.structuredContent.items].map((t) => t.id),
      [I.ticketHdmi, I.ticketNoise],
    );
  });
});

describe('time windows', () => {
  let token;
  before(async () => {
    ({ token } = await person('windows'));
  });

  test('an incident range over 31 days is refused with a clear message before anything is sent', async () => {
    mock.reset();
    const result = await call(token, 'xyte_list_incidents', { from: '2026-09-01', to: '2026-11-01' });
    assert.equal(result.isError, true);
    const text = textOf(result);
    assert.match(text, /argument `to` is 61\.0 days after `from`, and Xyte answers windows of at most 31 days/);
    assert.match(text, /the first from 2026-09-01T00:00:00Z to 2026-10-02T00:00:00Z/);
    assert.equal(requestsTo('/incidents').length, 0);
    const half = await call(token, 'xyte_list_incidents', { from: '2026-11-01' });
    assert.equal(half.isError, true);
    assert.match(textOf(half), /both `from` and `to`/);
    const histories = await call(token, 'xyte_list_device_histories', { from: '2026-09-01', to: '2026-11-01' });
    assert.equal(histories.isError, true);
    assert.match(textOf(histories), /at most 31 days/);
    assert.equal(mock.requests.length, 0);
  });

  test('a window of 31 days goes as epoch seconds', async () => {
    mock.reset();
    const result = await call(token, 'xyte_list_incidents', { from: '2026-10-03T00:00:00Z', to: '2026-11-03T00:00:00Z', priority: 'critical' });
    assert.equal(result.isError, false, textOf(result));
    assert.deepEqual(result.structuredContent.items.map((i) => i.uuid), ['inc_7002']);
    const [sent] = requestsTo('/incidents');
    assert.deepEqual(
      [sent.query.from, sent.query.to, sent.query.priority],
      [String(Date.UTC(2026, 9, 3) / 1000), String(Date.UTC(2026, 10, 3) / 1000), 'critical'],
    );
  });
});
