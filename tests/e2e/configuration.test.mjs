// A gateway with a broken secret refuses to serve and says which setting is wrong — without
// revealing its value — in the response and in one log line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, startGateway } from '../support/gateway.mjs';

const BROKEN_VALUE = 'v1:this-is-not-a-32-byte-key-SECRETISH';

describe('a malformed CREDENTIAL_KEYS secret', () => {
  let gateway;
  before(async () => {
    gateway = await startGateway({ secrets: { CREDENTIAL_KEYS: BROKEN_VALUE } });
  });
  after(async () => gateway?.stop());

  for (const target of ['/health', '/', '/nope']) {
    test(`GET ${target} is a 500 that names the setting, not its value`, async () => {
      const response = await fetch(`${gateway.url}${target}`);
      assert.equal(response.status, 500);
      const text = await response.text();
      const body = JSON.parse(text);
      assert.equal(body.error, 'server_misconfigured');
      assert.match(body.error_description, /CREDENTIAL_KEYS is malformed: key v1/);
      assert.ok(!text.includes('SECRETISH'), 'the value leaked into the response');
    });
  }

  test('the log says what is wrong, once per request, without the value', async () => {
    const response = await fetch(`${gateway.url}/health`);
    await response.arrayBuffer();
    const id = response.headers.get('x-request-id');
    const problem = await eventually(() =>
      gateway.logRecords().find((r) => r.event === 'config_invalid' && r.request_id === id),
    );
    assert.ok(problem, gateway.logs());
    assert.equal(problem.setting, 'CREDENTIAL_KEYS');
    const request = gateway.logRecords().find((r) => r.event === 'request' && r.request_id === id);
    assert.equal(request.status, 500);
    assert.equal(request.error, 'config_invalid');
    assert.ok(!gateway.logs().includes('SECRETISH'), 'the value leaked into the log');
  });
});

describe('a missing TOKEN_SIGNING_KEYS secret', () => {
  let gateway;
  before(async () => {
    gateway = await startGateway({ secrets: { TOKEN_SIGNING_KEYS: null } });
  });
  after(async () => gateway?.stop());

  test('every request is a 500 naming the missing secret', async () => {
    const response = await fetch(`${gateway.url}/health`);
    assert.equal(response.status, 500);
    const body = await response.json();
    assert.equal(body.error, 'server_misconfigured');
    assert.match(body.error_description, /TOKEN_SIGNING_KEYS is not set/);
  });
});

describe('REQUEST_LOG=errors', () => {
  let gateway;
  before(async () => {
    gateway = await startGateway({ vars: { REQUEST_LOG: 'errors' } });
  });
  after(async () => gateway?.stop());

  test('a successful request writes no request line; an error answer still does', async () => {
    const ok = await fetch(`${gateway.url}/.well-known/oauth-protected-resource/v1/datto-rmm`);
    await ok.arrayBuffer();
    assert.equal(ok.status, 200);
    const missing = await fetch(`${gateway.url}/nope`);
    await missing.arrayBuffer();
    assert.equal(missing.status, 404);
    const missingId = missing.headers.get('x-request-id');
    const line = await eventually(() =>
      gateway.logRecords().find((r) => r.event === 'request' && r.request_id === missingId),
    );
    assert.ok(line, gateway.logs());
    assert.equal(line.status, 404);
    // Lines arrive in order: the 404's line is there, so the 200's would be too.
    const okId = ok.headers.get('x-request-id');
    assert.ok(okId);
    assert.equal(gateway.logRecords().find((r) => r.request_id === okId), undefined);
  });
});
