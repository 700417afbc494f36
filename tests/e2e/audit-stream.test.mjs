// Audit streaming (issue 20): every audit event of an organisation reaches the owner's
// endpoint (a local receiver here) as signed JSON lines, in order, at least once, with an
// event id — and after deduplication exactly once — across a one-minute receiver outage
// (retried with backoff) during which `wrangler dev` is restarted on the same state. Then the
// Splunk HEC shape, the delivery status on the settings page, and no secret in any line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { eventually, freePort, startGateway } from '../support/gateway.mjs';
import { grant } from '../support/oauth-flow.mjs';
import { startReceiver, tick, verify } from '../support/receiver.mjs';
import { modernRequest } from '../support/rpc.mjs';
import { withDatabase } from '../support/state.mjs';

const PASSWORD = 'stream passphrase for tests';
const OWNER = 'owner@stream.example';
const BEARER = 'receiver-bearer-token-5f1c';
const HEC_TOKEN = '0c8e2a8e-hec-token-7d41';
const OUTAGE_MS = 60_000;
const VARS = { DELIVERY_RETRY_SECONDS: '2', DELIVERY_RETRY_MAX_SECONDS: '4' };

let gateway;
let receiver;
let owner;
let secret;
let port;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const streamed = () => receiver.received.filter((d) => d.path === '/audit');
const linesOf = (delivery) => delivery.body.trim().split('\n').map((line) => JSON.parse(line));

/** The tenant's audit event ids from the configuration of the stream on. */
const expectedIds = () =>
  withDatabase(gateway.state, (db) => {
    const first = db.prepare("SELECT tenant_id, id FROM audit_events WHERE action = 'audit_stream.configured' ORDER BY id LIMIT 1").get();
    return db.prepare('SELECT id FROM audit_events WHERE tenant_id = ? AND id >= ? ORDER BY id').all(first.tenant_id, first.id).map((r) => r.id);
  });

async function toolCall() {
  const token = (await grant(gateway.url, owner, { vendor: 'datto-rmm' })).exchange.body.access_token;
  const answer = await modernRequest(`${gateway.url}/v1/datto-rmm`, token, 'tools/call', { name: 'datto_list_sites', arguments: {} });
  assert.equal(answer.json.result.isError, false);
}

async function invite(email) {
  const page = await owner.visit('/settings/members');
  const result = await owner.submit(page.body, '/settings/members/invite', { email, role: 'member' });
  assert.match(result.body, /invite-link/);
}

before(async () => {
  receiver = await startReceiver();
  port = await freePort();
  gateway = await startGateway({ mocks: true, port, vars: VARS });
  owner = new Browser(gateway.url, gateway.vendorKeys);
  await owner.signUp({ email: OWNER, password: PASSWORD, organisation: 'Stream MSP' });
});

after(async () => {
  await gateway?.stop();
  await receiver?.stop();
});

