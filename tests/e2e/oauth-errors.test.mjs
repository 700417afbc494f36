// The authorization server's exact answers to bad input: PKCE, codes, redirect URIs, clients,
// tokens used on the wrong vendor, expired and tampered tokens, refresh reuse, concurrent
// refreshes, cross-tenant revocation, CSRF and open-redirect attempts, sign-in throttling.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import {
  authorizeUrl,
  callVendor,
  grant,
  pkcePair,
  register,
  registerPublicClient,
  tokenRequest,
} from '../support/oauth-flow.mjs';

const PASSWORD = 'correct horse battery staple';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let gateway;
let browser;
before(async () => {
  gateway = await startGateway({ mocks: true });
  browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'errors@msp.example', password: PASSWORD });
});
after(async () => gateway?.stop());

function baseParams(client, challenge, extra = {}) {
  return {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: 'http://127.0.0.1:9999/callback',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'xyz',
    resource: `${gateway.url}/v1/datto-rmm`,
    ...extra,
  };
}

async function authorizeError(params) {
  const { response } = await browser.visit(authorizeUrl(gateway.url, params));
  assert.equal(response.status, 302, 'errors about the request go back to the client');
  const location = new URL(response.headers.get('location'));
  assert.equal(`${location.origin}${location.pathname}`, 'http://127.0.0.1:9999/callback');
  assert.equal(location.searchParams.get('state'), 'xyz');
  assert.equal(location.searchParams.get('iss'), gateway.url);
  return location.searchParams;
}

describe('PKCE', () => {
  let client;
  before(async () => {
    client = await registerPublicClient(gateway.url);
  });

  test('a missing code_challenge is invalid_request', async () => {
    const { challenge } = pkcePair();
    const params = baseParams(client, challenge);
    delete params.code_challenge;
    const error = await authorizeError(params);
    assert.equal(error.get('error'), 'invalid_request');
    assert.match(error.get('error_description'), /code_challenge is required/);
  });

  test('the plain method is refused', async () => {
    const { verifier } = pkcePair();
    const error = await authorizeError(baseParams(client, verifier, { code_challenge_method: 'plain' }));
    assert.equal(error.get('error'), 'invalid_request');
    assert.match(error.get('error_description'), /plain is not supported/);
  });

  test('a wrong or missing code_verifier is invalid_grant', async () => {
    const { client: c, code } = await grantWithoutExchange();
    for (const verifier of [undefined, pkcePair().verifier]) {
      const params = { grant_type: 'authorization_code', code, client_id: c.client_id, redirect_uri: 'http://127.0.0.1:9999/callback' };
      if (verifier) params.code_verifier = verifier;
      const result = await tokenRequest(gateway.url, params);
      assert.equal(result.status, 400);
      assert.equal(result.body.error, 'invalid_grant');
      assert.equal(result.headers.get('cache-control'), 'no-store');
    }
  });
});

/** Authorizes a client and returns the unredeemed code. */
async function grantWithoutExchange(scope = 'tools:read offline_access') {
  const client = await registerPublicClient(gateway.url);
  const { verifier, challenge } = pkcePair();
  const callback = await browser.authorize(authorizeUrl(gateway.url, baseParams(client, challenge, { scope })));
  return { client, verifier, code: callback.searchParams.get('code') };
}

describe('authorization codes', () => {
  test('a reused code is invalid_grant and revokes what the first use issued', async () => {
    const first = await grant(gateway.url, browser);
    assert.equal(first.exchange.status, 200);
    const again = await tokenRequest(gateway.url, {
      grant_type: 'authorization_code', code: first.code, redirect_uri: first.redirectUri,
      client_id: first.client.client_id, code_verifier: first.verifier,
    });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
    assert.match(again.body.error_description, /already used/);
    assert.equal((await callVendor(gateway.url, 'datto-rmm', first.exchange.body.access_token)).status, 401);
  });

  test('a redirect_uri different from the authorization request is invalid_grant', async () => {
    const { client, verifier, code } = await grantWithoutExchange();
    const result = await tokenRequest(gateway.url, {
      grant_type: 'authorization_code', code, client_id: client.client_id, code_verifier: verifier,
      redirect_uri: 'http://127.0.0.1:9999/other',
    });
    assert.equal(result.status, 400);
    assert.equal(result.body.error, 'invalid_grant');
    assert.match(result.body.error_description, /redirect_uri does not match/);
  });

  test('a code redeemed by another client is invalid_grant', async () => {
    const { verifier, code } = await grantWithoutExchange();
    const other = await registerPublicClient(gateway.url);
    const result = await tokenRequest(gateway.url, {
      grant_type: 'authorization_code', code, client_id: other.client_id, code_verifier: verifier,
    });
    assert.equal(result.body.error, 'invalid_grant');
    assert.match(result.body.error_description, /another client/);
  });
});

