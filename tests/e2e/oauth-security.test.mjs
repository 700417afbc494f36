// The authorization server's defences from the security review (issue 13): refresh-token
// reuse detection with one retry (F5).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { callVendor, grant, tokenRequest } from '../support/oauth-flow.mjs';

const PASSWORD = 'correct horse battery staple';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let gateway;
let browser;
before(async () => {
  gateway = await startGateway({ mocks: true });
  browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'security@msp.example', password: PASSWORD });
});
after(async () => gateway?.stop());

describe('refresh-token reuse (F5)', () => {
  const refresh = (client, token) =>
    tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: token, client_id: client.client_id });

  test('a replay at +0 s is honoured once, as a retried request; a second replay revokes the grant', async () => {
    const { client, exchange } = await grant(gateway.url, browser);
    const first = await refresh(client, exchange.body.refresh_token);
    assert.equal(first.status, 200);
    const retried = await refresh(client, exchange.body.refresh_token);
    assert.equal(retried.status, 200, 'the retry of a request whose answer was lost');
    const replayed = await refresh(client, exchange.body.refresh_token);
    assert.equal(replayed.status, 400);
    assert.equal(replayed.body.error, 'invalid_grant');
    assert.match(replayed.body.error_description, /already used; the grant is revoked as a precaution \(its one retry was already spent\)/);
    assert.equal((await refresh(client, retried.body.refresh_token)).body.error, 'invalid_grant');
    assert.equal((await callVendor(gateway.url, 'datto-rmm', retried.body.access_token)).status, 401);
  });

  test('a replay at +5 s revokes the grant: the access token and the newer refresh token stop working', async () => {
    const { client, exchange } = await grant(gateway.url, browser);
    const rotated = await refresh(client, exchange.body.refresh_token);
    assert.equal(rotated.status, 200);
    assert.equal((await callVendor(gateway.url, 'datto-rmm', rotated.body.access_token)).status, 200);
    await sleep(5_000);
    const replayed = await refresh(client, exchange.body.refresh_token);
    assert.equal(replayed.status, 400);
    assert.equal(replayed.body.error, 'invalid_grant');
    assert.match(replayed.body.error_description, /already used; the grant is revoked/);
    const newer = await refresh(client, rotated.body.refresh_token);
    assert.equal(newer.body.error, 'invalid_grant');
    assert.match(newer.body.error_description, /revoked/);
    assert.equal((await callVendor(gateway.url, 'datto-rmm', rotated.body.access_token)).status, 401);
    assert.equal((await callVendor(gateway.url, 'datto-rmm', exchange.body.access_token)).status, 401);
  });
});
