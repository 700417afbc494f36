// A local webhook receiver for the alert and audit-stream tests: an http server on 127.0.0.1
// that records every delivery (path, headers, raw body) and answers 200, or 503 while it is
// "down" (an outage: the attempts are counted, nothing is taken). `verify` checks the
// gateway's X-Gateway-Signature the way a receiver's own code would (docs/monitoring.md).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

/** Starts a receiver; `received` holds the deliveries it took, `refused` counts the others. */
export async function startReceiver() {
  const state = { down: false, refused: 0 };
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (state.down) {
        state.refused += 1;
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('receiver down');
        return;
      }
      received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    received,
    get refused() {
      return state.refused;
    },
    /** Starts (true) or ends (false) an outage. */
    setDown(down) {
      state.down = down;
    },
    stop: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/**
 * Whether `delivery` carries a valid signature under `secret`: `t=<seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<body>">`, with `t` within five minutes of now.
 */
export function verify(secret, delivery) {
  const header = delivery.headers['x-gateway-signature'] ?? '';
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=')));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300 || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Runs the every-minute cron of a gateway started with --test-scheduled (the delivery run). */
export async function tick(gateway) {
  const response = await fetch(`${gateway.url}/__scheduled?cron=*+*+*+*+*`);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`the scheduled run answered ${response.status}`);
}
