// Real MCP clients connected to a gateway endpoint through the whole OAuth flow, the way each
// is used in the field: the 401 and its protected resource metadata, authorization server
// metadata, dynamic client registration, PKCE, the person's sign-in / vendor connect /
// consent played by tests/support/browser.mjs, the code exchange, and (where the client does
// it) a new authorization when the gateway answers 403 insufficient_scope.
//
// Every connector answers with the same session shape, so one test body drives them all:
//   { listTools(), callTool(name, args), authorizations, grantedScope(), refreshScope?(), logs(), close() }
// `authorizations` holds every authorization URL the client sent the person to, after any
// rewrite by the scope policy; `callTool` answers `{ content, structuredContent, isError }`;
// `refreshScope()` (subprocess clients) reads the scope of the tokens the client holds now.
//
// Scope policies: 'asked' approves exactly what the client asked for (read access and offline
// access are ticked as the consent page does by default; changes and secrets only when asked),
// so writes and secrets need step-up; 'all' rewrites the authorization URL to ask for every
// scope up front. `tick` lists scopes the person ticks on the consent page whatever the client
// asked (the page offers every permission the vendor has).
// `offline: false` unticks offline access (no refresh token): the TS SDK v1 answers a 403
// insufficient_scope by refreshing when it holds a refresh token, which cannot widen a grant,
// so its step-up reaches the person only without one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError as UnauthorizedV1 } from '@modelcontextprotocol/sdk/client/auth.js';
import { SSEClientTransport as SseV1 } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as StreamableV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as StreamableV2,
  UnauthorizedError as UnauthorizedV2,
} from '@modelcontextprotocol/client';
import { freePort, ROOT } from './gateway.mjs';
import { HeadlessProvider } from './oauth-client.mjs';


/** Every tool of an SDK client, following `nextCursor` to the last page. */
async function allTools(client) {
  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}
export const ALL_SCOPES = ['tools:read', 'tools:write', 'secrets:read', 'offline_access'];
/** What the consent page ticks whatever was asked (tools:read is locked on). */
const ALWAYS_TICKED = ['tools:read', 'offline_access'];
export const MCP_REMOTE_BIN = path.join(ROOT, 'node_modules/.bin/mcp-remote');
export const PYTHON = path.join(ROOT, '.venv-clients/bin/python');
export const PYTHON_CLIENT = path.join(ROOT, 'tests/clients/python_client.py');
const CLIENT_INFO = { name: 'gateway-e2e', version: '1.0.0' };

/** The scopes an authorization URL asks for. */
export const scopesOf = (url) => (new URL(url).searchParams.get('scope') ?? '').split(' ').filter(Boolean);

/** `url` asking for `policy`'s scopes: unchanged for 'asked', every scope for 'all'. */
function applyPolicy(url, policy) {
  const rewritten = new URL(url);
  if (policy === 'all') rewritten.searchParams.set('scope', ALL_SCOPES.join(' '));
  return rewritten;
}

/**
 * The person approves an authorization URL: signs in / connects the vendor if asked, and ticks
 * exactly the scopes the URL asks for (plus those ticked by default). Returns the redirect
 * (the client's redirect URI with `code`, `state`, `iss`); an error redirect throws.
 */
export async function approve(browser, url, { offline = true, tick = [] } = {}) {
  const scopes = [...new Set([...ALWAYS_TICKED, ...scopesOf(url), ...tick])]
    .filter((scope) => offline || scope !== 'offline_access');
  const callback = await browser.authorize(url, { scopes });
  if (!callback.searchParams.get('code')) {
    throw new Error(`the authorization at ${url} ended without a code: ${callback}`);
  }
  if (callback.searchParams.get('state') !== new URL(url).searchParams.get('state')) {
    throw new Error(`the callback's state does not echo the request's: ${callback}`);
  }
  return callback;
}

