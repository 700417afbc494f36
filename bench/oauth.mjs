// OAuth costs on local workerd (wrangler dev): the refresh grant at the token endpoint, the
// cost of verifying an access token on each /v1/<vendor> request, and a sign-in (Argon2id).
// Prints figures; asserts nothing. Usage: node bench/oauth.mjs [samples]
import { Browser } from '../tests/support/browser.mjs';
import { startGateway } from '../tests/support/gateway.mjs';
import { callVendor, grant, tokenRequest } from '../tests/support/oauth-flow.mjs';

const SAMPLES = Number(process.argv[2] ?? 300);
const PASSWORD = 'correct horse battery staple';

function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: at(50).toFixed(2), p90: at(90).toFixed(2), p99: at(99).toFixed(2), unit: 'ms' };
}

async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const gateway = await startGateway();
try {
  const browser = new Browser(gateway.url);
  await browser.signUp({ email: 'bench@msp.example', password: PASSWORD });
  const { client, exchange } = await grant(gateway.url, browser);
  let refreshToken = exchange.body.refresh_token;
  const accessToken = exchange.body.access_token;
  const table = {};

  const refresh = [];
  for (let i = 0; i < SAMPLES; i++) {
    let result;
    refresh.push(await timed(async () => {
      result = await tokenRequest(gateway.url, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: client.client_id });
    }));
    if (result.status !== 200) throw new Error(`refresh failed: ${JSON.stringify(result.body)}`);
    refreshToken = result.body.refresh_token;
  }
  table['POST /oauth/token (refresh grant)'] = summarise(refresh);

  const floor = [];
  const unauthenticated = [];
  const authenticated = [];
  for (let i = 0; i < SAMPLES; i++) {
    floor.push(await timed(async () => (await fetch(`${gateway.url}/health`)).arrayBuffer()));
    unauthenticated.push(await timed(() => callVendor(gateway.url, 'datto-rmm')));
    authenticated.push(await timed(() => callVendor(gateway.url, 'datto-rmm', accessToken)));
  }
  table['GET /health (floor)'] = summarise(floor);
  table['/v1/datto-rmm without token (401)'] = summarise(unauthenticated);
  table['/v1/datto-rmm with token (verified)'] = summarise(authenticated);

  const signIns = [];
  const refusedForms = [];
  const signInCount = Math.min(SAMPLES, 40);
  for (let i = 0; i < signInCount; i++) {
    const person = new Browser(gateway.url);
    const page = await person.visit('/sign-in');
    const csrf = page.body.match(/name="csrf_token" value="([^"]+)"/)[1];
    refusedForms.push(await timed(() => person.request('/sign-in', { method: 'POST', form: { email: 'bench@msp.example', password: PASSWORD } }).then((r) => r.arrayBuffer())));
    signIns.push(await timed(() => person.request('/sign-in', { method: 'POST', form: { csrf_token: csrf, email: 'bench@msp.example', password: PASSWORD } }).then((r) => r.arrayBuffer())));
  }
  table['POST /sign-in refused by CSRF (no work)'] = summarise(refusedForms);
  table['POST /sign-in (Argon2id + 6 D1 statements)'] = summarise(signIns);

  console.log(`OAuth on local workerd, ${SAMPLES} samples per row (sign-in: ${signInCount}); client-side wall time`);
  console.table(table);
  const p50 = (rows) => Number(summarise(rows).p50);
  console.log(`access-token verification per request (p50, with token minus without): ${(p50(authenticated) - p50(unauthenticated)).toFixed(2)} ms`);
  console.log(`sign-in work beyond a refused form (p50): ${(p50(signIns) - p50(refusedForms)).toFixed(2)} ms`);
} finally {
  await gateway.stop();
}
