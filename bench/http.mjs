// Request latency and throughput of the gateway's base routes on local workerd (wrangler dev).
// Prints percentiles; asserts nothing. Usage: node bench/http.mjs [requests-per-route]
import { startGateway } from '../tests/support/gateway.mjs';

const REQUESTS = Number(process.argv[2] ?? 500);
const CONCURRENCY = 16;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeOne(url) {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

async function sequential(url, count) {
  for (let i = 0; i < 20; i++) await timeOne(url); // warm-up
  const samples = [];
  for (let i = 0; i < count; i++) samples.push(await timeOne(url));
  samples.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50).toFixed(2),
    p90: percentile(samples, 90).toFixed(2),
    p99: percentile(samples, 99).toFixed(2),
    max: samples.at(-1).toFixed(2),
  };
}

async function throughput(url, count) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await timeOne(url);
    }),
  );
  return (count / ((performance.now() - started) / 1000)).toFixed(0);
}

const gateway = await startGateway();
try {
  const table = {};
  for (const route of ['/health', '/', '/health/ready']) {
    table[route] = { ...(await sequential(`${gateway.url}${route}`, REQUESTS)), unit: 'ms' };
  }
  console.log(`sequential latency, ${REQUESTS} requests per route (client-side, includes local HTTP)`);
  console.table(table);
  const rps = await throughput(`${gateway.url}/health`, REQUESTS * 2);
  console.log(`throughput GET /health with ${CONCURRENCY} concurrent clients: ${rps} requests/s`);
} finally {
  await gateway.stop();
}