/** The SDKs' provider: the existing headless provider with a scope policy and a log of URLs. */
export class ConsentingProvider extends HeadlessProvider {
  constructor(browser, { policy = 'asked', offline = true, tick = [], clientName = 'gateway-e2e' } = {}) {
    super(browser, { clientName });
    this.policy = policy;
    this.offline = offline;
    this.tick = tick;
    this.authorizations = [];
  }

  async redirectToAuthorization(url) {
    const asked = applyPolicy(url, this.policy);
    this.authorizations.push(asked);
    this.authorizationUrl = asked;
    this.callback = await approve(this.browser, asked, { offline: this.offline, tick: this.tick });
  }

  /** The pending callback, consumed: the code (and the whole query for v2's finishAuth). */
  takeCallback() {
    const callback = this.callback;
    if (!callback) throw new Error('the SDK asked for authorization but no callback is pending');
    this.callback = undefined;
    if (callback.searchParams.get('state') !== this.lastState) {
      throw new Error(`state mismatch: sent ${this.lastState}, got ${callback.searchParams.get('state')}`);
    }
    return callback;
  }
}

/**
 * Connects an SDK `client` with `makeTransport()`; the first attempt meets the 401, the
 * provider plays the person, `finishAuth` redeems the code, and a fresh transport connects
 * (a started transport cannot be restarted).
 */
async function connectSdk(client, makeTransport, provider, { Unauthorized, finish }) {
  let transport = makeTransport();
  try {
    await client.connect(transport);
  } catch (error) {
    if (!(error instanceof Unauthorized)) throw error;
    await finish(transport, provider.takeCallback());
    await client.close(); // the v1 client keeps a transport whose start failed (HTTP+SSE)
    transport = makeTransport();
    await client.connect(transport);
  }
  return transport;
}

/** The session shape for an SDK client whose transport can re-authorize mid-session. */
function sdkSession(kind, client, state, provider, { Unauthorized, finish }) {
  return {
    kind,
    client,
    provider,
    authorizations: provider.authorizations,
    get transport() {
      return state.transport;
    },
    listTools: () => allTools(client),
    async callTool(name, args) {
      const before = provider.authorizations.length;
      try {
        return await client.callTool({ name, arguments: args });
      } catch (error) {
        // Step-up: the transport met 403 insufficient_scope, asked the person again and
        // stopped with UnauthorizedError; redeem the new code and repeat the call.
        if (!(error instanceof Unauthorized) || provider.authorizations.length === before) throw error;
        await finish(state.transport, provider.takeCallback());
        return client.callTool({ name, arguments: args });
      }
    },
    grantedScope: () => provider.savedTokens?.scope,
    logs: () => '',
    close: () => client.close(),
  };
}

const V1 = { Unauthorized: UnauthorizedV1, finish: (transport, callback) => transport.finishAuth(callback.searchParams.get('code')) };
const V2 = { Unauthorized: UnauthorizedV2, finish: (transport, callback) => transport.finishAuth(callback.searchParams) };

/** TS SDK v1 (`@modelcontextprotocol/sdk`), Streamable HTTP: the legacy era (initialize, Mcp-Session-Id). */
export async function connectSdkV1({ gateway, browser, vendor, policy = 'asked', offline = false, query = '', tick = [] }) {
  const url = new URL(`${gateway.url}/v1/${vendor}${query}`);
  const provider = new ConsentingProvider(browser, { policy, offline, tick, clientName: 'gateway-e2e (TS SDK v1)' });
  const client = new ClientV1(CLIENT_INFO);
  const state = {};
  state.transport = await connectSdk(client, () => new StreamableV1(url, { authProvider: provider }), provider, V1);
  return sdkSession('sdk-v1-streamable', client, state, provider, V1);
}