describe('malformed requests to the JSON and form endpoints', () => {
  test('registration must be JSON of the expected shape', async () => {
    const wrongType = await fetch(`${gateway.url}/oauth/register`, {
      method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}',
    });
    assert.equal(wrongType.status, 400);
    assert.equal((await wrongType.json()).error, 'invalid_request');
    const broken = await fetch(`${gateway.url}/oauth/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris": [',
    });
    assert.equal(broken.status, 400);
    assert.equal((await broken.json()).error, 'invalid_client_metadata');
  });

  test('the token endpoint wants a form, single-valued parameters and a known grant type', async () => {
    const client = await registerPublicClient(gateway.url);
    const json = await fetch(`${gateway.url}/oauth/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":"refresh_token"}',
    });
    assert.equal(json.status, 400);
    assert.equal((await json.json()).error, 'invalid_request');
    const repeated = await fetch(`${gateway.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=refresh_token&refresh_token=a&refresh_token=b&client_id=${client.client_id}`,
    });
    const repeatedBody = await repeated.json();
    assert.equal(repeatedBody.error, 'invalid_request');
    assert.match(repeatedBody.error_description, /refresh_token appears more than once/);
    const missing = await tokenRequest(gateway.url, { client_id: client.client_id });
    assert.equal(missing.body.error, 'invalid_request');
    assert.match(missing.body.error_description, /grant_type is required/);
    const unsupported = await tokenRequest(gateway.url, { grant_type: 'password', client_id: client.client_id });
    assert.equal(unsupported.status, 400);
    assert.equal(unsupported.body.error, 'unsupported_grant_type');
  });
});

describe('the consent decision', () => {
  test('Deny sends access_denied back with state and iss, and issues nothing', async () => {
    const client = await registerPublicClient(gateway.url);
    const { challenge } = pkcePair();
    const callback = await browser.authorize(authorizeUrl(gateway.url, baseParams(client, challenge)), { decision: 'deny' });
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), 'xyz');
    assert.equal(callback.searchParams.get('iss'), gateway.url);
    assert.equal(callback.searchParams.get('code'), null);
  });

  test('without a resource the person chooses the vendor, and the token is bound to it', async () => {
    const client = await registerPublicClient(gateway.url);
    const { verifier, challenge } = pkcePair();
    const params = baseParams(client, challenge);
    delete params.resource;
    const callback = await browser.authorize(authorizeUrl(gateway.url, params), { vendor: 'itglue' });
    const exchange = await tokenRequest(gateway.url, {
      grant_type: 'authorization_code', code: callback.searchParams.get('code'), client_id: client.client_id,
      code_verifier: verifier, redirect_uri: params.redirect_uri,
    });
    assert.equal(exchange.status, 200);
    assert.equal((await callVendor(gateway.url, 'itglue', exchange.body.access_token)).status, 200);
    assert.equal((await callVendor(gateway.url, 'datto-rmm', exchange.body.access_token)).status, 401);
  });

  test('an unknown resource is invalid_target', async () => {
    const client = await registerPublicClient(gateway.url);
    const { challenge } = pkcePair();
    const error = await authorizeError(baseParams(client, challenge, { resource: 'https://evil.example/v1/datto-rmm' }));
    assert.equal(error.get('error'), 'invalid_target');
  });
});

