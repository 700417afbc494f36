// A small reverse proxy that adds `Authorization: Bearer <token>` to every request and
// forwards it, streaming both ways (SSE included), to one MCP endpoint of the gateway. The
// conformance suite's `server` mode cannot send an Authorization header; pointed at this
// proxy it tests the gateway's authenticated endpoint as a signed-in client would see it.
//
// The proxy stands in for the gateway, so it translates its own origin into the gateway's:
// a Host or Origin header naming the proxy is rewritten to the gateway's, and every other
// value (for example the suite's DNS-rebinding probe, `Host: evil.example.com`) is passed on
// untouched for the gateway to judge. Paths map onto the target: `/` is the target path
// itself, `/sse` becomes `<target>/sse`, and the query string is kept.
//
// As a module: `startBearerProxy({ target, token })`. As a program:
//   node tests/conformance/bearer-proxy.mjs --target http://127.0.0.1:8787/v1/datto-rmm --token T [--port N]
//   node tests/conformance/bearer-proxy.mjs [--port N]   (starts a gateway with vendor mocks,
//                                                         signs up, grants, then proxies to it)
import { Agent, createServer, request as httpRequest } from 'node:http';
import { pathToFileURL } from 'node:url';

// RFC 9110 §7.6.1 connection-specific fields, plus the ones Node manages itself.
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization',
  'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

function forwardable(headers) {
  const named = (headers.connection ?? '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && !named.includes(name)) out[name] = value;
  }
  return out;
}

/**
 * Starts the proxy on 127.0.0.1. `target` is the full URL of the MCP endpoint (for example
 * `http://127.0.0.1:8787/v1/datto-rmm`), `token` the access token to add. `token` may also be
 * a function returning the current token (to swap in a refreshed one). With `record: true`
 * every exchange is kept in `proxy.exchanges` as `{ method, path, status, requestBody,
 * responseBody }` (bodies cut at 64 KiB), for diagnosing a failed run.
 * Returns `{ url, port, exchanges, stop() }`.
 */
export async function startBearerProxy({ target, token, port = 0, record = false }) {
  const upstream = new URL(target);
  const basePath = upstream.pathname.replace(/\/+$/, '');
  const currentToken = typeof token === 'function' ? token : () => token;
  const agent = new Agent({ keepAlive: true });
  const exchanges = [];
  const LIMIT = 64 * 1024;

  const server = createServer((incoming, outgoing) => {
    const own = `${server.address().address}:${server.address().port}`;
    const headers = forwardable(incoming.headers);
    if (!headers.host || headers.host === own) headers.host = upstream.host;
    if (headers.origin === `http://${own}`) headers.origin = upstream.origin;
    headers.authorization = `Bearer ${currentToken()}`;

    const [pathname, query = ''] = incoming.url.split(/\?(.*)/s);
    const suffix = pathname === '/' ? '' : pathname;
    const path = `${basePath}${suffix}` || '/';
    const entry = record
      ? { method: incoming.method, path: incoming.url, status: null, requestBody: '', responseBody: '' }
      : null;
    if (entry) exchanges.push(entry);

    const forward = httpRequest(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: query ? `${path}?${query}` : path,
        headers,
        agent,
      },
      (answer) => {
        if (entry) entry.status = answer.statusCode;
        outgoing.writeHead(answer.statusCode, answer.statusMessage, forwardable(answer.headers));
        // SSE: the status line goes out at once, and each chunk as soon as it arrives.
        outgoing.flushHeaders();
        if (entry) {
          answer.on('data', (chunk) => {
            if (entry.responseBody.length < LIMIT) entry.responseBody += chunk.toString('utf8');
          });
        }
        answer.on('error', () => outgoing.destroy());
        answer.pipe(outgoing);
      },
    );
    forward.on('error', (error) => {
      if (!outgoing.headersSent) {
        outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(`bearer proxy: upstream request failed: ${error.message}\n`);
      } else {
        outgoing.destroy();
      }
    });
    // The client hanging up (for example closing an SSE stream) ends the upstream request too.
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) forward.destroy();
    });
    incoming.on('data', (chunk) => {
      if (entry && entry.requestBody.length < LIMIT) entry.requestBody += chunk.toString('utf8');
    });
    incoming.pipe(forward);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    exchanges,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}

/**
 * Signs a person up on a running gateway with vendor mocks, grants a public client access to
 * `vendor` (tools:read) and returns the access token.
 */
export async function grantToken(gateway, { vendor = 'datto-rmm', email = 'conformance@msp.example', scope = 'tools:read offline_access' } = {}) {
  const [{ Browser }, { grant }] = await Promise.all([
    import('../support/browser.mjs'),
    import('../support/oauth-flow.mjs'),
  ]);
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email, password: 'correct horse battery staple' });
  const { exchange } = await grant(gateway.url, browser, { vendor, scope });
  if (exchange.status !== 200 || !exchange.body.access_token) {
    throw new Error(`token exchange failed: ${exchange.status} ${JSON.stringify(exchange.body)}`);
  }
  return exchange.body.access_token;
}

async function main(argv) {
  const option = (name) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const port = Number(option('port') ?? 0);
  let target = option('target');
  let token = option('token');
  let gateway;
  if (!target || !token) {
    const { startGateway } = await import('../support/gateway.mjs');
    gateway = await startGateway({ mocks: true });
    target = `${gateway.url}/v1/datto-rmm`;
    token = await grantToken(gateway);
    console.log(`gateway ${gateway.url} (vendor mocks on), signed in as conformance@msp.example`);
  }
  const proxy = await startBearerProxy({ target, token, port });
  console.log(`bearer proxy ${proxy.url} -> ${target}`);
  console.log(`try: node_modules/.bin/conformance server --url ${proxy.url} --requirements 2026-07-28`);
  const stop = async () => {
    await proxy.stop();
    await gateway?.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main(process.argv.slice(2));
}
