// Raw OAuth helpers for tests that probe the authorization server's edges: PKCE pairs,
// registration, authorization URLs, token requests, and a whole grant in one call.
import { createHash, randomBytes } from 'node:crypto';

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export async function register(origin, metadata) {
  const response = await fetch(`${origin}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  });
  return { status: response.status, body: await response.json() };
}

export async function registerPublicClient(origin, redirectUri = 'http://127.0.0.1:9999/callback') {
  const { status, body } = await register(origin, {
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    client_name: 'Raw test client',
  });
  if (status !== 201) throw new Error(`registration failed: ${status} ${JSON.stringify(body)}`);
  return body;
}

export function authorizeUrl(origin, params) {
  const url = new URL(`${origin}/oauth/authorize`);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

export async function tokenRequest(origin, params, headers = {}) {
  const response = await fetch(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A stateless (2026-07-28) `server/discover` to a vendor's MCP endpoint: 200 when authorized. */
export async function callVendor(origin, vendor, accessToken) {
  const response = await fetch(`${origin}/v1/${vendor}`, {
    method: 'POST',
    headers: {
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'server/discover',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'server/discover',
      params: {
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });
  await response.arrayBuffer();
  return response;
}

/**
 * Registers a client, authorizes it as the signed-in `browser` user, and redeems the code.
 * Returns the client, the code exchange's result and the PKCE pair.
 */
export async function grant(origin, browser, { vendor = 'datto-rmm', scope = 'tools:read offline_access', consent = {} } = {}) {
  const redirectUri = 'http://127.0.0.1:9999/callback';
  const client = await registerPublicClient(origin, redirectUri);
  const { verifier, challenge } = pkcePair();
  const url = authorizeUrl(origin, {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'st-1',
    scope,
    resource: `${origin}/v1/${vendor}`,
  });
  const callback = await browser.authorize(url, consent);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback}`);
  const exchange = await tokenRequest(origin, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: client.client_id,
    code_verifier: verifier,
  });
  return { client, code, verifier, challenge, redirectUri, callback, exchange };
}
