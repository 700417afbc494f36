// The workload of the side-by-side run with Cloudflare's stack (../shared/peer, issue 12), as
// the gateway's own benchmarks drive it: `datto_list_devices` returning a 50-device page of the
// Datto mock, in either era, through a gateway under `wrangler dev` with Server-Timing on.
// Shared by bench/timing.mjs (where the time goes) and bench/profile.mjs (which code spends it).
import { Browser } from '../tests/support/browser.mjs';
import { startGateway } from '../tests/support/gateway.mjs';
import { grant } from '../tests/support/oauth-flow.mjs';
import { post } from './lib.mjs';

export const MODERN = '2026-07-28';
export const LEGACY = '2025-11-25';
export const PAGE = 50;
export const TOOL = { name: 'datto_list_devices', arguments: { limit: PAGE } };

let nextId = 1;

/** The URL of the page on the Datto mock at `mockUrl`. */
export const pageUrl = (mockUrl) => `${mockUrl}/api/v2/account/devices?max=${PAGE}&page=0`;

/** A Datto API token from the mock at `mockUrl` (its password grant, the default account). */
export async function pageToken(mockUrl) {
  const response = await fetch(`${mockUrl}/auth/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('public-client:public').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'password', username: 'datto-key', password: 'datto-secret' }),
  });
  return (await response.json()).access_token;
}

/** Throws unless `result` is a 200 answer carrying the whole page. */
export function checkPage(label, result) {
  const devices = result.answer?.result?.structuredContent?.items;
  if (result.status !== 200 || result.answer?.result?.isError || devices?.length !== PAGE) {
    throw new Error(`${label}: expected ${PAGE} devices, got ${result.status} ${result.text.slice(0, 300)}`);
  }
}

/** A function making one 2026-era `tools/call` of the page with `token`. */
export function modernCall(endpoint, token) {
  const headers = { authorization: `Bearer ${token}`, 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': TOOL.name };
  const meta = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };
  return () => post(endpoint, headers, { jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { ...TOOL, _meta: meta } });
}

/** Opens a legacy session with `token`; resolves to a function making one `tools/call` in it. */
export async function legacyCall(endpoint, token) {
  const auth = { authorization: `Bearer ${token}` };
  const init = await post(endpoint, auth, {
    jsonrpc: '2.0',
    id: nextId++,
    method: 'initialize',
    params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'bench-page', version: '1.0.0' } },
  });
  const headers = { ...auth, 'mcp-protocol-version': LEGACY, 'mcp-session-id': init.headers.get('mcp-session-id') };
  await post(endpoint, headers, { jsonrpc: '2.0', method: 'notifications/initialized' });
  return () => post(endpoint, headers, { jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: TOOL });
}

/**
 * Starts a gateway with every mock (the Datto mock's limits off, 50 extra devices) and one
 * signed-up user. `vars` are added to the gateway's. Resolves to the gateway, its Datto mock,
 * the MCP endpoint, `newToken()` (a fresh grant's access token) and `direct()` (the same page
 * fetched from the mock itself).
 */
export async function startPageGateway({ vars = {} } = {}) {
  const gateway = await startGateway({
    // The governor's budget is in effect off (a huge one: the hot path still spends from slices
    // and asks the budget object for each new one).
    vars: { SERVER_TIMING: 'on', VENDOR_BUDGETS: 'datto-rmm=1000000/60', ...vars },
    mocks: { datto: { rateLimit: { limit: Infinity, windowMs: 1 }, slowdown: false, ipBlock: false, extraDevices: PAGE } },
  });
  try {
    const { datto } = gateway.mocks;
    const browser = new Browser(gateway.url, gateway.vendorKeys);
    await browser.signUp({ email: 'bench-page@msp.example', password: 'correct horse battery staple' });
    const newToken = async () => {
      const { exchange } = await grant(gateway.url, browser, { vendor: 'datto-rmm' });
      if (exchange.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(exchange.body)}`);
      return exchange.body.access_token;
    };
    const dattoToken = await pageToken(datto.url);
    const direct = async () => {
      const response = await fetch(pageUrl(datto.url), {
        headers: { authorization: `Bearer ${dattoToken}`, accept: 'application/json' },
      });
      await response.arrayBuffer();
    };
    return { gateway, datto, endpoint: `${gateway.url}/v1/datto-rmm`, newToken, direct };
  } catch (error) {
    await gateway.stop();
    throw error;
  }
}