describe('clients and redirect URIs', () => {
  test('an unknown client is a page at authorize and invalid_client (401) at the token endpoint', async () => {
    const { challenge } = pkcePair();
    const { response, body } = await browser.visit(authorizeUrl(gateway.url, baseParams({ client_id: 'mcp_unknown' }, challenge)));
    assert.equal(response.status, 400);
    assert.match(body, /Unknown application/);
    const result = await tokenRequest(gateway.url, { grant_type: 'authorization_code', code: 'x', client_id: 'mcp_unknown' });
    assert.equal(result.status, 401);
    assert.equal(result.body.error, 'invalid_client');
  });

  test('an unregistered redirect_uri is shown on a page and never redirected to', async () => {
    const client = await registerPublicClient(gateway.url);
    const { challenge } = pkcePair();
    for (const evil of ['https://evil.example/callback', 'http://127.0.0.1:9999/callback/../../evil', 'http://localhost:9999/callback']) {
      const { response, body } = await browser.visit(authorizeUrl(gateway.url, baseParams(client, challenge, { redirect_uri: evil })));
      assert.equal(response.status, 400, evil);
      assert.equal(response.headers.get('location'), null, evil);
      assert.match(body, /Redirect address not registered/);
    }
  });

  test('loopback redirect URIs match on any port', async () => {
    const client = await registerPublicClient(gateway.url);
    const { challenge } = pkcePair();
    const url = authorizeUrl(gateway.url, baseParams(client, challenge, { redirect_uri: 'http://127.0.0.1:41234/callback' }));
    const callback = await browser.authorize(url);
    assert.equal(callback.port, '41234');
    assert.ok(callback.searchParams.get('code'));
  });

  test("Claude's callbacks register; insecure ones get invalid_redirect_uri", async () => {
    const ok = await register(gateway.url, {
      redirect_uris: ['https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback'],
      token_endpoint_auth_method: 'none',
    });
    assert.equal(ok.status, 201);
    const bad = await register(gateway.url, { redirect_uris: ['http://evil.example/cb'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_redirect_uri');
  });

  test('a confidential client must authenticate with its secret', async () => {
    const { body: client } = await register(gateway.url, {
      redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'client_secret_basic',
    });
    assert.match(client.client_secret, /^mcs_/);
    const wrong = Buffer.from(`${client.client_id}:nope`).toString('base64');
    const result = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: 'x' }, { authorization: `Basic ${wrong}` });
    assert.equal(result.status, 401);
    assert.equal(result.body.error, 'invalid_client');
    assert.match(result.headers.get('www-authenticate'), /^Basic/);
    const right = Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64');
    const authenticated = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: 'x' }, { authorization: `Basic ${right}` });
    assert.equal(authenticated.body.error, 'invalid_grant', 'authenticated, then the unknown token is refused');
  });
});

describe('access tokens at the resource', () => {
  let tokens;
  before(async () => {
    tokens = (await grant(gateway.url, browser)).exchange.body;
  });

  test('no token is a 401 challenge naming the resource metadata and scope', async () => {
    const response = await callVendor(gateway.url, 'datto-rmm');
    assert.equal(response.status, 401);
    assert.equal(
      response.headers.get('www-authenticate'),
      `Bearer resource_metadata="${gateway.url}/.well-known/oauth-protected-resource/v1/datto-rmm", scope="tools:read"`,
    );
  });

  test('a token for one vendor is refused by another', async () => {
    const response = await callVendor(gateway.url, 'itglue', tokens.access_token);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate'), /error="invalid_token", error_description="the token was issued for .*\/v1\/datto-rmm, not this resource"/);
  });

  test('a tampered token is refused', async () => {
    const [head, payload, signature] = tokens.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url'));
    claims.aud = `${gateway.url}/v1/itglue`;
    const forged = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const response = await callVendor(gateway.url, 'itglue', forged);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate'), /the token's signature is invalid/);
  });

  test('a non-Bearer scheme is refused', async () => {
    const response = await fetch(`${gateway.url}/v1/datto-rmm`, { method: 'POST', headers: { authorization: `Basic ${tokens.access_token}` } });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate'), /use the Bearer authorization scheme/);
  });
});

