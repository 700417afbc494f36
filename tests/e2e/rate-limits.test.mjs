// Rate limits at the door (issue 13 F4), on the Rate Limiting binding as wrangler dev runs it:
// the credential-taking endpoints per client address, /v1/<vendor> per grant, and JSON-RPC
// batches capped. Over a limit: 429 with Retry-After and an error the client can show.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';

const AUTH_LIMIT = 300; // wrangler.toml AUTH_LIMITER
const MCP_LIMIT = 1200; // wrangler.toml MCP_LIMITER

let gateway;
before(async () => {
  gateway = await startGateway({});
});
after(async () => gateway?.stop());

/**
 * Sends requests from `send()`, 16 at a time, until one is refused or `count` were sent;
 * returns the answers. The limiter counts in fixed windows, so a burst that straddles two may
 * pass up to twice the limit before the first refusal.
 */
async function burst(count, send) {
  const answers = [];
  let next = 0;
  let refused = false;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < count && !refused) {
      next += 1;
      const response = await send();
      const answer = { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
      refused ||= answer.status === 429;
      answers.push(answer);
    }
  }));
  return answers;
}

test('the token endpoint is limited per client address', async () => {
  const answers = await burst(2 * AUTH_LIMIT + 20, () =>
    fetch(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=nope&client_id=nope',
    }));
  const limited = answers.filter((a) => a.status === 429);
  assert.ok(limited.length >= 1, `a request past the limit is refused (${answers.length} sent)`);
  assert.ok(answers.length > AUTH_LIMIT, 'not before the limit');
  assert.ok(answers.filter((a) => a.status !== 429).length <= 2 * AUTH_LIMIT + 16);
  assert.equal(limited[0].retryAfter, '60');
  assert.equal(JSON.parse(limited[0].body).error, 'rate_limited');
});

test('the MCP endpoint is limited per grant, and one grant over its limit does not stop another', async () => {
  // A fresh gateway: the burst above spent this address's account-form budget.
  const fresh = await startGateway({ mocks: true });
  try {
    const browser = new Browser(fresh.url, fresh.vendorKeys);
    await browser.signUp({ email: 'limits@msp.example', password: 'correct horse battery staple' });
    const busy = (await grant(fresh.url, browser, { vendor: 'datto-rmm' })).exchange.body.access_token;
    const calm = (await grant(fresh.url, browser, { vendor: 'datto-rmm' })).exchange.body.access_token;
    const discover = (token) => fetch(`${fresh.url}/v1/datto-rmm`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json',
        'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } } }),
    });
    const answers = await burst(2 * MCP_LIMIT + 30, () => discover(busy));
    const limited = answers.filter((a) => a.status === 429);
    assert.ok(limited.length >= 1, `a request past the limit is refused (${answers.length} sent)`);
    assert.ok(answers.length > MCP_LIMIT, 'not before the limit');
    assert.equal(limited[0].retryAfter, '60');
    const error = JSON.parse(limited[0].body).error;
    assert.equal(error.code, -32000);
    assert.match(error.message, /Rate limited/);
    assert.equal((await discover(calm)).status, 200, 'another grant is not affected');
  } finally {
    await fresh.stop();
  }
});
