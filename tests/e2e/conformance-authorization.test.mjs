// The official conformance suite (@modelcontextprotocol/conformance, pinned in package.json)
// in `authorization` mode against the gateway's authorization server. Its interactive
// authorization-code scenario prints an authorize URL; a person-like Browser signs in,
// consents (choosing the vendor, since the suite sends no `resource`) and delivers the code
// to the suite's callback server. Expected failures: none (tests/conformance/README.md).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { ROOT, freePort, startGateway } from '../support/gateway.mjs';
import { register } from '../support/oauth-flow.mjs';

let gateway;
let output;
before(async () => {
  gateway = await startGateway({ mocks: true });
  output = await mkdtemp(path.join(tmpdir(), 'conformance-'));
});
after(async () => {
  await gateway?.stop();
  if (output) await rm(output, { recursive: true, force: true });
});

async function readChecks(directory) {
  const checks = [];
  for (const entry of await readdir(directory, { recursive: true })) {
    if (entry.endsWith('checks.json')) {
      checks.push(...JSON.parse(await readFile(path.join(directory, entry), 'utf8')));
    }
  }
  return checks;
}

test('every authorization-server scenario passes', { timeout: 180_000 }, async () => {
  const browser = new Browser(gateway.url, gateway.vendorKeys);
  await browser.signUp({ email: 'conformance@msp.example', password: 'correct horse battery staple' });
  const port = await freePort();
  const { body: client } = await register(gateway.url, {
    redirect_uris: [`http://127.0.0.1:${port}/callback`],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    client_name: 'MCP conformance suite',
  });

  const suite = spawn(
    path.join(ROOT, 'node_modules/.bin/conformance'),
    ['authorization', '--url', gateway.url, '--client-id', client.client_id, '-p', String(port), '-o', output],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  let delivered;
  const watch = (chunk) => {
    log += chunk;
    const match = log.match(/(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)/);
    if (match && !delivered) {
      delivered = browser
        .authorize(match[1], { vendor: 'datto-rmm' })
        .then((callback) => fetch(callback))
        .then((response) => response.status);
    }
  };
  suite.stdout.on('data', watch);
  suite.stderr.on('data', watch);
  const exitCode = await new Promise((resolve) => suite.on('exit', resolve));

  assert.ok(delivered, `the suite printed no authorize URL:\n${log}`);
  assert.equal(await delivered, 200, 'the suite received the authorization callback');
  assert.equal(exitCode, 0, log);
  const checks = await readChecks(output);
  const byId = Object.fromEntries(checks.map((check) => [check.id, check.status]));
  assert.deepEqual(byId, {
    'authorization-server-metadata': 'SUCCESS',
    'authorization-server-metadata-cimd': 'SUCCESS',
    'authorization-code-grant': 'SUCCESS',
  });
});
