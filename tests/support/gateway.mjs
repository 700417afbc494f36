// Starts the built worker under `wrangler dev` for a test file: a free port, a fresh temporary
// state directory, its own secrets, migrations applied. `stop()` always ends the whole process
// group, and an exit hook does the same if a test run dies first.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MOCK_VENDOR_KEYS, VENDOR_MOCKS } from '../mocks/index.mjs';
import { registerMailbox, unregisterMailbox } from './mail.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WRANGLER = path.join(ROOT, 'node_modules/.bin/wrangler');
const READY_TIMEOUT_MS = 90_000;
/** The tool-call limits of src/limits.rs, lifted for the suites that do not test them. */
const LIFTED_TOOL_LIMITS = {
  USER_BURST_LIMITER: { limit: 1_000_000, period: 10 },
  USER_LIMITER: { limit: 1_000_000, period: 60 },
  ORG_LIMITER: { limit: 1_000_000, period: 60 },
};
const running = new Set();

process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

/** A port nobody listens on right now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A random 32-byte key in the key-ring format of src/config.rs. */
export const randomKey = () => randomBytes(32).toString('base64url');

export { MOCK_VENDOR_KEYS };

/**
 * Starts a gateway. `secrets` replace the generated ones (a value of `null` leaves that secret
 * out); `vars` override wrangler.toml vars; `environment` selects a `[env.NAME]` section.
 * `mocks: true` (or `{ datto, itglue, autotask }` mock options, by the registry's `key`) also
 * starts every vendor mock of tests/mocks/index.mjs and points UPSTREAM_OVERRIDES at them;
 * `gateway.mocks` holds them by key and `gateway.vendorKeys` the keys they accept. `state` reuses a state directory, to restart on the same data (see `stop`);
 * `port` fixes the port, so a restart keeps the origin its tokens were issued for. `logLevel`
 * is wrangler's (`warn` keeps the worker's own lines out, as the benchmarks run it).
 * `rateLimits` sets Rate Limiting bindings' limits as an operator would in wrangler.toml, e.g.
 * `{ USER_BURST_LIMITER: { limit: 20, period: 10 } }` (a generated copy of the config). The
 * per-user and per-organisation tool-call limits are lifted unless a test sets them: the
 * suites drive tools far faster than a person's agent would (tests/e2e/rate-limits.test.mjs
 * tests them).
 */
export async function startGateway({ secrets = {}, vars = {}, environment, mocks = false, state: reuse, port: fixedPort, logLevel, rateLimits = {} } = {}) {
  if (!existsSync(path.join(ROOT, 'build/index.js'))) {
    throw new Error('build/index.js is missing: run `npm test` (or `npm run build`) first');
  }
  let vendorMocks;
  if (mocks) {
    const options = mocks === true ? {} : mocks;
    const started = await Promise.all(VENDOR_MOCKS.map((entry) => entry.start(options[entry.key])));
    vendorMocks = Object.fromEntries(VENDOR_MOCKS.map((entry, i) => [entry.key, started[i]]));
    // A mock that wants to see the vendor's own root (the region or edition a connection chose)
    // offers an `overrideUrl` holding `{base}` (README, UPSTREAM_OVERRIDES).
    const overrides = Object.fromEntries(
      VENDOR_MOCKS.map((entry, i) => [entry.vendor, started[i].overrideUrl ?? started[i].url]),
    );
    // A registry entry's `vars` are operator settings its vendor needs (ConnectWise's client id).
    const entryVars = Object.assign({}, ...VENDOR_MOCKS.map((entry) => entry.vars ?? {}));
    vars = {
      UPSTREAM_OVERRIDES: JSON.stringify(overrides),
      UPSTREAM_TIMEOUT_SECONDS: '3',
      ...entryVars,
      ...vars,
    };
  }
  const state = reuse ?? (await mkdtemp(path.join(tmpdir(), 'mcp-gateway-test-')));
  const port = fixedPort ?? (await freePort());
  const inspectorPort = await freePort();
  const url = `http://127.0.0.1:${port}`;

  const allSecrets = {
    TOKEN_SIGNING_KEYS: `k1:${randomKey()}`,
    CREDENTIAL_KEYS: `v1:${randomKey()}`,
    ...secrets,
  };
  const envFile = path.join(state, 'test.env');
  await writeFile(
    envFile,
    Object.entries(allSecrets)
      .filter(([, value]) => value !== null)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );

  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', SKIP_WORKER_BUILD: '1', CI: 'true' };
  const configArgs = ['--config', await limitedConfig(state, { ...LIFTED_TOOL_LIMITS, ...rateLimits })];
  const envArgs = [...configArgs, ...(environment ? ['--env', environment] : [])];
  const migrate = spawnSync(
    WRANGLER,
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state, ...envArgs],
    { cwd: ROOT, env, encoding: 'utf8' },
  );
  if (migrate.status !== 0) {
    if (vendorMocks) await stopMocks(vendorMocks);
    if (!reuse) await rm(state, { recursive: true, force: true });
    throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  }

  // wrangler.toml defaults to production; a local gateway names development explicitly
  // (an [env.*] section brings its own ENVIRONMENT).
  const defaults = environment ? { PUBLIC_ORIGIN: url } : { PUBLIC_ORIGIN: url, ENVIRONMENT: 'development' };
  const varArgs = Object.entries({ ...defaults, ...vars }).flatMap(([name, value]) => [
    '--var',
    `${name}:${value}`,
  ]);
  const args = [
    'dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--persist-to', state,
    '--env-file', envFile,
    '--show-interactive-dev-session=false',
    '--test-scheduled',
    ...(logLevel ? ['--log-level', logLevel] : []),
    ...envArgs,
    ...varArgs,
  ];
  let output = '';
  let child;
  let exited;
  const launch = () => {
    child = spawn(WRANGLER, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const current = child;
    exited = new Promise((resolve) => current.on('exit', resolve));
  };
  const end = async () => {
    if (!running.has(child)) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    running.delete(child);
  };
  launch();

  const gateway = {
    url,
    state,
    /** The port of wrangler's DevTools inspector (bench/profile.mjs records the worker's CPU). */
    inspectorPort,
    secrets: allSecrets,
    mocks: vendorMocks,
    vendorKeys: mocks ? MOCK_VENDOR_KEYS : {},
    /** The process id of wrangler, whose process group holds workerd. */
    get pid() {
      return child.pid;
    },
    /** Everything wrangler and the worker printed so far. */
    logs: () => output,
    /** The worker's JSON log lines, parsed. */
    logRecords: () => parseLogRecords(output),
    /**
     * Stops wrangler and starts it again with the same arguments, port, secrets, mocks and
     * state directory: what a redeploy or a crash looks like to the persisted data. Requests in
     * flight when it stops are cut off; resolves once the new one serves /health.
     */
    async restart() {
      await end();
      launch();
      await waitForHealth(url, exited, () => output);
    },
    /** Stops wrangler; `keepState` leaves the state directory for a restart. */
    async stop({ keepState = false, keepMocks = false } = {}) {
      unregisterMailbox(url);
      await end();
      if (vendorMocks && !keepMocks) {
        await stopMocks(vendorMocks);
      }
      if (!keepState) await rm(state, { recursive: true, force: true });
    },
  };

  try {
    await waitForHealth(url, exited, () => output);
  } catch (error) {
    await gateway.stop();
    throw error;
  }
  registerMailbox(url, gateway.logRecords);
  return gateway;
}