describe('refresh tokens', () => {
  // Two at once: a request and its retry. (A third use of the same token is reuse and revokes
  // the grant: tests/e2e/oauth-security.test.mjs.)
  test('concurrent refreshes with one token cannot both win', async () => {
    const { client, exchange } = await grant(gateway.url, browser);
    const refresh = () => tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: exchange.body.refresh_token, client_id: client.client_id });
    const results = await Promise.all([refresh(), refresh()]);
    const issued = results.filter((r) => r.status === 200).map((r) => r.body.refresh_token);
    assert.ok(issued.length >= 1, JSON.stringify(results.map((r) => r.body)));
    for (const r of results.filter((r) => r.status !== 200)) assert.equal(r.body.error, 'invalid_grant');
    let usable = 0;
    for (const token of issued) {
      const next = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: token, client_id: client.client_id });
      if (next.status === 200) usable++;
      else assert.equal(next.body.error, 'invalid_grant');
    }
    assert.equal(usable, 1, 'exactly one line of refresh tokens survives');
  });

  test('a refresh token of another client is invalid_grant', async () => {
    const { exchange } = await grant(gateway.url, browser);
    const other = await registerPublicClient(gateway.url);
    const result = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: exchange.body.refresh_token, client_id: other.client_id });
    assert.equal(result.body.error, 'invalid_grant');
    assert.match(result.body.error_description, /another client/);
  });

  test('asking for more scope than granted is invalid_scope; narrowing works', async () => {
    const { client, exchange } = await grant(gateway.url, browser);
    const wider = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: exchange.body.refresh_token, client_id: client.client_id, scope: 'tools:read tools:write' });
    assert.equal(wider.body.error, 'invalid_scope');
    const narrower = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: exchange.body.refresh_token, client_id: client.client_id, scope: 'tools:read' });
    assert.equal(narrower.status, 200);
    assert.equal(narrower.body.scope, 'tools:read');
  });

  test('unticking offline access means no refresh token', async () => {
    const { exchange } = await grant(gateway.url, browser, { consent: { scopes: [] } });
    assert.equal(exchange.status, 200);
    assert.equal(exchange.body.scope, 'tools:read');
    assert.equal(exchange.body.refresh_token, undefined);
  });
});

describe('revocation', () => {
  test('revoking an access token revokes its grant', async () => {
    const { client, exchange } = await grant(gateway.url, browser);
    const response = await fetch(`${gateway.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: exchange.body.access_token, token_type_hint: 'access_token', client_id: client.client_id }),
    });
    assert.equal(response.status, 200);
    assert.equal((await callVendor(gateway.url, 'datto-rmm', exchange.body.access_token)).status, 401);
    const refresh = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: exchange.body.refresh_token, client_id: client.client_id });
    assert.equal(refresh.body.error, 'invalid_grant');
  });
});

describe('revocation across tenants', () => {
  test("another tenant's client cannot revoke a grant it does not hold", async () => {
    const victim = await grant(gateway.url, browser);
    const attacker = new Browser(gateway.url, gateway.vendorKeys);
    await attacker.signUp({ email: 'attacker@other.example', password: PASSWORD, organisation: 'Other MSP' });
    const theirs = await grant(gateway.url, attacker);
    const response = await fetch(`${gateway.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: victim.exchange.body.refresh_token, client_id: theirs.client.client_id }),
    });
    assert.equal(response.status, 200, 'the endpoint reveals nothing');
    assert.equal((await callVendor(gateway.url, 'datto-rmm', victim.exchange.body.access_token)).status, 200, 'still works');
  });
});

