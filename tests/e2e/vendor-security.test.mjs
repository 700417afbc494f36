// What the gateway does with hostile or broken vendor answers and arguments (issue 13: F8, F11,
// F12), against wrangler dev and the vendor mocks:
// - a password is shown only after its reveal is on record in the audit log (F8);
// - a vendor redirect to another host is not followed with credentials; one on the vendor's
//   own host is (F11);
// - a path argument of `.` or `..` is refused before any vendor call; a list that needs many
//   vendor pages stops at the page cap with a cursor (F12).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DATTO_IDS } from '../mocks/datto-rmm/mock.mjs';
import { ITGLUE_IDS } from '../mocks/itglue/mock.mjs';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { authorizeUrl, grant, pkcePair, register, registerPublicClient, tokenRequest } from '../support/oauth-flow.mjs';
import { MODERN, modernRequest, textOf } from '../support/rpc.mjs';
import { withDatabase } from '../support/state.mjs';

const PASSWORD = 'correct horse battery staple';
const PAGE = 2;

let gateway;
let datto;
let glue;
before(async () => {
  // Datto pages of two devices, so a list of many devices needs many pages.
  gateway = await startGateway({ mocks: { datto: { maxPageSize: PAGE, extraDevices: 60 } } });
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'hostile@msp.example', password: PASSWORD });
  datto = (await grant(gateway.url, browser, {
    vendor: 'datto-rmm',
    scope: 'tools:read tools:write offline_access',
    consent: { scopes: ['tools:read', 'tools:write', 'offline_access'] },
  })).exchange.body.access_token;
  glue = (await grant(gateway.url, browser, {
    vendor: 'itglue',
    scope: 'tools:read secrets:read offline_access',
    consent: { scopes: ['tools:read', 'secrets:read', 'offline_access'] },
  })).exchange.body.access_token;
});
after(async () => gateway?.stop());

const call = (token, vendor, name, args) =>
  modernRequest(`${gateway.url}/v1/${vendor}`, token, 'tools/call', { name, arguments: args });

