// Which code spends the worker's CPU during the workload of bench/timing.mjs: a V8 CPU profile
// of the worker's isolate, recorded through wrangler dev's DevTools inspector while it serves
// sequential `datto_list_devices` calls of a 50-device page, printed as the functions with the
// most self time. Build with KEEP_WASM_NAMES=1 (scripts/build.sh) to see Rust function names
// instead of wasm indices. Prints figures; asserts nothing.
// Usage: node bench/profile.mjs [calls (default 500)] [modern|legacy (default modern)] [top (default 40)]
import { WARM_UP } from './lib.mjs';
import { checkPage, legacyCall, modernCall, startPageGateway } from './page-workload.mjs';

const CALLS = Number(process.argv[2] ?? 500);
const ERA = process.argv[3] ?? 'modern';
const TOP = Number(process.argv[4] ?? 40);
const SAMPLING_MICROSECONDS = 100;

/** A DevTools protocol connection: `send(method, params)` resolves to the command's result. */
async function devtools(inspectorPort) {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const target = targets.find((entry) => entry.webSocketDebuggerUrl);
  if (!target) throw new Error(`no inspectable worker at port ${inspectorPort}: ${JSON.stringify(targets)}`);
  // wrangler's inspector proxy accepts a local Origin only (undici's WebSocket takes headers).
  const socket = new WebSocket(target.webSocketDebuggerUrl, { headers: { origin: 'http://localhost' } });
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  const pending = new Map();
  let nextId = 1;
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
    else waiter.resolve(message.result);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, method });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** A profile node's function, named for the table. */
function frameName({ functionName, url, lineNumber, columnNumber }) {
  return functionName || (url ? `(anonymous) ${url.split('/').at(-1)}:${lineNumber + 1}:${columnNumber + 1}` : '(program)');
}

/**
 * Time per function (ms) from a V8 CPU profile, largest first: `self` counts a sample for the
 * function on top of the stack, `inclusive` for every function on the stack (once each).
 */
function functionTimes(profile, kind) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map();
  profile.samples.forEach((nodeId, i) => {
    const ms = profile.timeDeltas[i] / 1000;
    const names = new Set();
    for (let id = nodeId; id !== undefined; id = kind === 'self' ? undefined : parent.get(id)) {
      names.add(frameName(byNode.get(id).callFrame));
    }
    for (const name of names) totals.set(name, (totals.get(name) ?? 0) + ms);
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

const { gateway, endpoint, newToken } = await startPageGateway({ vars: { REQUEST_LOG: 'errors' } });
let inspector;
try {
  const token = await newToken();
  const call = ERA === 'legacy' ? await legacyCall(endpoint, token) : modernCall(endpoint, token);
  for (let i = 0; i < WARM_UP; i++) checkPage(ERA, await call());
  inspector = await devtools(gateway.inspectorPort);
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: SAMPLING_MICROSECONDS });
  await inspector.send('Profiler.start');
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) checkPage(ERA, await call());
  const wall = performance.now() - started;
  const { profile } = await inspector.send('Profiler.stop');
  const self = functionTimes(profile, 'self');
  const sampled = self.reduce((sum, [, ms]) => sum + ms, 0);
  const idle = self.filter(([name]) => name === '(idle)').reduce((sum, [, ms]) => sum + ms, 0);
  const busy = sampled - idle;
  console.log(`${ERA}: ${CALLS} calls in ${wall.toFixed(0)} ms; the isolate was busy ${(busy / CALLS).toFixed(2)} ms a call`);
  for (const kind of ['self', 'inclusive']) {
    console.log(`\n${kind} time`);
    console.table(
      functionTimes(profile, kind)
        .filter(([name]) => name !== '(idle)' && name !== '(root)')
        .slice(0, TOP)
        .map(([name, ms]) => ({ function: name.slice(0, 110), 'ms a call': Number((ms / CALLS).toFixed(3)), share: `${((100 * ms) / busy).toFixed(1)}%` })),
    );
  }
} finally {
  inspector?.close();
  await gateway.stop();
}