describe('pages: CSRF, open redirects and throttling', () => {
  test('a form posted without its CSRF token is refused with 403', async () => {
    const stranger = new Browser(gateway.url, gateway.vendorKeys);
    await stranger.visit('/sign-in');
    const response = await stranger.request('/sign-in', { method: 'POST', form: { email: 'errors@msp.example', password: PASSWORD } });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /This form has expired/);
    assert.ok(!stranger.cookies.has('__Host-mgw_session'));
  });

  test('a consent decision without the CSRF token grants nothing', async () => {
    const client = await registerPublicClient(gateway.url);
    const { challenge } = pkcePair();
    const params = baseParams(client, challenge);
    const response = await browser.request('/oauth/authorize', {
      method: 'POST',
      form: { ...params, requested_scope: 'tools:read', decision: 'allow' },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('location'), null);
  });

  test('return_to cannot send the user off-site', async () => {
    const visitor = new Browser(gateway.url, gateway.vendorKeys);
    const page = await visitor.visit('/sign-in?return_to=//evil.example/x');
    const result = await visitor.request('/sign-in', {
      method: 'POST',
      form: { csrf_token: page.body.match(/name="csrf_token" value="([^"]+)"/)[1], return_to: '//evil.example/x', email: 'errors@msp.example', password: PASSWORD },
    });
    assert.equal(result.status, 303);
    assert.equal(result.headers.get('location'), '/settings');
  });

  test('after five wrong passwords from one address the sixth attempt waits, with a clear message', async () => {
    const person = new Browser(gateway.url, gateway.vendorKeys);
    await person.signUp({ email: 'throttle@msp.example', password: PASSWORD });
    const attempt = new Browser(gateway.url, gateway.vendorKeys);
    for (let i = 0; i < 5; i++) {
      const result = await attempt.signIn({ email: 'throttle@msp.example', password: 'wrong password!' });
      assert.equal(result.response.status, 401);
      assert.match(result.body, /The email or password is incorrect/);
    }
    const locked = await attempt.signIn({ email: 'throttle@msp.example', password: PASSWORD });
    assert.equal(locked.response.status, 429);
    assert.match(locked.body, /Too many sign-in attempts\. Try again in 1 minute\./);
    assert.ok(Number(locked.response.headers.get('retry-after')) > 0);
  });
});

describe('lifetimes (a gateway with short ones)', () => {
  let short;
  let person;
  before(async () => {
    // Expiry is counted in whole seconds, so a code of TTL n lives between n - 1 and n seconds:
    // 2 leaves every other test's authorization flow at least a second to redeem its code.
    short = await startGateway({ mocks: true, vars: { ACCESS_TOKEN_TTL_SECONDS: '5', AUTHORIZATION_CODE_TTL_SECONDS: '2', REFRESH_GRACE_SECONDS: '1' } });
    person = new Browser(short.url, short.vendorKeys);
    await person.signUp({ email: 'short@msp.example', password: PASSWORD });
  });
  after(async () => short?.stop());

  test('an expired authorization code is invalid_grant', async () => {
    const client = await registerPublicClient(short.url);
    const { verifier, challenge } = pkcePair();
    const url = authorizeUrl(short.url, { response_type: 'code', client_id: client.client_id, code_challenge: challenge, code_challenge_method: 'S256', resource: `${short.url}/v1/datto-rmm` });
    const code = (await person.authorize(url)).searchParams.get('code');
    await sleep(2_100);
    const result = await tokenRequest(short.url, { grant_type: 'authorization_code', code, client_id: client.client_id, code_verifier: verifier });
    assert.equal(result.body.error, 'invalid_grant');
    assert.match(result.body.error_description, /expired/);
  });

  test('an expired access token is a 401 invalid_token', async () => {
    const { exchange } = await grant(short.url, person);
    assert.equal(exchange.status, 200, JSON.stringify(exchange.body));
    assert.equal((await callVendor(short.url, 'datto-rmm', exchange.body.access_token)).status, 200);
    await sleep(6_100);
    const response = await callVendor(short.url, 'datto-rmm', exchange.body.access_token);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate'), /error="invalid_token", error_description="the token has expired"/);
  });

  test('the previous refresh token works within the grace window, and revokes the grant after it', async () => {
    const { client, exchange } = await grant(short.url, person);
    const refresh = (token) => tokenRequest(short.url, { grant_type: 'refresh_token', refresh_token: token, client_id: client.client_id });
    const first = await refresh(exchange.body.refresh_token);
    assert.equal(first.status, 200);
    const retried = await refresh(exchange.body.refresh_token);
    assert.equal(retried.status, 200, 'a retry inside the grace window succeeds');
    await sleep(2_100);
    const reused = await refresh(exchange.body.refresh_token);
    assert.equal(reused.body.error, 'invalid_grant');
    assert.match(reused.body.error_description, /already used; the grant is revoked/);
    const afterwards = await refresh(retried.body.refresh_token);
    assert.equal(afterwards.body.error, 'invalid_grant', 'the whole grant is gone');
    assert.equal((await callVendor(short.url, 'datto-rmm', retried.body.access_token)).status, 401);
  });
});
