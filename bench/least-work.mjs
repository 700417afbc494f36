// Prices each step of the least work a gateway can do for the side-by-side run's call (issue
// 12) under `wrangler dev` on this machine, with bench/least-work/worker.mjs: a framework-free
// JavaScript Worker that only reads storage, fetches the Datto mock's 50-device page and
// answers it. Interleaved rounds of sequential GETs per route; then each step's cost over the
// floor, and the least gateway work (the same quantity as the peer's driver reports: overhead
// over the direct call, minus the runtime floor), and the CPU wrangler's processes spent per
// request; and the least refresh grant with rotation, whole (issue 12 compares its p50).
// Prints figures; asserts nothing.
// Usage: node bench/least-work.mjs [rounds (default 10)] [calls a round (default 100)]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDattoMock } from '../tests/mocks/datto-rmm/mock.mjs';
import { ROOT, freePort } from '../tests/support/gateway.mjs';
import { summarise } from './lib.mjs';
import { PAGE, pageToken, pageUrl } from './page-workload.mjs';

const ROUNDS = Number(process.argv[2] ?? 10);
const CALLS = Number(process.argv[3] ?? 100);
const ROUTES = ['floor', 'kv', 'd1', 'page', 'least', 'rotate'];

/** CPU time (ms) used so far by the processes of group `pgid` (Linux /proc; 0 elsewhere). */
function groupCpuMs(pgid) {
  if (!existsSync('/proc/self/stat')) return 0;
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while the list was read
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

const datto = await startDattoMock({ rateLimit: { limit: Infinity, windowMs: 1 }, slowdown: false, ipBlock: false, extraDevices: PAGE });
const state = await mkdtemp(path.join(tmpdir(), 'least-work-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
let wrangler;
try {
  const token = await pageToken(datto.url);
  const page = pageUrl(datto.url);
  wrangler = spawn(
    path.join(ROOT, 'node_modules/.bin/wrangler'),
    ['dev', '-c', path.join(ROOT, 'bench/least-work/wrangler.toml'), '--ip', '127.0.0.1', '--port', String(port),
      '--persist-to', state, '--show-interactive-dev-session=false', '--log-level', 'warn',
      '--var', `PAGE_URL:${page}`, '--var', `PAGE_TOKEN:${token}`],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, detached: true, stdio: 'ignore' },
  );
  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    ready = await fetch(`${origin}/setup`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (!ready) throw new Error('the least-work worker did not start');

  const get = async (url, headers = {}) => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    await response.arrayBuffer();
  };
  const targets = { direct: () => get(page, { authorization: `Bearer ${token}`, accept: 'application/json' }), ...Object.fromEntries(ROUTES.map((route) => [route, () => get(`${origin}/${route}`)])) };
  const samples = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  const cpu = Object.fromEntries(Object.keys(targets).map((name) => [name, 0]));
  for (const call of Object.values(targets)) for (let i = 0; i < 50; i++) await call();
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? Object.keys(targets).reverse() : Object.keys(targets);
    for (const name of order) {
      const cpuBefore = groupCpuMs(wrangler.pid);
      for (let i = 0; i < CALLS; i++) {
        const started = performance.now();
        await targets[name]();
        samples[name].push(performance.now() - started);
      }
      cpu[name] += groupCpuMs(wrangler.pid) - cpuBefore;
    }
  }
  // The CPU of wrangler's processes (its Node process, the proxy's and the worker's workerd)
  // per request; the direct GET uses none of it.
  const table = Object.fromEntries(
    Object.entries(samples).map(([name, times]) => [name, { ...summarise(times), 'wrangler CPU a request': +(cpu[name] / (ROUNDS * CALLS)).toFixed(2) }]),
  );
  console.log(`least work under wrangler dev: ${ROUNDS} interleaved rounds of ${CALLS} sequential GETs per route`);
  console.table(table);
  const p50 = (name) => table[name].p50;
  const p99 = (name) => table[name].p99;
  console.table({
    'one KV read': { p50: +(p50('kv') - p50('floor')).toFixed(2) },
    'one D1 read': { p50: +(p50('d1') - p50('floor')).toFixed(2) },
    'page fetched and answered (over the direct GET)': { p50: +(p50('page') - p50('floor') - p50('direct')).toFixed(2) },
    'least gateway work (D1 read + page)': {
      p50: +(p50('least') - p50('floor') - p50('direct')).toFixed(2),
      p99: +(p99('least') - p99('floor') - p99('direct')).toFixed(2),
    },
    'least refresh grant (read, then retire and store: the whole request)': { p50: p50('rotate'), p99: p99('rotate') },
  });
} finally {
  if (wrangler) try { process.kill(-wrangler.pid, 'SIGTERM'); } catch {}
  await datto.stop();
  await rm(state, { recursive: true, force: true });
}
