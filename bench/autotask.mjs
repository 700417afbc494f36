// Gateway overhead per Autotask read on local workerd (wrangler dev) with the Autotask mock, in
// the 2026-07-28 era: `autotask_search_tickets` (a `POST …/Tickets/query` with a filter, labels
// put beside picklist ids from the cached definitions) and `autotask_get_ticket` (a `GET`),
// each against the same vendor request sent straight to the mock with the API user's headers.
// Pairs alternate which goes first; overhead = gateway − direct of the same iteration.
// Prints figures; asserts nothing.
// Usage: node bench/autotask.mjs [sequential-calls (default 500)]
import { AUTOTASK_CREDENTIALS, AUTOTASK_IDS } from '../tests/mocks/autotask/mock.mjs';
import { Browser } from '../tests/support/browser.mjs';
import { startGateway } from '../tests/support/gateway.mjs';
import { grant } from '../tests/support/oauth-flow.mjs';
import { checkToolAnswer, paired, post, summarise } from './lib.mjs';

const CALLS = Number(process.argv[2] ?? 500);
const MODERN = '2026-07-28';
const META = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };
const API_HEADERS = {
  apiintegrationcode: AUTOTASK_CREDENTIALS.integrationCode,
  username: AUTOTASK_CREDENTIALS.username,
  secret: AUTOTASK_CREDENTIALS.secret,
  accept: 'application/json',
};

/** The same request the gateway sends, straight to the mock's zone. */
function direct(root, method, path, body) {
  return async () => {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: { ...API_HEADERS, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`direct ${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  };
}

let nextId = 1;
function toolCall(endpoint, accessToken, name, args) {
  const headers = {
    authorization: `Bearer ${accessToken}`,
    'mcp-protocol-version': MODERN,
    'mcp-method': 'tools/call',
    'mcp-name': name,
  };
  return async () => {
    const message = { jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name, arguments: args, _meta: META } };
    const result = await post(endpoint, headers, message);
    checkToolAnswer(name, result);
    return result;
  };
}

const gateway = await startGateway({ mocks: { autotask: { threshold: Infinity } } });
try {
  const { autotask } = gateway.mocks;
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'bench-autotask@msp.example', password: 'correct horse battery staple' });
  // One grant per tool measured: the gateway limits each grant (MCP_LIMITER in wrangler.toml).
  const newToken = async () => {
    const { exchange } = await grant(gateway.url, browser, { vendor: 'autotask' });
    if (exchange.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(exchange.body)}`);
    return exchange.body.access_token;
  };
  const endpoint = `${gateway.url}/v1/autotask`;
  const root = `${autotask.url}/atservicesrest/v1.0`;

  const search = toolCall(endpoint, await newToken(), 'autotask_search_tickets', { company_id: AUTOTASK_IDS.companyNorthwind });
  const sample = await search();
  // The gateway's own query, read from the mock's log, is what the direct leg sends.
  const query = autotask.requests.findLast((r) => /\/tickets\/query$/i.test(r.path));
  const directSearch = direct(root, 'POST', '/Tickets/query', JSON.parse(query.body));
  const get = toolCall(endpoint, await newToken(), 'autotask_get_ticket', { ticket_id: AUTOTASK_IDS.ticketPrinter });
  const directGet = direct(root, 'GET', `/Tickets/${AUTOTASK_IDS.ticketPrinter}`);
  const items = sample.answer.result.structuredContent.items.length;

  console.log(`Autotask reads, 2026-07-28 era — ${CALLS} sequential pairs each (search: ${items} tickets, one page)`);
  const table = {};
  const lines = [];
  for (const [label, gatewayCall, directCall] of [
    ['autotask_search_tickets (POST /Tickets/query)', search, directSearch],
    ['autotask_get_ticket (GET /Tickets/{id})', get, directGet],
  ]) {
    const { directTimes, gatewayTimes, overhead } = await paired(directCall, gatewayCall, CALLS);
    table[`${label}: direct`] = summarise(directTimes);
    table[`${label}: through the gateway`] = summarise(gatewayTimes);
    table[`${label}: overhead (paired)`] = summarise(overhead);
    const { p50, p95, p99 } = summarise(overhead);
    lines.push(`gateway overhead per tools/call, ${label}: p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms`);
  }
  console.table(table);
  for (const line of lines) console.log(line);
  const fields = autotask.requests.filter((r) => /entityinformation\/fields$/i.test(r.path)).length;
  const zones = autotask.requests.filter((r) => /zoneinformation/i.test(r.path)).length;
  console.log(`the mock saw ${zones} zone lookup(s) and ${fields} picklist read(s) in all: both are cached`);
} finally {
  await gateway.stop();
}