describe('F8: audit first', () => {
  test('a password whose reveal cannot be recorded is not shown', async () => {
    const disable = (db) => db.exec('ALTER TABLE audit_events RENAME TO audit_events_away');
    const restore = (db) => db.exec('ALTER TABLE audit_events_away RENAME TO audit_events');
    await withDatabase(gateway.state, disable);
    let result;
    try {
      result = (await call(glue, 'itglue', 'itglue_get_password', { password_id: ITGLUE_IDS.passwordDomainAdmin })).json.result;
    } finally {
      await withDatabase(gateway.state, restore);
    }
    assert.equal(result.isError, true);
    assert.match(textOf(result), /not shown: its reveal could not be recorded/);
    assert.ok(!JSON.stringify(result).includes('Nw!Dc-2025#Vault'), 'the password is withheld');

    const shown = (await call(glue, 'itglue', 'itglue_get_password', { password_id: ITGLUE_IDS.passwordDomainAdmin })).json.result;
    assert.equal(shown.structuredContent.password, 'Nw!Dc-2025#Vault');
    const revealed = await withDatabase(gateway.state, (db) =>
      db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'secret.revealed'").get());
    assert.equal(revealed.n, 1, 'the reveal that was shown is on record, at the moment it is answered');
  });
});

describe('F11: vendor redirects', () => {
  let elsewhere;
  const stolen = [];
  before(async () => {
    elsewhere = createServer((req, res) => {
      stolen.push({ path: req.url, headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  });
  after(() => new Promise((resolve) => elsewhere.close(resolve)));

  test('a redirect to another host is refused and the credentials never go there', async () => {
    const mock = gateway.mocks.datto;
    const away = `http://127.0.0.1:${elsewhere.address().port}/api/v2/site/x`;
    mock.fail({ status: 302, headers: { location: away }, path: `/api/v2/site/${DATTO_IDS.siteNorthwind}` });
    const result = (await call(datto, 'datto-rmm', 'datto_get_site', { site_uid: DATTO_IDS.siteNorthwind })).json.result;
    assert.equal(result.isError, true);
    assert.match(textOf(result), /redirected to 127\.0\.0\.1; credentials are only sent to the vendor's API host/);
    assert.equal(stolen.length, 0, 'the other host received nothing');
  });

  test('a redirect on the vendor\'s own host is followed', async () => {
    const mock = gateway.mocks.datto;
    mock.fail({ status: 307, headers: { location: `/api/v2/site/${DATTO_IDS.siteFabrikam}` }, path: `/api/v2/site/${DATTO_IDS.siteNorthwind}` });
    const result = (await call(datto, 'datto-rmm', 'datto_get_site', { site_uid: DATTO_IDS.siteNorthwind })).json.result;
    assert.equal(result.isError, false, textOf(result));
    assert.equal(result.structuredContent.uid, DATTO_IDS.siteFabrikam);
  });
});

describe('F12: vendor paths and long walks', () => {
  test('`.` and `..` are refused as arguments before any vendor call', async () => {
    const mock = gateway.mocks.datto;
    mock.reset();
    for (const value of ['..', '.', ' .. ']) {
      const result = (await call(datto, 'datto-rmm', 'datto_get_site', { site_uid: value })).json.result;
      assert.equal(result.isError, true);
      assert.match(textOf(result), /`site_uid` must not be `\.` or `\.\.`/);
    }
    const encoded = (await call(datto, 'datto-rmm', 'datto_get_site', { site_uid: '..%2Faccount' })).json.result;
    assert.equal(encoded.isError, true, 'an encoded climb stays one (unknown) segment');
    assert.ok(mock.requests.every((r) => !r.path.startsWith('/api/v2/account')), 'no call left the site path');
  });

  test('a walk stops at the page cap with a cursor that goes on', async () => {
    const mock = gateway.mocks.datto;
    mock.reset();
    // The mock serves pages of two: sixty matching devices need thirty pages.
    const walk = (await call(datto, 'datto-rmm', 'datto_list_devices', { hostname: 'CMSP-WS', limit: 500 })).json.result;
    assert.equal(walk.isError, false, textOf(walk));
    const pages = mock.requests.filter((r) => r.path === '/api/v2/account/devices').length;
    assert.equal(pages, 20, 'twenty vendor pages at most in one call');
    assert.equal(walk.structuredContent.count, 40);
    assert.equal(walk.structuredContent.truncated, true);
    assert.equal(typeof walk.structuredContent.next_cursor, 'string');
    const rest = (await call(datto, 'datto-rmm', 'datto_list_devices', { hostname: 'CMSP-WS', limit: 500, cursor: walk.structuredContent.next_cursor })).json.result;
    assert.equal(rest.structuredContent.count, 20, 'the cursor goes on with the 20 left');
    assert.equal(rest.structuredContent.truncated, false);
  });
});

describe('hostile input (issue 21)', () => {
  test('a 1 MiB argument is refused, naming it, before any vendor call', async () => {
    const mock = gateway.mocks.datto;
    mock.reset();
    const huge = 'x'.repeat(1024 * 1024);
    const result = (await call(datto, 'datto-rmm', 'datto_list_sites', { name: huge })).json.result;
    assert.equal(result.isError, true);
    assert.match(textOf(result), /argument `name` is 1048576 characters long; at most 8000 are accepted/);
    assert.equal(mock.requests.length, 0, 'Datto was not called');
  });

  test('a failed code redemption uses the code up: the right verifier afterwards is refused too', async () => {
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'codes@msp.example', password: PASSWORD, organisation: 'Codes MSP' });
    const client = await registerPublicClient(gateway.url);
    const { verifier, challenge } = pkcePair();
    const callback = await browser.authorize(authorizeUrl(gateway.url, {
      response_type: 'code', client_id: client.client_id, redirect_uri: 'http://127.0.0.1:9999/callback',
      code_challenge: challenge, code_challenge_method: 'S256', state: 's', scope: 'tools:read',
      resource: `${gateway.url}/v1/datto-rmm`,
    }));
    const code = callback.searchParams.get('code');
    const redeem = (codeVerifier) => tokenRequest(gateway.url, {
      grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9999/callback',
      client_id: client.client_id, code_verifier: codeVerifier,
    });
    const wrong = await redeem(pkcePair().verifier);
    assert.equal(wrong.body.error, 'invalid_grant');
    const right = await redeem(verifier);
    assert.equal(right.status, 400);
    assert.equal(right.body.error, 'invalid_grant', 'the code did not survive the failed attempt');
  });

  test('authorization parameters echoed into a redirect are bounded', async () => {
    const client = await registerPublicClient(gateway.url);
    const url = authorizeUrl(gateway.url, {
      response_type: 'token', client_id: client.client_id, redirect_uri: 'http://127.0.0.1:9999/callback',
      state: 'x'.repeat(20_000),
    });
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 400, 'an error page, not a 20 KB redirect');
    assert.equal(response.headers.get('location'), null);
    assert.match(await response.text(), /state is longer than 2048 characters/);
  });

  test('redirect URIs with control characters, or not written as matched, do not register', async () => {
    for (const uri of ['https://app.example/c\rb', 'https://app.example/c\nb', 'https://app.example/c\tb', 'https:///cb']) {
      const { status, body } = await register(gateway.url, { redirect_uris: [uri], token_endpoint_auth_method: 'none' });
      assert.equal(status, 400, JSON.stringify(uri));
      assert.equal(body.error, 'invalid_redirect_uri', JSON.stringify(body));
    }
    const { body } = await register(gateway.url, { redirect_uris: ['https:///cb'], token_endpoint_auth_method: 'none' });
    assert.match(body.error_description, /register https:\/\/cb\//);
  });
});

describe('bodies are read capped (issue 13 F7, issue 21)', () => {
  /** Sends raw bytes on one connection; resolves with the status line and headers. */
  function raw(requestText, { endAfterMs = 200 } = {}) {
    const { port } = new URL(gateway.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(requestText);
        setTimeout(() => socket.end(), endAfterMs);
      });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  test('a streamed body with no Content-Length is still capped at 4 MiB', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent >= 6) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${gateway.url}/v1/datto-rmm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${datto}`, 'content-type': 'application/json', accept: 'application/json' },
      body,
      duplex: 'half',
    });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).error.code, -32600);
  });

  test('a streamed body with no Content-Length within the cap is read whole', async () => {
    const meta = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };
    const message = new TextEncoder().encode(JSON.stringify({ jsonrpc: '2.0', id: 'streamed', method: 'tools/list', params: { _meta: meta } }));
    const halves = [message.slice(0, 10), message.slice(10)];
    const body = new ReadableStream({
      pull(controller) {
        const next = halves.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const response = await fetch(`${gateway.url}/v1/datto-rmm`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${datto}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'mcp-protocol-version': MODERN,
        'mcp-method': 'tools/list',
      },
      body,
      duplex: 'half',
    });
    const answer = await response.text();
    assert.equal(response.status, 200, answer);
    const { id, result } = JSON.parse(answer);
    assert.equal(id, 'streamed', answer);
    assert.ok(result.tools.some((tool) => tool.name === 'datto_list_devices'), answer.slice(0, 300));
  });

  test('a body shorter than its Content-Length is never a 500 from the worker', async () => {
    const payload = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
    const before = gateway.logRecords().length;
    await raw(
      `POST /v1/datto-rmm HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${datto}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length + 50}\r\nConnection: close\r\n\r\n${payload}`,
    );
    // wrangler's local proxy may give up on the broken connection itself; what the worker
    // answered, if the request reached it, is in its log line.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lines = gateway.logRecords().slice(before).filter((r) => r.path === '/v1/datto-rmm' && r.status);
    for (const line of lines) assert.equal(line.status, 400, JSON.stringify(line));
    assert.ok(!gateway.logRecords().slice(before).some((r) => r.status >= 500), 'the worker answered no 5xx');
  });

  test('a form post over the form cap is a 413', async () => {
    const response = await fetch(`${gateway.url}/settings/connections/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf_token=x&pad=${'a'.repeat(70 * 1024)}`,
    });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).error, 'request_too_large');
  });
});