/**
 * Writes a copy of wrangler.toml into `state` with the named rate limiters' `simple` limits
 * replaced (in every environment); paths made absolute, the build step dropped (the tests
 * run the build once themselves). Returns its path.
 */
async function limitedConfig(state, rateLimits) {
  let config = await readFile(path.join(ROOT, 'wrangler.toml'), 'utf8');
  for (const [name, { limit, period }] of Object.entries(rateLimits)) {
    const entry = new RegExp(`(name = "${name}"\\n(?:.*\\n)*?)simple = \\{[^}]*\\}`, 'g');
    if (!entry.test(config)) throw new Error(`wrangler.toml has no rate limiter ${name}`);
    config = config.replace(entry, `$1simple = { limit = ${limit}, period = ${period} }`);
  }
  config = config
    .replace(/^main = "(.*)"$/m, (_, main) => `main = ${JSON.stringify(path.join(ROOT, main))}`)
    .replace(/^migrations_dir = "(.*)"$/gm, (_, dir) => `migrations_dir = ${JSON.stringify(path.join(ROOT, dir))}`)
    .replace(/^\[build\]\ncommand = .*\n/m, '');
  const file = path.join(state, 'wrangler.toml');
  await writeFile(file, config);
  return file;
}

/** Stops every mock of `gateway.mocks` (for a test that kept them across restarts). */
export function stopMocks(mocks) {
  return Promise.all(Object.values(mocks).map((mock) => mock.stop()));
}

async function waitForHealth(url, exited, output) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let finished = false;
  exited.then(() => (finished = true));
  while (Date.now() < deadline) {
    if (finished) throw new Error(`wrangler dev exited before serving:\n${output()}`);
    try {
      const response = await fetch(`${url}/health`);
      await response.arrayBuffer();
      return; // any HTTP answer means the worker is serving (a misconfigured one answers 500)
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`wrangler dev did not serve ${url}/health within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

// wrangler prints console.log lines as they are and decorates console.error ones with a
// coloured "[ERROR]" prefix: strip colour codes and read the JSON object in each line.
const ANSI = /\x1b\[[0-9;]*m/g;
function parseLogRecords(output) {
  return output.split('\n').flatMap((raw) => {
    const line = raw.replace(ANSI, '');
    const start = line.indexOf('{');
    const end = line.lastIndexOf('}');
    if (start < 0 || end < start) return [];
    try {
      return [JSON.parse(line.slice(start, end + 1))];
    } catch {
      return [];
    }
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Polls `predicate` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually(predicate, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
