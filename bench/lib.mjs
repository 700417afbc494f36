// Shared by the benchmarks in this folder: timing, percentiles, JSON-RPC posts (JSON or event
// stream answers) and paired direct-versus-gateway measurements. Prints nothing itself.

/** Calls a warm-up round before every measurement. */
export const WARM_UP = 50;

export function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const ms = (value) => Number(value.toFixed(2));
  return { p50: ms(at(50)), p95: ms(at(95)), p99: ms(at(99)), max: ms(sorted.at(-1)), unit: 'ms' };
}

export async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** POSTs one JSON-RPC message; returns the status, headers and the JSON-RPC answer (JSON or SSE). */
export async function post(endpoint, headers, message) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(message),
  });
  const text = await response.text();
  let answer = null;
  if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    for (const event of text.split(/\r?\n\r?\n/)) {
      const data = event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
      if (!data) continue;
      const parsed = JSON.parse(data);
      if ('id' in parsed && parsed.id === message.id) answer = parsed;
    }
  } else if (text) {
    answer = JSON.parse(text);
  }
  return { status: response.status, headers: response.headers, answer, text };
}

export function checkToolAnswer(label, { status, answer, text }) {
  if (status !== 200 || !answer?.result || answer.result.isError) {
    throw new Error(`${label}: tools/call answered ${status} ${text.slice(0, 500)}`);
  }
}

/** Sequential pairs: direct and gateway back to back, alternating which goes first. */
export async function paired(directCall, gatewayCall, count) {
  for (let i = 0; i < WARM_UP; i++) {
    await directCall();
    await gatewayCall();
  }
  const directTimes = [];
  const gatewayTimes = [];
  const overhead = [];
  for (let i = 0; i < count; i++) {
    let d;
    let g;
    if (i % 2 === 0) {
      d = await timed(directCall);
      g = await timed(gatewayCall);
    } else {
      g = await timed(gatewayCall);
      d = await timed(directCall);
    }
    directTimes.push(d);
    gatewayTimes.push(g);
    overhead.push(g - d);
  }
  return { directTimes, gatewayTimes, overhead };
}
