// The authorization server's defences from the security review (issue 13): bounded Client ID
// Metadata Document fetches with cached failures (F2), refresh-token reuse detection with one
// retry (F5), and consent pages that say when a client is unverified or imitates a known one
// (F6).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { eventually, startGateway } from '../support/gateway.mjs';
import { authorizeUrl, callVendor, grant, pkcePair, register, tokenRequest } from '../support/oauth-flow.mjs';

const PASSWORD = 'correct horse battery staple';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A small server of metadata documents that misbehave on purpose: `/slow.json` sends its
 * headers and half a document, then the rest after 8 s; `/huge.json` streams whitespace
 * without end; `/failing.json` answers 500; `/claude.json` is a valid document of a client
 * that calls itself "Claude". `hits` counts requests per path; `huge` says how the endless
 * stream ended.
 */
async function startDocumentServer() {
  const hits = new Map();
  const huge = { sent: 0, closed: false };
  const server = createServer((req, res) => {
    hits.set(req.url, (hits.get(req.url) ?? 0) + 1);
    const base = `http://127.0.0.1:${server.address().port}`;
    const document = (path, name) => JSON.stringify({
      client_id: `${base}${path}`,
      client_name: name,
      redirect_uris: ['http://127.0.0.1:9999/callback'],
      token_endpoint_auth_method: 'none',
    });
    switch (req.url) {
      case '/slow.json': {
        const text = document('/slow.json', 'Slow app');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(text.slice(0, 20));
        const timer = setTimeout(() => res.destroyed || res.end(text.slice(20)), 8_000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case '/huge.json': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(8 * 1024, ' ');
        res.on('close', () => (huge.closed = true));
        const pump = () => {
          while (!res.destroyed) {
            huge.sent += chunk.length;
            if (!res.write(chunk)) return res.once('drain', pump);
          }
        };
        return pump();
      }
      case '/failing.json':
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('internal error');
      case '/claude.json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(document('/claude.json', 'Claude'));
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: (path) => `http://127.0.0.1:${server.address().port}${path}`,
    hits: (path) => hits.get(path) ?? 0,
    huge,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

let gateway;
let browser;
let documents;
before(async () => {
  documents = await startDocumentServer();
  gateway = await startGateway({ mocks: true });
  browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'security@msp.example', password: PASSWORD });
});
after(async () => {
  await gateway?.stop();
  await documents?.stop();
});

function authorizationFor(clientId, redirectUri = 'http://127.0.0.1:9999/callback') {
  return authorizeUrl(gateway.url, {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    state: 'st',
    resource: `${gateway.url}/v1/datto-rmm`,
  });
}

/** The page an authorization URL ends on for the signed-in person (after the connect step). */
async function pageFor(url) {
  let { response, body } = await browser.visit(url);
  if (/action="\/settings\/vendors\/[a-z-]+\/connect"/.test(body)) ({ response, body } = await browser.connect(body));
  return { status: response.status, body };
}

/** A token request naming a metadata document client: the JSON OAuth error it gets. */
async function tokenErrorFor(clientId) {
  const result = await tokenRequest(gateway.url, { grant_type: 'authorization_code', code: 'x', client_id: clientId });
  assert.equal(result.status, 401);
  return result.body;
}

describe('client metadata documents are fetched within bounds (F2)', () => {
  test('a document slower than 5 seconds is refused with invalid_client', async () => {
    const id = documents.url('/slow.json');
    const started = Date.now();
    const page = await pageFor(authorizationFor(id));
    const elapsed = Date.now() - started;
    assert.equal(page.status, 400);
    assert.match(page.body, /Unknown application/);
    assert.match(page.body, /could not be fetched: it took longer than 5 seconds/);
    assert.ok(elapsed >= 4_500 && elapsed < 7_500, `the deadline covers the body too (${elapsed} ms)`);
    const error = await tokenErrorFor(id);
    assert.equal(error.error, 'invalid_client');
    assert.equal(error.error_description, "the client's metadata document could not be fetched: it took longer than 5 seconds");
  });

  test('a document past 64 KiB is refused while it streams, without waiting for its end', async () => {
    const id = documents.url('/huge.json');
    const started = Date.now();
    const page = await pageFor(authorizationFor(id));
    assert.equal(page.status, 400);
    assert.match(page.body, /could not be fetched: it is larger than 64 KiB/);
    assert.ok(Date.now() - started < 4_500, 'refused at the cap, not at the deadline');
    assert.ok(await eventually(() => documents.huge.closed, 5_000), 'the gateway hung up on the endless body');
    const error = await tokenErrorFor(id);
    assert.equal(error.error, 'invalid_client');
    assert.match(error.error_description, /larger than 64 KiB/);
  });

  test('a failing document is refused precisely, and fetched once across two authorize attempts', async () => {
    const id = documents.url('/failing.json');
    for (let attempt = 1; attempt <= 2; attempt++) {
      const page = await pageFor(authorizationFor(id));
      assert.equal(page.status, 400, `attempt ${attempt}`);
      assert.match(page.body, /could not be fetched: it answered HTTP 500/, `attempt ${attempt}`);
    }
    const error = await tokenErrorFor(id);
    assert.equal(error.error, 'invalid_client');
    assert.match(error.error_description, /answered HTTP 500/);
    assert.equal(documents.hits('/failing.json'), 1, 'the failure is cached');
  });

  test('addresses that are not allowed are refused before any fetch', async () => {
    for (const [id, reason] of [
      ['http://10.0.0.1:4100/client.json', 'the client_id URL must use https'],
      ['https://169.254.169.254/latest/meta-data', 'the client_id URL names a loopback, private or link-local address'],
      ['https://printer.local/client.json', 'the client_id URL names a host that is not public'],
      ['https://app.example.com:8443/client.json', 'the client_id URL must use the standard https port (443)'],
    ]) {
      const error = await tokenErrorFor(id);
      assert.equal(error.error, 'invalid_client', id);
      assert.ok(error.error_description.startsWith(reason), `${id}: ${error.error_description}`);
    }
  });
});

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

describe('the consent page says who the client is not known to be (F6)', () => {
  const registerClient = async (name, redirectUri) => {
    const { status, body } = await register(gateway.url, {
      client_name: name, redirect_uris: [redirectUri], token_endpoint_auth_method: 'none',
    });
    assert.equal(status, 201);
    return body;
  };
  const WARNING = /class="alert error imitation" role="alert">\s*<p><strong>Warning: this may not be Claude\.<\/strong>/;

  test('a client named "Claude" returning to another host is unverified, shows that host, and is warned about', async () => {
    const redirectUri = 'https://claude-connector.example.net/api/mcp/auth_callback';
    const client = await registerClient('Claude', redirectUri);
    const page = await pageFor(authorizationFor(client.client_id, redirectUri));
    assert.equal(page.status, 200);
    assert.match(page.body, /Allow <span class="client-name">Claude<\/span> <span class="badge unverified">unverified<\/span> to use Datto RMM\?/);
    assert.match(page.body, /<dt>Returns to<\/dt><dd><code>claude-connector\.example\.net<\/code><\/dd>/);
    assert.match(page.body, WARNING);
    assert.match(page.body, /it comes from <code>claude-connector\.example\.net<\/code>, which is not Claude’s/);
  });

  test("Claude's own callback host, or another name, gets no warning but is still unverified", async () => {
    for (const [name, redirectUri] of [
      ['Claude', 'https://claude.ai/api/mcp/auth_callback'],
      ['MSP dashboard', 'https://dashboard.example.net/callback'],
    ]) {
      const client = await registerClient(name, redirectUri);
      const page = await pageFor(authorizationFor(client.client_id, redirectUri));
      assert.equal(page.status, 200, name);
      assert.match(page.body, /<span class="badge unverified">unverified<\/span>/, name);
      assert.doesNotMatch(page.body, /Warning: this may not be/, `${name} at ${redirectUri}`);
    }
  });

  test('a metadata-document client on an untrusted host is unverified, named by its host, fetched once', async () => {
    const id = documents.url('/claude.json');
    for (let visit = 1; visit <= 2; visit++) {
      const page = await pageFor(authorizationFor(id));
      assert.equal(page.status, 200, `visit ${visit}`);
      assert.match(page.body, /<span class="client-name">Claude<\/span> <span class="badge unverified">unverified<\/span>/);
      assert.match(page.body, /<dt>Identified by<\/dt><dd><code>127\.0\.0\.1<\/code><\/dd>/);
      assert.match(page.body, /it comes from <code>127\.0\.0\.1<\/code>, which is not Claude’s/);
    }
    assert.equal(documents.hits('/claude.json'), 1, 'a valid document is cached');
  });
});