describe('audit streaming', { concurrency: false }, () => {
  test('events are posted as signed JSON lines, in order, with event ids', async () => {
    const page = await owner.visit('/settings/monitoring');
    const saved = await owner.submit(page.body, '/settings/monitoring/stream', { url: `${receiver.url}/audit`, format: 'generic', token: BEARER });
    assert.equal(saved.response.status, 200);
    secret = saved.body.match(/<pre id="signing-secret" class="link-box">(whsec_[A-Za-z0-9_-]+)<\/pre>/)?.[1];
    assert.ok(secret);
    await toolCall();
    await tick(gateway);
    const [delivery] = await eventually(() => (streamed().length ? streamed() : null), 5_000);
    assert.ok(verify(secret, delivery));
    assert.equal(delivery.headers['content-type'], 'application/x-ndjson');
    assert.equal(delivery.headers.authorization, `Bearer ${BEARER}`);
    const lines = linesOf(delivery);
    assert.equal(lines[0].action, 'audit_stream.configured');
    assert.ok(lines.some((l) => l.action === 'tool.called' && l.vendor === 'datto-rmm'));
    for (const line of lines) {
      assert.equal(line.event_id, `127.0.0.1:${line.sequence}`);
      assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    assert.deepEqual(lines.map((l) => l.sequence), [...lines.map((l) => l.sequence)].sort((a, b) => a - b));
  });

  test('across a one-minute outage and a restart of wrangler dev, every event arrives exactly once after dedup', async () => {
    receiver.setDown(true);
    const outageStarted = Date.now();
    await toolCall();
    await invite('first@stream.example');
    await tick(gateway); // refused: the backoff starts
    assert.equal(await eventually(() => receiver.refused >= 1, 5_000), true);
    const status = await owner.visit('/settings/monitoring');
    assert.match(status.body, /<dt>Failing<\/dt><dd>1 attempts in a row; next try /);
    assert.match(status.body, /HTTP 503/);

    await gateway.stop({ keepState: true });
    gateway = await startGateway({ state: gateway.state, secrets: gateway.secrets, port, vars: VARS });
    owner.cookies.clear();
    await owner.signIn({ email: OWNER, password: PASSWORD });
    await invite('second@stream.example');

    while (Date.now() - outageStarted < OUTAGE_MS) {
      await tick(gateway);
      await sleep(3_000);
    }
    assert.ok(receiver.refused >= 3, `retried during the outage (${receiver.refused} refused attempts)`);
    receiver.setDown(false);
    const caughtUp = await eventually(async () => {
      await tick(gateway);
      const ids = await expectedIds();
      const seen = new Set(streamed().flatMap(linesOf).map((l) => l.sequence));
      return ids.every((id) => seen.has(id));
    }, 20_000);
    assert.ok(caughtUp, 'every event reached the receiver after the outage');

    const ids = await expectedIds();
    const all = streamed().flatMap(linesOf);
    const unique = new Map(all.map((l) => [l.event_id, l]));
    assert.deepEqual([...unique.values()].map((l) => l.sequence).sort((a, b) => a - b), ids, 'exactly once after dedup');
    const firstSeen = [];
    for (const line of all) if (!firstSeen.includes(line.sequence)) firstSeen.push(line.sequence);
    assert.deepEqual(firstSeen, ids, 'in order');
    for (const delivery of streamed()) assert.ok(verify(secret, delivery), 'every delivery is signed');
    const actions = [...unique.values()].map((l) => l.action);
    for (const action of ['sign_in', 'member.invited', 'tool.called']) assert.ok(actions.includes(action), action);

    const page = await owner.visit('/settings/monitoring');
    assert.match(page.body, /<dd id="stream-pending">0 events<\/dd>/);
    assert.match(page.body, new RegExp(`<dt>Delivered up to</dt><dd>event ${ids.at(-1)}</dd>`));
    assert.doesNotMatch(page.body, /<dt>Failing<\/dt>/);
  });

  test('Splunk HEC receives the same events wrapped as HEC events, with its token', async () => {
    const page = await owner.visit('/settings/monitoring');
    const noToken = await owner.submit(page.body, '/settings/monitoring/stream', { url: `${receiver.url}/hec`, format: 'splunk_hec' });
    assert.match(noToken.body, /Token: Splunk HEC needs the collector(&#39;|&#x27;|')s token\./);
    const saved = await owner.submit(page.body, '/settings/monitoring/stream', { url: `${receiver.url}/hec`, format: 'splunk_hec', token: HEC_TOKEN });
    const hecSecret = saved.body.match(/<pre id="signing-secret" class="link-box">(whsec_[A-Za-z0-9_-]+)<\/pre>/)[1];
    await tick(gateway);
    const [delivery] = await eventually(() => {
      const hec = receiver.received.filter((d) => d.path === '/hec');
      return hec.length ? hec : null;
    }, 5_000);
    assert.equal(delivery.headers.authorization, `Splunk ${HEC_TOKEN}`);
    assert.ok(verify(hecSecret, delivery));
    const [line] = linesOf(delivery);
    assert.equal(line.sourcetype, 'mcp_gateway:audit');
    assert.equal(line.source, 'mcp-gateway');
    assert.equal(line.event.action, 'audit_stream.configured');
    assert.equal(typeof line.time, 'number');
  });

  test('no secret is ever streamed', () => {
    const everything = receiver.received.map((d) => d.body).join('\n');
    for (const value of [BEARER, HEC_TOKEN, secret, 'datto-secret', PASSWORD]) {
      assert.ok(!everything.includes(value), 'a secret reached the receiver');
    }
  });
});
