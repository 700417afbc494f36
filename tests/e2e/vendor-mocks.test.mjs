// The offline vendor mocks themselves (tests/mocks/): Datto RMM and IT Glue auth, envelopes,
// pagination walks, filters, rate limits, fault injection and token expiry. No gateway needed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DATTO_IDS, dattoFixtures, startDattoMock } from '../mocks/datto-rmm/mock.mjs';
import { ITGLUE_IDS, itglueFixtures, startITGlueMock } from '../mocks/itglue/mock.mjs';

const PUBLIC_CLIENT = `Basic ${Buffer.from('public-client:public').toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

// ---- Datto helpers ----------------------------------------------------------------------------

function requestToken(mock, { apiKey = 'datto-key', apiSecret = 'datto-secret', client = PUBLIC_CLIENT, grantType = 'password' } = {}) {
  const body = new URLSearchParams({ grant_type: grantType, username: apiKey, password: apiSecret });
  return fetch(`${mock.url}/auth/oauth/token`, {
    method: 'POST',
    headers: { ...(client && { authorization: client }), 'content-type': FORM },
    body: body.toString(),
  });
}

async function token(mock, credentials) {
  const response = await requestToken(mock, credentials);
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

const bearer = (accessToken) => ({ authorization: `Bearer ${accessToken}` });

async function dattoGet(mock, accessToken, path) {
  const response = await fetch(`${mock.url}/api${path}`, { headers: bearer(accessToken) });
  return { status: response.status, headers: response.headers, body: await readJson(response) };
}

async function readJson(response) {
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** Follows nextPageUrl to the end; returns the items and every page envelope. */
async function walkDatto(firstUrl, headers, key) {
  const items = [];
  const pages = [];
  for (let url = firstUrl; url; ) {
    const response = await fetch(url, { headers });
    assert.equal(response.status, 200);
    const page = await response.json();
    pages.push(page.pageDetails);
    items.push(...page[key]);
    url = page.pageDetails.nextPageUrl;
    assert.ok(pages.length < 50, 'pagination does not end');
  }
  return { items, pages };
}

// ---- Datto RMM ------------------------------------------------------------------------------------

describe('Datto RMM mock: token endpoint', () => {
  let mock;
  before(async () => { mock = await startDattoMock(); });
  after(() => mock.stop());

  test('issues a bearer token for the public client and a valid key pair', async () => {
    const response = await requestToken(mock);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    const body = await response.json();
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 360000);
    assert.equal(typeof body.access_token, 'string');
    assert.notEqual(await token(mock), body.access_token, 'every token is new');
  });

  test('a wrong secret or key is invalid_grant (400)', async () => {
    for (const credentials of [{ apiSecret: 'nope' }, { apiKey: 'other-key' }]) {
      const response = await requestToken(mock, credentials);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'invalid_grant', error_description: 'Bad credentials' });
    }
  });

  test('a missing or wrong Basic client is 401 unauthorized', async () => {
    const wrongClient = `Basic ${Buffer.from('public-client:secret').toString('base64')}`;
    for (const client of [null, wrongClient]) {
      const response = await requestToken(mock, { client });
      assert.equal(response.status, 401);
      assert.equal((await response.json()).error, 'unauthorized');
    }
  });

  test('another grant type is unsupported_grant_type (400)', async () => {
    const response = await requestToken(mock, { grantType: 'client_credentials' });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'unsupported_grant_type');
  });

  test('a JSON body carries no grant type', async () => {
    const response = await fetch(`${mock.url}/auth/oauth/token`, {
      method: 'POST',
      headers: { authorization: PUBLIC_CLIENT, 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'datto-key', password: 'datto-secret' }),
    });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, 'invalid_request');
  });

  test('the API secret travels only in the token request body, the token only in Authorization', async () => {
    mock.reset();
    const accessToken = await token(mock);
    await dattoGet(mock, accessToken, '/v2/account');
    const withSecret = mock.requests.filter((r) => JSON.stringify(r).includes('datto-secret'));
    assert.equal(withSecret.length, 1);
    assert.equal(withSecret[0].path, '/auth/oauth/token');
    assert.ok(!JSON.stringify(withSecret[0].headers).includes('datto-secret'));
    const withToken = mock.requests.filter((r) => JSON.stringify(r).includes(accessToken));
    assert.deepEqual(withToken.map((r) => r.headers.authorization), [`Bearer ${accessToken}`]);
  });
});

describe('Datto RMM mock: bearer auth and token lifetime', () => {
  test('API calls need a bearer token issued by the mock', async () => {
    const mock = await startDattoMock();
    try {
      const missing = await fetch(`${mock.url}/api/v2/account`);
      assert.equal(missing.status, 401);
      assert.match(missing.headers.get('www-authenticate'), /^Bearer /);
      assert.equal((await missing.json()).error, 'unauthorized');
      const bogus = await dattoGet(mock, 'not-a-token', '/v2/account');
      assert.equal(bogus.status, 401);
      assert.equal(bogus.body.error, 'invalid_token');
      const ok = await dattoGet(mock, await token(mock), '/v2/account');
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.body, dattoFixtures.account);
      const status = await fetch(`${mock.url}/api/v2/system/status`);
      assert.equal(status.status, 200, 'system/status needs no token');
    } finally {
      await mock.stop();
    }
  });

  test('tokens expire after tokenTtlSeconds', async () => {
    const mock = await startDattoMock({ tokenTtlSeconds: 0.3 });
    try {
      const accessToken = await token(mock);
      assert.equal((await dattoGet(mock, accessToken, '/v2/account')).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 350));
      const expired = await dattoGet(mock, accessToken, '/v2/account');
      assert.equal(expired.status, 401);
      assert.equal(expired.body.error_description, 'Access token expired');
    } finally {
      await mock.stop();
    }
  });

  test('expireTokens() invalidates issued tokens; new ones work', async () => {
    const mock = await startDattoMock();
    try {
      const old = await token(mock);
      mock.expireTokens();
      assert.equal((await dattoGet(mock, old, '/v2/account')).status, 401);
      assert.equal((await dattoGet(mock, await token(mock), '/v2/account')).status, 200);
    } finally {
      await mock.stop();
    }
  });

  test('revokeCredentials() refuses that key pair at the token endpoint only', async () => {
    const mock = await startDattoMock({
      credentials: [{ apiKey: 'k1', apiSecret: 's1' }, { apiKey: 'k2', apiSecret: 's2' }],
    });
    try {
      const issued = await token(mock, { apiKey: 'k1', apiSecret: 's1' });
      mock.revokeCredentials('k1');
      assert.equal((await requestToken(mock, { apiKey: 'k1', apiSecret: 's1' })).status, 400);
      assert.equal((await requestToken(mock, { apiKey: 'k2', apiSecret: 's2' })).status, 200);
      assert.equal((await dattoGet(mock, issued, '/v2/account')).status, 200);
    } finally {
      await mock.stop();
    }
  });
});

describe('Datto RMM mock: data, envelopes and filters', () => {
  let mock;
  let accessToken;
  before(async () => {
    mock = await startDattoMock();
    accessToken = await token(mock);
  });
  after(() => mock.stop());
  beforeEach(() => mock.reset());

  test('walking devices with a small max returns every device exactly once', async () => {
    const { items, pages } = await walkDatto(`${mock.url}/api/v2/account/devices?max=4`, bearer(accessToken), 'devices');
    assert.deepEqual(items, dattoFixtures.devices);
    assert.deepEqual(pages.map((p) => p.count), [4, 4, 1]);
    assert.ok(pages.every((p) => p.totalCount === dattoFixtures.devices.length));
    assert.equal(pages[0].prevPageUrl, null);
    assert.equal(pages.at(-1).nextPageUrl, null);
    const next = new URL(pages[0].nextPageUrl);
    assert.equal(next.origin, mock.url, 'nextPageUrl is absolute on the mock origin');
    assert.equal(next.pathname, '/api/v2/account/devices');
    assert.deepEqual(Object.fromEntries(next.searchParams), { max: '4', page: '1' });
    assert.equal(new URL(pages[1].prevPageUrl).searchParams.get('page'), '0');
  });

  test('records use epoch-millisecond timestamps and the spec fields', async () => {
    const { body } = await dattoGet(mock, accessToken, `/v2/device/${DATTO_IDS.deviceDc}`);
    assert.equal(body.hostname, 'NW-DC01');
    for (const field of ['lastSeen', 'lastReboot', 'lastAuditDate', 'creationDate']) {
      assert.equal(typeof body[field], 'number', field);
      assert.ok(body[field] > 1e12, `${field} is in milliseconds`);
    }
    assert.deepEqual(body.deviceType, { category: 'Server', type: 'Physical' });
    assert.equal(body.udf.udf1, 'Tier 1');
    assert.equal(body.antivirus.antivirusStatus, 'RunningAndUpToDate');
    const byId = await dattoGet(mock, accessToken, `/v2/device/id/${DATTO_IDS.deviceDcId}`);
    assert.deepEqual(byId.body, body);
  });

  test('max is capped by the page size of the platform', async () => {
    const small = await startDattoMock({ maxPageSize: 2 });
    try {
      const t = await token(small);
      const { body } = await dattoGet(small, t, '/v2/account/devices?max=100');
      assert.equal(body.devices.length, 2);
      assert.equal(new URL(body.pageDetails.nextPageUrl).searchParams.get('max'), '2');
      assert.deepEqual((await dattoGet(small, t, '/v2/system/pagination')).body, { max: 2 });
    } finally {
      await small.stop();
    }
    assert.deepEqual((await dattoGet(mock, accessToken, '/v2/system/pagination')).body, { max: 250 });
  });

  test('device filters are case-insensitive LIKE matches and combine', async () => {
    const hostnames = async (query) =>
      (await dattoGet(mock, accessToken, `/v2/account/devices?${query}`)).body.devices.map((d) => d.hostname);
    assert.deepEqual(await hostnames('hostname=nw-'), ['NW-DC01', 'NW-FS01', 'NW-WS-0142', 'NW-LT-0087', 'NW-PRN-2F']);
    assert.deepEqual(await hostnames('operatingSystem=server'), ['NW-DC01', 'NW-FS01']);
    assert.deepEqual(await hostnames('deviceType=printer'), ['NW-PRN-2F']);
    assert.deepEqual(await hostnames('siteName=fabrikam&deviceType=laptop'), ['FAB-MBP-DRLEE']);
    assert.deepEqual(await hostnames('hostname=does-not-exist'), []);
  });

  test('filterId alone decides the result; an unknown filter is 404', async () => {
    const servers = await dattoGet(mock, accessToken, `/v2/account/devices?filterId=${DATTO_IDS.filterServers}&hostname=zzz`);
    assert.deepEqual(servers.body.devices.map((d) => d.hostname), ['NW-DC01', 'NW-FS01', 'CMSP-MON01']);
    assert.equal((await dattoGet(mock, accessToken, '/v2/account/devices?filterId=999')).status, 404);
    const defaults = await dattoGet(mock, accessToken, '/v2/filter/default-filters');
    assert.deepEqual(defaults.body.filters.map((f) => f.id), [110, 111]);
  });

  test('sites, site devices and unknown uids', async () => {
    const sites = await dattoGet(mock, accessToken, '/v2/account/sites?siteName=northwind');
    assert.deepEqual(sites.body.sites.map((s) => s.uid), [DATTO_IDS.siteNorthwind]);
    assert.deepEqual(sites.body.sites[0].devicesStatus, { numberOfDevices: 5, numberOfOnlineDevices: 4, numberOfOfflineDevices: 1 });
    const site = await dattoGet(mock, accessToken, `/v2/site/${DATTO_IDS.siteFabrikam}`);
    assert.equal(site.body.name, 'Fabrikam Dental Group');
    const devices = await dattoGet(mock, accessToken, `/v2/site/${DATTO_IDS.siteFabrikam}/devices`);
    assert.deepEqual(devices.body.devices.map((d) => d.hostname), ['FAB-RECEPTION', 'FAB-MBP-DRLEE', 'FAB-FW01']);
    for (const path of ['/v2/site/nope', '/v2/site/nope/devices', '/v2/device/nope', '/v2/device/id/1', '/v2/alert/nope', '/v2/job/nope']) {
      const missing = await dattoGet(mock, accessToken, path);
      assert.equal(missing.status, 404, path);
      assert.equal(missing.body.status, 404);
    }
    assert.equal((await dattoGet(mock, accessToken, '/v2/no/such/path')).status, 404);
  });

  test('malformed paging parameters are 400', async () => {
    assert.equal((await dattoGet(mock, accessToken, '/v2/account/devices?page=-1')).status, 400);
    assert.equal((await dattoGet(mock, accessToken, '/v2/account/devices?max=ten')).status, 400);
  });

  test('open and resolved alerts at account, site and device level, with muted', async () => {
    const uids = async (path) => (await dattoGet(mock, accessToken, path)).body.alerts.map((a) => a.alertUid);
    const open = await dattoGet(mock, accessToken, '/v2/account/alerts/open');
    assert.equal(open.body.pageDetails.totalCount, 6);
    assert.ok(open.body.alerts.every((a) => !a.resolved && a.alertContext['@class']));
    const times = open.body.alerts.map((a) => a.timestamp);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    assert.equal((await uids('/v2/account/alerts/resolved')).length, 3);
    assert.deepEqual(await uids('/v2/account/alerts/open?muted=true'), [DATTO_IDS.alertOpenMuted]);
    assert.equal((await uids('/v2/account/alerts/open?muted=false')).length, 5);
    assert.equal((await uids(`/v2/site/${DATTO_IDS.siteNorthwind}/alerts/open`)).length, 4);
    assert.deepEqual(await uids(`/v2/device/${DATTO_IDS.deviceDc}/alerts/resolved`), [DATTO_IDS.alertResolved]);
    const { items } = await walkDatto(`${mock.url}/api/v2/account/alerts/open?max=4`, bearer(accessToken), 'alerts');
    assert.deepEqual(items, open.body.alerts);
  });

  test('resolving an alert moves it to the resolved list; resolving again is a no-op 200', async () => {
    const path = `${mock.url}/api/v2/alert/${DATTO_IDS.alertOpenCpu}/resolve`;
    const first = await fetch(path, { method: 'POST', headers: bearer(accessToken) });
    assert.equal(first.status, 200);
    assert.equal(await first.text(), '');
    const resolved = (await dattoGet(mock, accessToken, `/v2/alert/${DATTO_IDS.alertOpenCpu}`)).body;
    assert.equal(resolved.resolved, true);
    assert.equal(resolved.resolvedBy, 'datto-key');
    assert.equal(typeof resolved.resolvedOn, 'number');
    const again = await fetch(path, { method: 'POST', headers: bearer(accessToken) });
    assert.equal(again.status, 200);
    assert.equal((await dattoGet(mock, accessToken, `/v2/alert/${DATTO_IDS.alertOpenCpu}`)).body.resolvedOn, resolved.resolvedOn);
    assert.equal((await dattoGet(mock, accessToken, '/v2/account/alerts/open')).body.pageDetails.totalCount, 5);
    mock.reset();
    assert.equal((await dattoGet(mock, accessToken, '/v2/account/alerts/open')).body.pageDetails.totalCount, 6, 'reset() restores the data');
  });

  test('a quick job runs, completes on a later read and reports its output', async () => {
    const create = await fetch(`${mock.url}/api/v2/device/${DATTO_IDS.deviceDc}/quickjob`, {
      method: 'PUT',
      headers: { ...bearer(accessToken), 'content-type': 'application/json' },
      body: JSON.stringify({
        jobName: 'Restart spooler',
        jobComponent: { componentUid: DATTO_IDS.componentRestartService, variables: [{ name: 'serviceName', value: 'W32Time' }] },
      }),
    });
    assert.equal(create.status, 200);
    const created = await create.json();
    assert.equal(created.job.status, 'active');
    assert.equal(created.job.name, 'Restart spooler');
    assert.equal(typeof created.job.dateCreated, 'number');
    assert.deepEqual(created.jobComponents, [{
      uid: DATTO_IDS.componentRestartService,
      name: 'Restart Windows Service',
      variables: [{ name: 'serviceName', value: 'W32Time' }, { name: 'timeoutSeconds', value: '30' }],
    }]);
    const jobPath = `/v2/job/${created.job.uid}`;
    assert.equal((await dattoGet(mock, accessToken, jobPath)).body.status, 'active');
    assert.equal((await dattoGet(mock, accessToken, jobPath)).body.status, 'completed');
    const results = await dattoGet(mock, accessToken, `${jobPath}/results/${DATTO_IDS.deviceDc}`);
    assert.equal(results.body.jobDeploymentStatus, 'Success');
    assert.equal(results.body.componentResults[0].hasStdOut, true);
    const stdout = await dattoGet(mock, accessToken, `${jobPath}/results/${DATTO_IDS.deviceDc}/stdout`);
    assert.deepEqual(stdout.body, [{
      componentUid: DATTO_IDS.componentRestartService,
      componentName: 'Restart Windows Service',
      stdData: 'Service W32Time restarted; status: Running',
    }]);
    assert.deepEqual((await dattoGet(mock, accessToken, `${jobPath}/results/${DATTO_IDS.deviceDc}/stderr`)).body, []);
    assert.equal((await dattoGet(mock, accessToken, `${jobPath}/results/${DATTO_IDS.deviceWorkstation}`)).status, 404);
  });

  test('quick job validation: unknown device 404, unknown component or variable 400, wrong content type 415', async () => {
    const put = (deviceUid, body, contentType = 'application/json') => fetch(`${mock.url}/api/v2/device/${deviceUid}/quickjob`, {
      method: 'PUT', headers: { ...bearer(accessToken), 'content-type': contentType }, body: JSON.stringify(body),
    });
    const valid = { jobName: 'x', jobComponent: { componentUid: DATTO_IDS.componentClearTemp } };
    assert.equal((await put('nope', valid)).status, 404);
    assert.equal((await put(DATTO_IDS.deviceDc, { ...valid, jobComponent: { componentUid: 'nope' } })).status, 400);
    assert.equal((await put(DATTO_IDS.deviceDc, { ...valid, jobComponent: { ...valid.jobComponent, variables: [{ name: 'bogus', value: '1' }] } })).status, 400);
    assert.equal((await put(DATTO_IDS.deviceDc, { jobComponent: valid.jobComponent })).status, 400);
    assert.equal((await put(DATTO_IDS.deviceDc, valid, 'text/plain')).status, 415);
    assert.equal((await fetch(`${mock.url}/api/v2/device/${DATTO_IDS.deviceDc}/quickjob`, { headers: bearer(accessToken) })).status, 405);
  });

  test('components, audits and software; only class "device" has an audit', async () => {
    const components = await dattoGet(mock, accessToken, '/v2/account/components');
    assert.deepEqual(components.body.components, dattoFixtures.components);
    const audit = await dattoGet(mock, accessToken, `/v2/audit/device/${DATTO_IDS.deviceDc}`);
    assert.equal(audit.body.systemInfo.model, 'PowerEdge R450');
    const software = await dattoGet(mock, accessToken, `/v2/audit/device/${DATTO_IDS.deviceDc}/software?max=2`);
    assert.equal(software.body.pageDetails.totalCount, dattoFixtures.software[DATTO_IDS.deviceDc].length);
    assert.equal(software.body.software.length, 2);
    assert.equal((await dattoGet(mock, accessToken, `/v2/audit/device/${DATTO_IDS.devicePrinter}`)).status, 400);
    assert.equal((await dattoGet(mock, accessToken, `/v2/audit/device/${DATTO_IDS.deviceFirewall}/software`)).status, 400);
  });
});

describe('Datto RMM mock: rate limits', () => {
  test('past the account budget: 429 with Retry-After, counted per key pair', async () => {
    const mock = await startDattoMock({
      rateLimit: { limit: 3, windowMs: 60_000 },
      slowdown: false,
      credentials: [{ apiKey: 'a', apiSecret: 'a' }, { apiKey: 'b', apiSecret: 'b' }],
    });
    try {
      const first = await token(mock, { apiKey: 'a', apiSecret: 'a' });
      const second = await token(mock, { apiKey: 'a', apiSecret: 'a' });
      assert.equal((await dattoGet(mock, first, '/v2/account')).status, 200);
      assert.equal((await dattoGet(mock, second, '/v2/account')).status, 200);
      const rate = await dattoGet(mock, first, '/v2/system/request_rate');
      assert.equal(rate.body.accountCount, 3, 'both tokens of one key pair share the budget');
      assert.equal(rate.body.accountRateLimit, 3);
      const refused = await dattoGet(mock, second, '/v2/account');
      assert.equal(refused.status, 429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter >= 59 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      const other = await token(mock, { apiKey: 'b', apiSecret: 'b' });
      assert.equal((await dattoGet(mock, other, '/v2/account')).status, 200, 'another key pair has its own budget');
      mock.reset();
      assert.equal((await dattoGet(mock, first, '/v2/account')).status, 200, 'reset() clears the counters');
    } finally {
      await mock.stop();
    }
  });

  test('past 90 % of the budget each request is slowed down', async () => {
    const mock = await startDattoMock({ rateLimit: { limit: 10, windowMs: 60_000 }, slowdown: { ratio: 0.9, delayMs: 250 } });
    try {
      const t = await token(mock);
      const timings = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        assert.equal((await dattoGet(mock, t, '/v2/account')).status, 200);
        timings.push(performance.now() - started);
      }
      assert.ok(timings.slice(0, 9).every((ms) => ms < 200), `first nine fast: ${timings}`);
      assert.ok(timings[9] >= 245, `tenth slowed: ${timings[9]}`);
    } finally {
      await mock.stop();
    }
  });

  test('persistent 429s get the address blocked with 403', async () => {
    const mock = await startDattoMock({
      rateLimit: { limit: 1, windowMs: 60_000 }, slowdown: false, ipBlock: { after429s: 2, durationMs: 60_000 },
    });
    try {
      const t = await token(mock);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await dattoGet(mock, t, '/v2/account')).status);
      assert.deepEqual(statuses, [200, 429, 429, 403]);
      assert.equal((await requestToken(mock)).status, 403, 'the block covers the token endpoint too');
      mock.reset();
      assert.equal((await dattoGet(mock, t, '/v2/account')).status, 200);
    } finally {
      await mock.stop();
    }
  });
});

describe('Datto RMM mock: fault injection', () => {
  let mock;
  let accessToken;
  before(async () => {
    mock = await startDattoMock();
    accessToken = await token(mock);
  });
  after(() => mock.stop());
  beforeEach(() => mock.reset());

  test('a fault answers the next N matching requests, with Retry-After, then clears', async () => {
    mock.fail({ status: 503, times: 2, retryAfter: 7, path: '/alerts/' });
    assert.equal((await dattoGet(mock, accessToken, '/v2/account')).status, 200, 'path filter');
    for (let i = 0; i < 2; i++) {
      const failed = await dattoGet(mock, accessToken, '/v2/account/alerts/open');
      assert.equal(failed.status, 503);
      assert.equal(failed.headers.get('retry-after'), '7');
      assert.equal(failed.body.status, 503);
    }
    assert.equal((await dattoGet(mock, accessToken, '/v2/account/alerts/open')).status, 200);
  });

  test('faults come after auth unless beforeAuth; a custom body is sent as is', async () => {
    mock.fail({ status: 500, body: { custom: true } });
    assert.equal((await dattoGet(mock, 'bad-token', '/v2/account')).status, 401, 'auth first');
    const failed = await dattoGet(mock, accessToken, '/v2/account');
    assert.equal(failed.status, 500);
    assert.deepEqual(failed.body, { custom: true });
    mock.fail({ status: 502, beforeAuth: true });
    assert.equal((await dattoGet(mock, 'bad-token', '/v2/account')).status, 502);
  });

  test('the token endpoint can fail too', async () => {
    mock.fail({ status: 500, path: '/auth/oauth/token' });
    assert.equal((await requestToken(mock)).status, 500);
    assert.equal((await requestToken(mock)).status, 200);
  });

  test('delayMs hangs long enough for a client timeout; without status the answer is normal', async () => {
    mock.fail({ delayMs: 5_000 });
    await assert.rejects(
      fetch(`${mock.url}/api/v2/account`, { headers: bearer(accessToken), signal: AbortSignal.timeout(100) }),
      { name: 'TimeoutError' },
    );
    mock.fail({ delayMs: 60 });
    const started = performance.now();
    assert.equal((await dattoGet(mock, accessToken, '/v2/account')).status, 200);
    assert.ok(performance.now() - started >= 55);
  });

  test('fail() rejects a spec that does nothing', () => {
    assert.throws(() => mock.fail({}), TypeError);
    assert.throws(() => mock.fail({ status: 500, times: 0 }), TypeError);
    assert.throws(() => mock.fail({ status: 500, forMs: 0 }), TypeError);
  });

  test('forMs keeps a fault armed for a while, every matching request hit, and the log tells it apart', async () => {
    mock.fail({ status: 503, forMs: 300, path: '/devices' });
    for (let i = 0; i < 3; i++) {
      assert.equal((await dattoGet(mock, accessToken, '/v2/account/devices')).status, 503);
    }
    await new Promise((resolve) => setTimeout(resolve, 350));
    assert.equal((await dattoGet(mock, accessToken, '/v2/account/devices')).status, 200, 'over once the time is up');
    assert.deepEqual(mock.injected(), { 503: 3 });
    assert.deepEqual(mock.requests.map((r) => [r.status, r.injected ?? false]), [[503, true], [503, true], [503, true], [200, false]]);
    assert.ok(mock.requests.every((r, i) => i === 0 || r.at >= mock.requests[i - 1].at));
    assert.ok(mock.requests[3].at - mock.requests[0].at >= 300, 'at is when each request arrived');
    assert.equal(mock.accountOf(accessToken), 'datto-key');
  });

  test('the request log records method, path, query, lowercased headers and body', async () => {
    await dattoGet(mock, accessToken, '/v2/account/devices?max=2&hostname=NW');
    assert.deepEqual(mock.requests.map((r) => [r.method, r.path]), [['GET', '/api/v2/account/devices']]);
    assert.deepEqual(mock.requests[0].query, { max: '2', hostname: 'NW' });
    assert.equal(mock.requests[0].headers.authorization, `Bearer ${accessToken}`);
    assert.equal(mock.requests[0].body, '');
  });
});

test('stop() ends a hanging request and closes keep-alive sockets', async () => {
  const mock = await startDattoMock();
  const t = await token(mock);
  mock.fail({ delayMs: 30_000 });
  const hanging = fetch(`${mock.url}/api/v2/account`, { headers: bearer(t) }).then(() => 'answered', () => 'closed');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = performance.now();
  await mock.stop();
  assert.ok(performance.now() - started < 1000);
  assert.equal(await hanging, 'closed');
  await assert.rejects(fetch(`${mock.url}/api/v2/system/status`));
});

// ---- IT Glue ------------------------------------------------------------------------------------

const ITG_KEY = 'ITG.test-key';

async function itg(mock, path, { key = ITG_KEY, method = 'GET', headers = {}, body } = {}) {
  const response = await fetch(`${mock.url}${path}`, {
    method, body, headers: { ...(key && { 'x-api-key': key }), ...headers },
  });
  return { status: response.status, headers: response.headers, body: await readJson(response) };
}

/** Follows links.next to the end. */
async function walkITGlue(firstUrl, key = ITG_KEY) {
  const data = [];
  const metas = [];
  for (let url = firstUrl; url; ) {
    const response = await fetch(url, { headers: { 'x-api-key': key } });
    assert.equal(response.status, 200);
    const page = await response.json();
    data.push(...page.data);
    metas.push({ meta: page.meta, links: page.links });
    url = page.links.next;
    assert.ok(metas.length < 50, 'pagination does not end');
  }
  return { data, metas };
}

const ids = (document) => document.data.map((r) => r.id);

describe('IT Glue mock: auth and errors', () => {
  let mock;
  before(async () => { mock = await startITGlueMock(); });
  after(() => mock.stop());

  test('a missing or unknown x-api-key is a JSON:API 401', async () => {
    for (const key of [null, 'ITG.wrong']) {
      const response = await itg(mock, '/organizations', { key });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('content-type'), /^application\/vnd\.api\+json/);
      assert.equal(response.body.errors[0].status, 401);
      assert.equal(response.body.errors[0].title, 'Unauthorized');
    }
    const ok = await itg(mock, '/organizations');
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type'), /^application\/vnd\.api\+json/);
  });

  test('invalidKeyStatus: 403 follows the developer docs', async () => {
    const strict = await startITGlueMock({ invalidKeyStatus: 403 });
    try {
      assert.equal((await itg(strict, '/organizations', { key: 'ITG.wrong' })).status, 403);
      assert.equal((await itg(strict, '/organizations', { key: null })).status, 401);
    } finally {
      await strict.stop();
    }
  });

  test('unknown ids, unknown organizations in nested routes and GET /documents are 404', async () => {
    for (const path of ['/organizations/999', '/configurations/1', '/passwords/1', '/documents/1', '/flexible_assets/1',
      '/organizations/999/relationships/configurations', `/organizations/${ITGLUE_IDS.orgFabrikam}/relationships/configurations/${ITGLUE_IDS.configNwDc}`,
      '/documents', '/nope']) {
      const response = await itg(mock, path);
      assert.equal(response.status, 404, path);
      assert.equal(response.body.errors[0].status, 404);
    }
  });

  test('write requests with another content type are 415', async () => {
    const body = JSON.stringify({ data: { type: 'organizations', attributes: { name: 'X' } } });
    const wrong = await itg(mock, '/organizations', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(wrong.status, 415);
    assert.equal(wrong.body.errors[0].status, 415);
    const right = await itg(mock, '/organizations', { method: 'POST', body, headers: { 'content-type': 'application/vnd.api+json' } });
    assert.notEqual(right.status, 415, 'the right content type passes the check (the mock implements no writes)');
  });
});

describe('IT Glue mock: JSON:API lists', () => {
  let mock;
  before(async () => { mock = await startITGlueMock(); });
  after(() => mock.stop());

  test('the list envelope: string ids, kebab-case attributes, meta and absolute links', async () => {
    const { body } = await itg(mock, '/organizations?page[size]=2');
    assert.deepEqual(Object.keys(body).sort(), ['data', 'links', 'meta']);
    assert.ok(body.data.every((r) => typeof r.id === 'string' && r.type === 'organizations'));
    assert.ok('organization-type-name' in body.data[0].attributes);
    assert.deepEqual(body.meta, {
      'current-page': 1, 'next-page': 2, 'prev-page': null, 'total-pages': 3, 'total-count': 5, filters: {},
    });
    assert.deepEqual(Object.keys(body.links), ['self', 'first', 'next', 'last']);
    const next = new URL(body.links.next);
    assert.equal(next.origin, mock.url);
    assert.equal(next.searchParams.get('page[number]'), '2');
    assert.equal(next.searchParams.get('page[size]'), '2');
    assert.equal(new URL(body.links.last).searchParams.get('page[number]'), '3');
  });

  test('walking links.next returns every organization exactly once', async () => {
    const { data, metas } = await walkITGlue(`${mock.url}/organizations?page[size]=2`);
    assert.deepEqual(data.map((r) => r.id), itglueFixtures.organizations.map((r) => r.id));
    assert.deepEqual(metas.map((m) => m.meta['current-page']), [1, 2, 3]);
    assert.equal(metas.at(-1).meta['next-page'], null);
    assert.ok(!('next' in metas.at(-1).links));
    assert.equal(new URL(metas[1].links.prev).searchParams.get('page[number]'), '1');
  });

  test('the default page size is 50; over 1000 is 422 or capped', async () => {
    const { body } = await itg(mock, '/configurations');
    assert.equal(body.data.length, itglueFixtures.configurations.length);
    assert.equal(new URL(body.links.self).searchParams.get('page[size]'), '50');
    const tooBig = await itg(mock, '/configurations?page[size]=1001');
    assert.equal(tooBig.status, 422);
    assert.equal(tooBig.body.errors[0].source.parameter, 'page[size]');
    assert.equal((await itg(mock, '/configurations?page[number]=0')).status, 422);
    const capped = await startITGlueMock({ pageSizeOverflow: 'cap' });
    try {
      const { body: cappedBody } = await itg(capped, '/configurations?page[size]=5000');
      assert.equal(new URL(cappedBody.links.self).searchParams.get('page[size]'), '1000');
    } finally {
      await capped.stop();
    }
  });

  test('a page past the end is empty', async () => {
    const { status, body } = await itg(mock, '/organizations?page[number]=9&page[size]=2');
    assert.equal(status, 200);
    assert.deepEqual(body.data, []);
    assert.equal(body.meta['total-count'], 5);
  });

  test('filters: ids, exact names, booleans, exclusions; meta echoes them', async () => {
    const configs = await itg(mock, `/configurations?filter[organization_id]=${ITGLUE_IDS.orgNorthwind}`);
    assert.deepEqual(ids(configs.body), ['455101', '455102', '455103', '455104']);
    assert.deepEqual(configs.body.meta.filters, { organization_id: ITGLUE_IDS.orgNorthwind });
    assert.deepEqual(ids((await itg(mock, '/organizations?filter[name]=northwind traders')).body), ['2001']);
    assert.deepEqual(ids((await itg(mock, '/organizations?filter[name]=Northwind')).body), [], 'names match exactly');
    assert.deepEqual(ids((await itg(mock, '/organizations?filter[id]=2001,2003')).body), ['2001', '2003']);
    assert.deepEqual(ids((await itg(mock, '/organizations?filter[organization_status_id]=69')).body), ['2003']);
    assert.deepEqual(ids((await itg(mock, '/configurations?filter[archived]=true')).body), [ITGLUE_IDS.configArchivedNas]);
    assert.deepEqual(ids((await itg(mock, '/configurations?filter[serial_number]=8QXK2Y3')).body), [ITGLUE_IDS.configNwDc]);
    assert.deepEqual(ids((await itg(mock, '/configurations?filter[configuration_type_id]=65&filter[organization_id]=2001')).body), ['455101', '455102']);
    assert.equal((await itg(mock, '/organizations?filter[exclude][organization_type_id]=86')).body.data.length, 2);
    assert.deepEqual(ids((await itg(mock, '/passwords?filter[password_category_id]=15')).body), ['880102']);
  });

  test('bad filters are 422', async () => {
    for (const query of ['filter[bogus]=1', 'filter[organization_id]=abc', 'filter[archived]=maybe', 'filter[exclude][primary]=true']) {
      const response = await itg(mock, `/configurations?${query}`);
      assert.equal(response.status, 422, query);
      assert.equal(response.body.errors[0].status, 422);
      assert.equal(response.body.errors[0].title, 'Unprocessable Entity');
    }
  });

  test('sort by name, -name, created_at, -updated_at and id; an unknown sort is 422', async () => {
    const names = async (sort) => (await itg(mock, `/organizations?sort=${sort}`)).body.data.map((r) => r.attributes.name);
    const alphabetical = ['Adatum Corporation', 'Contoso MSP', 'Fabrikam Dental Group', 'Northwind Traders', 'Tailspin Toys'];
    assert.deepEqual(await names('name'), alphabetical);
    assert.deepEqual(await names('-name'), [...alphabetical].reverse());
    assert.deepEqual(await names('created_at'), ['Tailspin Toys', 'Contoso MSP', 'Northwind Traders', 'Fabrikam Dental Group', 'Adatum Corporation']);
    assert.deepEqual(await names('-updated_at'), ['Northwind Traders', 'Adatum Corporation', 'Fabrikam Dental Group', 'Contoso MSP', 'Tailspin Toys']);
    assert.deepEqual(ids((await itg(mock, '/organizations?sort=-id')).body), ['2004', '2003', '2002', '2001', '1001']);
    assert.equal((await itg(mock, '/organizations?sort=color')).status, 422);
    assert.equal((await itg(mock, '/flexible_assets?filter[flexible_asset_type_id]=501&sort=id')).status, 422, 'flexible assets do not sort by id');
  });

  test('organization quick notes are cut to 250 characters in lists only', async () => {
    const full = itglueFixtures.organizations.find((o) => o.id === ITGLUE_IDS.orgFabrikam).attributes['quick-notes'];
    assert.ok(full.length > 250);
    const listed = (await itg(mock, `/organizations?filter[id]=${ITGLUE_IDS.orgFabrikam}`)).body.data[0];
    assert.equal(listed.attributes['quick-notes'], full.slice(0, 250));
    const shown = (await itg(mock, `/organizations/${ITGLUE_IDS.orgFabrikam}`)).body;
    assert.deepEqual(shown, { data: itglueFixtures.organizations.find((o) => o.id === ITGLUE_IDS.orgFabrikam) });
  });

  test('nested routes list and show the records of one organization', async () => {
    const nested = await itg(mock, `/organizations/${ITGLUE_IDS.orgFabrikam}/relationships/configurations`);
    assert.deepEqual(ids(nested.body), ['455201', '455202', '455203']);
    assert.ok(new URL(nested.body.links.self).pathname.endsWith('/relationships/configurations'));
    const one = await itg(mock, `/organizations/${ITGLUE_IDS.orgNorthwind}/relationships/configurations/${ITGLUE_IDS.configNwDc}`);
    assert.equal(one.body.data.attributes.name, 'NW-DC01');
    assert.deepEqual((await itg(mock, `/configurations/${ITGLUE_IDS.configNwDc}`)).body, one.body);
  });
});

describe('IT Glue mock: passwords, documents, flexible assets', () => {
  let mock;
  before(async () => {
    mock = await startITGlueMock({ apiKeys: [ITG_KEY, { key: 'ITG.no-passwords', passwordAccess: false }] });
  });
  after(() => mock.stop());

  const fixturePassword = itglueFixtures.passwords.find((p) => p.id === ITGLUE_IDS.passwordDomainAdmin).attributes.password;

  test('lists never carry password values', async () => {
    const { body } = await itg(mock, `/organizations/${ITGLUE_IDS.orgNorthwind}/relationships/passwords`);
    assert.deepEqual(ids(body), ['880101', '880102', '880103']);
    assert.ok(body.data.every((p) => !('password' in p.attributes)));
    assert.ok(!JSON.stringify((await itg(mock, '/passwords?page[size]=1000')).body).includes(fixturePassword));
  });

  test('show reveals the password by default, not with show_password=false or without password access', async () => {
    const shown = await itg(mock, `/passwords/${ITGLUE_IDS.passwordDomainAdmin}`);
    assert.equal(shown.body.data.attributes.password, fixturePassword);
    const hidden = await itg(mock, `/passwords/${ITGLUE_IDS.passwordDomainAdmin}?show_password=false`);
    assert.ok(!('password' in hidden.body.data.attributes));
    assert.equal(hidden.body.data.attributes.username, 'NORTHWIND\\Administrator');
    const noAccess = await itg(mock, `/passwords/${ITGLUE_IDS.passwordDomainAdmin}?show_password=true`, { key: 'ITG.no-passwords' });
    assert.ok(!('password' in noAccess.body.data.attributes));
    assert.equal((await itg(mock, `/passwords/${ITGLUE_IDS.passwordDomainAdmin}?show_password=yes`)).status, 422);
  });

  test('documents: listed per organization without content, shown with it', async () => {
    const listed = await itg(mock, `/organizations/${ITGLUE_IDS.orgNorthwind}/relationships/documents`);
    assert.deepEqual(ids(listed.body), ['660101', '660102']);
    assert.ok(listed.body.data.every((d) => !('content' in d.attributes)));
    const shown = await itg(mock, `/documents/${ITGLUE_IDS.documentOnboarding}`);
    assert.match(shown.body.data.attributes.content, /^<h1>New User Onboarding/);
    assert.equal((await itg(mock, `/organizations/${ITGLUE_IDS.orgFabrikam}/relationships/documents/${ITGLUE_IDS.documentOnboarding}`)).status, 404);
  });

  test('flexible assets need filter[flexible_asset_type_id]', async () => {
    const missing = await itg(mock, '/flexible_assets');
    assert.equal(missing.status, 422);
    assert.match(missing.body.errors[0].detail, /flexible_asset_type_id/);
    const email = await itg(mock, `/flexible_assets?filter[flexible_asset_type_id]=${ITGLUE_IDS.assetTypeEmail}`);
    assert.deepEqual(ids(email.body), ['770101', '770201']);
    assert.deepEqual(email.body.data[0], itglueFixtures.flexibleAssets.find((a) => a.id === ITGLUE_IDS.assetNwEmail));
    const kebab = await itg(mock, `/flexible_assets?filter[flexible-asset-type-id]=${ITGLUE_IDS.assetTypeLan}&filter[organization-id]=${ITGLUE_IDS.orgFabrikam}`);
    assert.deepEqual(ids(kebab.body), ['770202']);
    assert.equal(kebab.body.data[0].attributes.traits.subnet, '192.168.50.0/24');
    const types = await itg(mock, '/flexible_asset_types');
    assert.deepEqual(types.body.data, itglueFixtures.flexibleAssetTypes);
  });
});

describe('IT Glue mock: rate limit and faults', () => {
  test('past the key budget: 429 with Retry-After; other keys are not affected', async () => {
    const mock = await startITGlueMock({ apiKeys: ['ITG.a', 'ITG.b'], rateLimit: { limit: 2, windowMs: 300_000 } });
    try {
      assert.equal((await itg(mock, '/organizations', { key: 'ITG.a' })).status, 200);
      assert.equal((await itg(mock, '/organizations', { key: 'ITG.a' })).status, 200);
      const refused = await itg(mock, '/organizations', { key: 'ITG.a' });
      assert.equal(refused.status, 429);
      assert.equal(refused.body.errors[0].status, 429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter >= 299 && retryAfter <= 300, `Retry-After ${retryAfter}`);
      assert.equal((await itg(mock, '/organizations', { key: 'ITG.b' })).status, 200);
      assert.equal((await itg(mock, '/organizations', { key: 'ITG.wrong' })).status, 401, 'unknown keys are not counted');
    } finally {
      await mock.stop();
    }
  });

  test('faults: path filter, JSON:API default body, custom body, reset()', async () => {
    const mock = await startITGlueMock();
    try {
      mock.fail({ status: 500, path: '/passwords' });
      assert.equal((await itg(mock, '/organizations')).status, 200);
      const failed = await itg(mock, '/passwords');
      assert.equal(failed.status, 500);
      assert.equal(failed.body.errors[0].status, 500);
      mock.fail({ status: 429, retryAfter: 30, body: { errors: [{ status: 429, title: 'Too Many Requests' }] }, times: Infinity });
      assert.equal((await itg(mock, '/organizations')).headers.get('retry-after'), '30');
      assert.equal((await itg(mock, '/organizations')).status, 429);
      assert.ok(mock.requests.length >= 4);
      mock.reset();
      assert.equal(mock.requests.length, 0);
      assert.equal((await itg(mock, '/organizations')).status, 200);
      assert.ok(mock.requests.every((r) => r.headers['x-api-key'] === ITG_KEY));
    } finally {
      await mock.stop();
    }
  });
});
