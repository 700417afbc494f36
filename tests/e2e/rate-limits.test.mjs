// Rate limits at the door (issue 13 F4), on the Rate Limiting binding as wrangler dev runs it:
// the credential-taking endpoints per client address, /v1/<vendor> per grant, and JSON-RPC
// batches capped. Over a limit: 429 with Retry-After and an error the client can show.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { legacyRequest, modernRequest } from '../support/rpc.mjs';

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

test('tool calls are limited per user across tokens, and per organisation; another user is not affected', async () => {
  // Limits as an operator would set them in wrangler.toml, low enough to reach in a test.
  const USER_BURST = 20;
  const ORG = 60;
  const limited = await startGateway({
    mocks: true,
    rateLimits: { USER_BURST_LIMITER: { limit: USER_BURST, period: 10 }, ORG_LIMITER: { limit: ORG, period: 60 } },
  });
  try {
    const owner = new Browser(limited.url, limited.vendorKeys);
    await owner.signUp({ email: 'owner@limits.example', password: 'correct horse battery staple', organisation: 'Limits MSP' });
    const members = await owner.visit('/settings/members');
    const invited = await owner.submit(members.body, '/settings/members/invite', { email: 'tech@limits.example', role: 'member' });
    const link = invited.body.match(/<pre id="invite-link" class="link-box">([^<]+)<\/pre>/)[1].replace(/&#38;|&amp;/g, '&');
    const tech = new Browser(limited.url, limited.vendorKeys);
    await tech.submit((await tech.visit(link)).body, '/invite', { password: 'correct horse battery staple' });
    const ownerTokens = [];
    for (let i = 0; i < 2; i += 1) {
      ownerTokens.push((await grant(limited.url, owner, { vendor: 'datto-rmm' })).exchange.body.access_token);
    }
    const techToken = (await grant(limited.url, tech, { vendor: 'datto-rmm' })).exchange.body.access_token;
    const endpoint = `${limited.url}/v1/datto-rmm`;
    const listSites = (token, id) => modernRequest(endpoint, token, 'tools/call', { name: 'datto_list_sites', arguments: {} }, { id });

    // Other methods are not counted: a client starting many connectors at once is not refused.
    for (let i = 0; i < USER_BURST + 5; i += 1) {
      assert.equal((await modernRequest(endpoint, ownerTokens[i % 2], 'tools/list')).status, 200);
    }

    // 50 rapid calls from one user, alternating two tokens (two grants), while the other user
    // of the same organisation calls in the same seconds.
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => listSites(ownerTokens[i % 2], i + 1)));
    const techAnswers = await Promise.all(Array.from({ length: 5 }, (_, i) => listSites(techToken, 100 + i)));
    const refused = answers.filter((a) => a.status === 429);
    const served = answers.filter((a) => a.status === 200);
    assert.ok(refused.length >= 50 - 2 * USER_BURST, `the excess is refused (${refused.length} of 50)`);
    assert.ok(served.length >= 1 && served.length <= 2 * USER_BURST, `no more than the limit is served (${served.length})`);
    assert.ok(served.every((a) => a.json.result.isError === false), 'the calls within the limit reach the vendor');
    assert.equal(refused[0].headers.get('retry-after'), '10');
    const error = refused[0].json.error;
    assert.equal(error.code, -32000);
    assert.match(error.message, /you made too many tool calls in the last 10 seconds; try again in 10 seconds/);
    assert.deepEqual(error.data, { retryAfterSeconds: 10, scope: 'user' });
    assert.ok(answers.some((a) => a.status === 429 && a.json.id === refused[0].json.id), 'the error answers the refused request');
    assert.deepEqual(techAnswers.map((a) => a.status), [200, 200, 200, 200, 200], 'the other user is not affected');

    // A legacy body announces nothing in its headers: its tool calls are counted once it is
    // read, each call of a 2025-03-26 batch on its own.
    const legacyPost = (body, session) => legacyRequest(endpoint, ownerTokens[0], body, { session, version: '2025-03-26' });
    const opened = await legacyPost({
      jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'limits', version: '1' } },
    });
    assert.equal(opened.status, 200);
    const session = opened.headers.get('mcp-session-id');
    assert.equal((await legacyPost({ jsonrpc: '2.0', method: 'notifications/initialized' }, session)).status, 202);
    // Batches of 20 (the most one request may hold, and the burst): the second at the latest
    // goes past the burst, whatever the window held before.
    let legacyRefusal;
    let firstId;
    for (let b = 0; b < 3 && !legacyRefusal; b += 1) {
      firstId = 300 + 100 * b;
      const batch = Array.from({ length: USER_BURST }, (_, i) => ({
        jsonrpc: '2.0', id: firstId + i, method: 'tools/call', params: { name: 'datto_list_sites', arguments: {} },
      }));
      const answer = await legacyPost(batch, session);
      if (answer.status === 429) legacyRefusal = answer;
      else assert.equal(answer.status, 200, answer.text);
    }
    assert.ok(legacyRefusal, 'a legacy batch past the burst is refused');
    assert.equal(legacyRefusal.headers.get('retry-after'), '10');
    const legacyError = legacyRefusal.json;
    assert.equal(legacyError.id, firstId, 'the error answers the first call of the batch');
    assert.equal(legacyError.error.data.scope, 'user');

    // The organisation's limit: its users together, across the minute (the 55 calls above
    // count, unless the minute turned in between).
    let orgRefusal;
    for (let i = 0; i < 2 * ORG && !orgRefusal; i += 1) {
      const answer = await listSites(techToken, 200 + i);
      if (answer.status === 429 && answer.json.error.data.scope === 'organization') orgRefusal = answer;
      else if (answer.status === 429) await new Promise((resolve) => setTimeout(resolve, 1000)); // the tech's own burst window
    }
    assert.ok(orgRefusal, 'the organisation is refused past its limit');
    assert.equal(orgRefusal.headers.get('retry-after'), '60');
    assert.match(orgRefusal.json.error.message, /your organisation made too many tool calls in the last minute; try again in a minute/);
  } finally {
    await limited.stop();
  }
});
