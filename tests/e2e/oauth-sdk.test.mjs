// The official MCP TypeScript SDK client completes discovery → DCR → authorize → token
// against wrangler dev, the browser step played by a person-like Browser (sign-up, sign-in,
// consent with CSRF tokens); then refreshes, then is refused after revocation. The same with
// a Client ID Metadata Document served from a local test server.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  auth,
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  startAuthorization,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import { HeadlessProvider } from '../support/oauth-client.mjs';
import { callVendor, tokenRequest } from '../support/oauth-flow.mjs';

const PASSWORD = 'correct horse battery staple';
let gateway;
before(async () => {
  gateway = await startGateway({ mocks: true });
});
after(async () => gateway?.stop());

describe('the TypeScript SDK with dynamic client registration', () => {
  let browser;
  let provider;
  let serverUrl;

  before(async () => {
    browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'sdk@msp.example', password: PASSWORD });
    provider = new HeadlessProvider(browser);
    serverUrl = new URL(`${gateway.url}/v1/datto-rmm`);
  });

  test('discovers, registers, authorizes and exchanges the code', async () => {
    assert.equal(await auth(provider, { serverUrl }), 'REDIRECT');
    assert.match(provider.client.client_id, /^mcp_/);
    const authorization = provider.authorizationUrl;
    assert.equal(authorization.searchParams.get('resource'), `${gateway.url}/v1/datto-rmm`);
    assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');

    const callback = provider.callback;
    assert.equal(`${callback.origin}${callback.pathname}`, provider.redirectUrl);
    assert.equal(callback.searchParams.get('state'), provider.lastState);
    assert.equal(callback.searchParams.get('iss'), gateway.url);

    const code = callback.searchParams.get('code');
    assert.equal(await auth(provider, { serverUrl, authorizationCode: code }), 'AUTHORIZED');
    const tokens = provider.savedTokens;
    assert.equal(tokens.token_type, 'Bearer');
    assert.match(tokens.refresh_token, /^mcr_/);
    assert.equal(tokens.scope, 'tools:read offline_access');
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url'));
    assert.equal(claims.aud, `${gateway.url}/v1/datto-rmm`);
    assert.equal(claims.iss, gateway.url);
  });

  test('the access token passes the resource check for its vendor only', async () => {
    const token = provider.savedTokens.access_token;
    assert.equal((await callVendor(gateway.url, 'datto-rmm', token)).status, 200, 'authorized');
    const elsewhere = await callVendor(gateway.url, 'itglue', token);
    assert.equal(elsewhere.status, 401);
    assert.match(elsewhere.headers.get('www-authenticate'), /error="invalid_token"/);
  });

  test('refreshes with a rotated refresh token', async () => {
    const before = provider.savedTokens;
    assert.equal(await auth(provider, { serverUrl }), 'AUTHORIZED');
    const after = provider.savedTokens;
    assert.notEqual(after.refresh_token, before.refresh_token);
    assert.notEqual(after.access_token, before.access_token);
    assert.equal((await callVendor(gateway.url, 'datto-rmm', after.access_token)).status, 200);
  });

  test('revocation takes effect on the next request', async () => {
    const { access_token, refresh_token } = provider.savedTokens;
    const response = await fetch(`${gateway.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refresh_token, client_id: provider.client.client_id }),
    });
    assert.equal(response.status, 200);
    const refused = await callVendor(gateway.url, 'datto-rmm', access_token);
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate'), /error="invalid_token", error_description="the grant behind this token has been revoked"/);
    const refresh = await tokenRequest(gateway.url, {
      grant_type: 'refresh_token',
      refresh_token,
      client_id: provider.client.client_id,
    });
    assert.equal(refresh.status, 400);
    assert.equal(refresh.body.error, 'invalid_grant');
  });
});

describe('the TypeScript SDK with a Client ID Metadata Document', () => {
  let documentServer;
  let clientId;
  const redirectUri = 'http://127.0.0.1:8977/callback';

  before(async () => {
    documentServer = createServer((req, res) => {
      if (req.url !== '/oauth/client.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        client_id: clientId,
        client_name: 'CIMD test client',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }));
    });
    await new Promise((resolve) => documentServer.listen(0, '127.0.0.1', resolve));
    clientId = `http://127.0.0.1:${documentServer.address().port}/oauth/client.json`;
  });
  after(() => documentServer?.close());

  test('the gateway fetches the document, authorizes and issues tokens', async () => {
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'cimd@msp.example', password: PASSWORD });
    const metadata = await discoverAuthorizationServerMetadata(new URL(gateway.url));
    assert.equal(metadata.client_id_metadata_document_supported, true);
    const resource = new URL(`${gateway.url}/v1/itglue`);
    const { authorizationUrl, codeVerifier } = await startAuthorization(gateway.url, {
      metadata,
      clientInformation: { client_id: clientId },
      redirectUrl: redirectUri,
      scope: 'tools:read',
      state: 'cimd-state',
      resource,
    });
    const callback = await browser.authorize(authorizationUrl);
    assert.equal(callback.searchParams.get('state'), 'cimd-state');
    const tokens = await exchangeAuthorization(gateway.url, {
      metadata,
      clientInformation: { client_id: clientId },
      authorizationCode: callback.searchParams.get('code'),
      codeVerifier,
      redirectUri,
      resource,
    });
    assert.equal((await callVendor(gateway.url, 'itglue', tokens.access_token)).status, 200);
    // tools:read was asked for; offline access is ticked by default, so a refresh token comes too.
    assert.match(tokens.refresh_token, /^mcr_/);
  });

  test('a redirect URI the document does not list is shown as an error, not redirected', async () => {
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    const url = new URL(`${gateway.url}/oauth/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: 'https://evil.example/cb',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
    });
    const { response, body } = await browser.visit(url);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    assert.match(body, /is not a redirect URI registered for CIMD test client/);
  });
});
