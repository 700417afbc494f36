// The EU environment (`wrangler deploy --env eu`): its configuration is valid under production
// rules, and Durable Objects are reached through the jurisdiction bridge of src/session.rs.
//
// Local workerd implements no jurisdictions: it refuses a jurisdiction-restricted namespace
// with a specific error. That refusal is what proves, locally, that the EU environment asks for
// the jurisdiction; the same probe without a jurisdiction passes in foundation.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, startGateway } from '../support/gateway.mjs';

let gateway;
before(async () => {
  // Production rules apply in [env.eu]: the origin must be https, as it is when deployed.
  gateway = await startGateway({
    environment: 'eu',
    vars: { PUBLIC_ORIGIN: 'https://mcp-eu.example.test' },
  });
});
after(async () => gateway?.stop());

test('session objects are requested in the EU jurisdiction', async () => {
  const response = await fetch(`${gateway.url}/health/ready`);
  const body = await response.json();
  assert.deepEqual(
    body.checks.map((check) => [check.name, check.ok]),
    [['d1', true], ['kv', true], ['durable_object', false]],
  );
  assert.equal(response.status, 503);
  const failure = await eventually(() =>
    gateway.logRecords().find((r) => r.event === 'readiness_probe_failed'),
  );
  assert.ok(failure, gateway.logs());
  assert.equal(failure.check, 'durable_object');
  assert.match(failure.error, /Jurisdiction restrictions are not implemented in workerd/);
});

test('production responses carry HSTS and pages name the configured origin', async () => {
  const response = await fetch(`${gateway.url}/`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('strict-transport-security'), /max-age=\d+/);
  assert.ok((await response.text()).includes('<code>https://mcp-eu.example.test/v1/itglue</code>'));
});

test('outside development, an http metadata-document client_id is not fetched', async () => {
  const url = new URL(`${gateway.url}/oauth/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'http://127.0.0.1:9/oauth/client.json',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  const response = await fetch(url, { redirect: 'manual' });
  assert.equal(response.status, 400);
  assert.match(await response.text(), /This application cannot be used: the client_id URL must use https\./);
});