/** TS SDK v2 (`@modelcontextprotocol/client`) pinned to the modern, stateless 2026-07-28 era. */
export async function connectSdkV2Modern({ gateway, browser, vendor, policy = 'all', query = '' }) {
  const url = new URL(`${gateway.url}/v1/${vendor}${query}`);
  const provider = new ConsentingProvider(browser, { policy, clientName: 'gateway-e2e (TS SDK v2)' });
  const client = new ClientV2(CLIENT_INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  const state = {};
  state.transport = await connectSdk(client, () => new StreamableV2(url, { authProvider: provider }), provider, V2);
  return sdkSession('sdk-v2-modern', client, state, provider, V2);
}

/** TS SDK v1 over the deprecated 2024-11-05 HTTP+SSE transport (`/v1/<vendor>/sse`). */
export async function connectSdkV1Sse({ gateway, browser, vendor, policy = 'all', query = '' }) {
  const url = new URL(`${gateway.url}/v1/${vendor}/sse${query}`);
  const provider = new ConsentingProvider(browser, { policy, clientName: 'gateway-e2e (TS SDK v1, HTTP+SSE)' });
  const client = new ClientV1(CLIENT_INFO);
  const state = {};
  state.transport = await connectSdk(client, () => new SseV1(url, { authProvider: provider }), provider, V1);
  return sdkSession('sdk-v1-sse', client, state, provider, V1);
}

/**
 * Watches a child's output for authorization URLs: each complete one is approved (once) and
 * its callback handed to `deliver`. Returns a function that feeds text in.
 */
function authorizationWatcher(pattern, { browser, policy, authorizations, deliver, onError }) {
  let buffer = '';
  const seen = new Set();
  return (chunk) => {
    buffer += chunk;
    for (const match of buffer.matchAll(pattern)) {
      const raw = match[1];
      if (seen.has(raw)) continue;
      seen.add(raw);
      const asked = applyPolicy(raw, policy);
      authorizations.push(asked);
      approve(browser, asked).then(deliver).catch(onError);
    }
  };
}

/**
 * mcp-remote as Claude Desktop ran it: `mcp-remote <url> <port> --host 127.0.0.1` as a stdio
 * server, driven by the v1 SDK's StdioClientTransport. The person opens the URL mcp-remote
 * prints, and the browser's redirect lands on mcp-remote's own callback server.
 */
export async function connectMcpRemote({ gateway, browser, vendor, policy = 'asked', extraArgs = [], query = '' }) {
  const url = `${gateway.url}/v1/${vendor}${query}`;
  const configDir = await mkdtemp(path.join(tmpdir(), 'mcp-remote-config-'));
  const port = await freePort();
  const authorizations = [];
  let stderr = '';
  const failures = [];
  const transport = new StdioClientTransport({
    command: MCP_REMOTE_BIN,
    args: [url, String(port), '--host', '127.0.0.1', '--auth-timeout', '90', ...extraArgs],
    env: {
      MCP_REMOTE_CONFIG_DIR: configDir,
      // The Node that runs the tests (22, from node_modules/.bin) runs mcp-remote too.
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
      HOME: configDir,
    },
    stderr: 'pipe',
  });
  const watch = authorizationWatcher(/Please authorize this client by visiting:\s*\n\s*(\S+)/g, {
    browser,
    policy,
    authorizations,
    deliver: async (callback) => {
      // The browser follows the redirect to mcp-remote's callback server. On a step-up
      // mcp-remote prints the URL before its callback server listens again, so a refused
      // connection is retried for a while, as a person would reload the page.
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          const response = await fetch(callback);
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`mcp-remote's callback answered ${response.status}`);
          return;
        } catch (error) {
          if (error.cause?.code !== 'ECONNREFUSED' || Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    },
    onError: (error) => {
      failures.push(error);
      stderr += `\n[test harness] authorization failed: ${error.stack}\n`;
    },
  });
  transport.stderr.on('data', (chunk) => {
    stderr += chunk;
    watch(String(chunk));
  });
  const client = new ClientV1(CLIENT_INFO);
  try {
    await client.connect(transport, { timeout: 120_000 });
  } catch (error) {
    await client.close().catch(() => {});
    await rm(configDir, { recursive: true, force: true });
    throw new Error(`mcp-remote did not connect: ${error.message}\n${failures.map((f) => f.message).join('\n')}\n--- mcp-remote stderr ---\n${stderr}`);
  }
  return {
    kind: 'mcp-remote',
    client,
    authorizations,
    listTools: () => allTools(client),
    callTool: (name, args) => client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 }),
    /** The scope of the tokens mcp-remote keeps in its config directory (`…_tokens.json`). */
    async refreshScope() {
      const files = (await readdir(configDir, { recursive: true })).filter((f) => f.endsWith('_tokens.json'));
      if (files.length !== 1) throw new Error(`expected one tokens file in ${configDir}, found ${files.join(', ') || 'none'}`);
      return JSON.parse(await readFile(path.join(configDir, files[0]), 'utf8')).scope;
    },
    grantedScope: () => undefined,
    logs: () => stderr,
    async close() {
      await client.close();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}

/**
 * The Python SDK (PyPI `mcp`) in tests/clients/python_client.py, a child process spoken to in
 * JSON lines: authorization URLs come out on stdout and the callback goes back on stdin.
 */
export async function connectPython({ gateway, browser, vendor, policy = 'asked', mode = 'legacy', query = '' }) {
  if (!existsSync(PYTHON)) {
    throw new Error(`${PYTHON} is missing: scripts/bootstrap.sh installs the Python MCP SDK there`);
  }
  const url = `${gateway.url}/v1/${vendor}${query}`;
  const child = spawn(PYTHON, [PYTHON_CLIENT, url, '--mode', mode], {
    cwd: ROOT,
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let dead; // the error every later request gets once the process is gone
  const waiting = [];
  const fail = (error) => {
    dead ??= error;
    for (const w of waiting.splice(0)) w.reject(error);
  };
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.on('error', () => {}); // a write after the exit; the exit itself is reported
  child.on('error', fail);
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  exited.then(({ code, signal }) => fail(new Error(`the Python client exited (${code ?? signal})\n--- stderr ---\n${stderr}`)));
  const authorizations = [];
  const send = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);

  createInterface({ input: child.stdout }).on('line', (line) => {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      stderr += `[stdout, not JSON] ${line}\n`;
      return;
    }
    if (event.event === 'authorize') {
      const asked = applyPolicy(event.url, policy);
      authorizations.push(asked);
      approve(browser, asked).then((callback) => send({ callback: callback.href })).catch((error) => {
        stderr += `\n[test harness] authorization failed: ${error.stack}\n`;
        fail(error);
      });
      return;
    }
    const next = waiting.shift();
    if (next) next.resolve(event);
    else stderr += `[test harness] an event nobody asked for: ${line}\n`;
  });

  /** The next event that is not an authorization request. */
  const nextEvent = (timeoutMs = 120_000) => new Promise((resolve, reject) => {
    if (dead) {
      reject(dead);
      return;
    }
    const timer = setTimeout(() => reject(new Error(`the Python client said nothing for ${timeoutMs} ms\n--- stderr ---\n${stderr}`)), timeoutMs);
    waiting.push({
      resolve: (event) => { clearTimeout(timer); resolve(event); },
      reject: (error) => { clearTimeout(timer); reject(error); },
    });
  });
  const request = async (message, expected) => {
    const answer = nextEvent();
    send(message);
    const event = await answer;
    if (event.event !== expected) {
      throw new Error(`the Python client answered ${JSON.stringify(event).slice(0, 2000)}\n--- stderr ---\n${stderr.slice(-4000)}`);
    }
    return event;
  };

  const ready = await nextEvent().catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  if (ready.event !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(`the Python client did not connect: ${JSON.stringify(ready)}\n--- stderr ---\n${stderr}`);
  }
  let scope;
  return {
    kind: 'python',
    ready,
    authorizations,
    async listTools() {
      return (await request({ command: 'list_tools' }, 'tools')).tools;
    },
    async callTool(name, args) {
      return (await request({ command: 'call', name, arguments: args }, 'result')).result;
    },
    async refreshScope() {
      scope = (await request({ command: 'tokens' }, 'tokens')).scope;
      return scope;
    },
    grantedScope: () => scope,
    logs: () => stderr,
    async close() {
      if (!dead) {
        send({ command: 'exit' });
        child.stdin.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
