// Where the time of a tool call goes, by the gateway's own Server-Timing header (SERVER_TIMING
// on), for the workload of the side-by-side run with Cloudflare's stack (../shared/peer, issue
// 12): `datto_list_devices` returning a 50-device page (the Datto mock with extra devices), in
// both eras. Per era: the client-side time, the direct GET of the same page from the mock, and
// the median and p99 of each phase the gateway names; then the same call while the account's
// circuit breaker is open. Prints figures; asserts nothing.
// Usage: node bench/timing.mjs [calls per era (default 500)]
import { WARM_UP, summarise, timed } from './lib.mjs';
import { LEGACY, MODERN, PAGE, TOOL, checkPage as check, legacyCall, modernCall, startPageGateway } from './page-workload.mjs';

const CALLS = Number(process.argv[2] ?? 500);

/** `name;dur=1.2, …` → { name: 1.2, … }. */
function phases(header) {
  return Object.fromEntries(
    (header ?? '')
      .split(',')
      .map((part) => part.trim().match(/^([a-z]+);dur=([\d.]+)$/))
      .filter(Boolean)
      .map(([, name, ms]) => [name, Number(ms)]),
  );
}

async function measure(label, call, direct) {
  for (let i = 0; i < WARM_UP; i++) check(label, await call());
  const wall = [];
  const directTimes = [];
  const byPhase = {};
  for (let i = 0; i < CALLS; i++) {
    directTimes.push(await timed(direct));
    const started = performance.now();
    const result = await call();
    wall.push(performance.now() - started);
    check(label, result);
    for (const [name, ms] of Object.entries(phases(result.headers.get('server-timing')))) {
      (byPhase[name] ??= []).push(ms);
    }
  }
  const table = { 'client: tools/call': summarise(wall), 'client: direct GET of the page': summarise(directTimes) };
  for (const [name, samples] of Object.entries(byPhase)) {
    // A phase absent from a call took no time in it.
    const all = [...samples, ...Array(CALLS - samples.length).fill(0)];
    table[`server: ${name}`] = summarise(all);
  }
  console.log(`\n${label}: ${CALLS} sequential calls of ${TOOL.name} {limit: ${PAGE}} after ${WARM_UP} warm-up calls`);
  console.table(table);
}

/**
 * A vendor account whose breaker is open: its calls are answered without the vendor (issue
 * 19 asks for under 50 ms). The Datto mock answers 503 until the breaker trips; then each
 * call's client time and the gateway's own total.
 */
async function measureBreaker(call, datto) {
  datto.fail({ path: '/api/v2/account/devices', status: 503, times: Infinity });
  const open = (result) => /did not call it/.test(result.answer?.result?.content?.[0]?.text ?? '');
  let tripped = false;
  for (let i = 0; i < 20 && !tripped; i++) tripped = open(await call());
  if (!tripped) throw new Error('the breaker did not open after 20 failing calls');
  const calls = Math.min(CALLS, 200); // well inside the 30 s cool-down
  const wall = [];
  const total = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const result = await call();
    wall.push(performance.now() - started);
    if (!open(result)) throw new Error(`expected the breaker's answer, got ${result.text.slice(0, 300)}`);
    total.push(phases(result.headers.get('server-timing')).total ?? 0);
  }
  datto.reset();
  console.log(`\nbreaker open (${MODERN}): ${calls} sequential calls answered without the vendor`);
  console.table({ 'client: tools/call': summarise(wall), 'server: total': summarise(total) });
}

const { gateway, datto, endpoint, newToken, direct } = await startPageGateway();
try {
  await measure(`modern (${MODERN})`, modernCall(endpoint, await newToken()), direct);
  await measure(`legacy (${LEGACY}, session in a Durable Object)`, await legacyCall(endpoint, await newToken()), direct);
  await measureBreaker(modernCall(endpoint, await newToken()), datto);
} finally {
  await gateway.stop();
}
