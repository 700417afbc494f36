// The official conformance suite (@modelcontextprotocol/conformance, pinned in package.json)
// in `server` mode against the authenticated MCP endpoint /v1/datto-rmm, once per requirement
// set: 2025-11-25 (legacy era: initialize + MCP-Session-Id) and 2026-07-28 (modern era:
// stateless, server/discover). The suite cannot send an Authorization header, so it talks to
// tests/conformance/bearer-proxy.mjs, which adds the access token of a real OAuth grant.
//
// Every check of every scenario the suite runs (scored or not) is compared with
// tests/conformance/server-expected-failures.yml: a failure not listed there fails the test,
// and so does a listed failure that no longer fails (the list must stay true). Raw results go
// to test-artifacts/conformance-server/<revision>/ (gitignored). tests/conformance/README.md
// explains the expected failures.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { grantToken, startBearerProxy } from '../conformance/bearer-proxy.mjs';
import { ROOT, startGateway } from '../support/gateway.mjs';

const REVISIONS = ['2025-11-25', '2026-07-28'];
const EXPECTED_FILE = path.join(ROOT, 'tests/conformance/server-expected-failures.yml');
const ARTIFACTS = path.join(ROOT, 'test-artifacts/conformance-server');

// The suite parses its own baselines with `yaml`; borrow its copy rather than add a dependency.
const { parse: parseYaml } = createRequire(
  path.join(ROOT, 'node_modules/@modelcontextprotocol/conformance/package.json'),
)('yaml');

let gateway;
let proxy;
before(async () => {
  gateway = await startGateway({ mocks: true });
  const token = await grantToken(gateway, { vendor: 'datto-rmm' });
  proxy = await startBearerProxy({ target: `${gateway.url}/v1/datto-rmm`, token, record: true });
});
after(async () => {
  await proxy?.stop();
  await gateway?.stop();
});

/**
 * The expected failures for one revision: a Map from entry (`scenario` for a whole scenario,
 * `scenario:check-id` for one check) to its reason.
 */
async function loadExpectedFailures(revision, file = EXPECTED_FILE) {
  const groups = parseYaml(await readFile(file, 'utf8')) ?? [];
  assert.ok(Array.isArray(groups), `${file}: expected a list of groups`);
  const entries = new Map();
  for (const group of groups) {
    const where = `${file}: group ${JSON.stringify(group?.reason ?? group)}`;
    assert.ok(typeof group?.reason === 'string' && group.reason.trim(), `${where}: every group needs a reason`);
    assert.ok(Array.isArray(group.revisions) && group.revisions.length, `${where}: needs revisions`);
    for (const r of group.revisions) assert.ok(REVISIONS.includes(String(r)), `${where}: unknown revision ${r}`);
    assert.ok(Array.isArray(group.failures) && group.failures.length, `${where}: needs failures`);
    if (!group.revisions.map(String).includes(revision)) continue;
    for (const entry of group.failures) {
      assert.equal(typeof entry, 'string', `${where}: entry ${JSON.stringify(entry)} is not 'scenario' or 'scenario:check-id'`);
      assert.ok(!entries.has(entry), `${where}: ${entry} is listed twice for ${revision}`);
      entries.set(entry, group.reason.trim().replace(/\s+/g, ' '));
    }
  }
  for (const entry of entries.keys()) {
    const scenario = entry.split(':')[0];
    assert.ok(
      entry === scenario || !entries.has(scenario),
      `${file}: ${entry} is redundant next to the whole scenario ${scenario} (${revision})`,
    );
  }
  return entries;
}

const SEVERITY = { FAILURE: 3, WARNING: 2, SUCCESS: 1 };

/**
 * Runs the suite for one requirement set and returns one verdict per (scenario, check id),
 * the most severe occurrence winning (as the suite itself collapses repeated ids).
 */
async function runSuite(revision) {
  const output = path.join(ARTIFACTS, revision);
  await rm(output, { recursive: true, force: true });
  await mkdir(output, { recursive: true });
  const suite = spawn(
    path.join(ROOT, 'node_modules/.bin/conformance'),
    ['server', '--url', proxy.url, '--requirements', revision, '-o', output],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  suite.stdout.on('data', (chunk) => (log += chunk));
  suite.stderr.on('data', (chunk) => (log += chunk));
  const exitCode = await new Promise((resolve) => suite.on('exit', resolve));
  await writeFile(path.join(output, 'suite.log'), log);

  const announced = [...log.matchAll(/^=== Running scenario: (\S+) ===$/gm)].map((m) => m[1]);
  const verdicts = new Map(); // `${scenario}:${id}` -> check
  const seen = new Set();
  for (const entry of await readdir(output, { withFileTypes: true })) {
    const match = entry.isDirectory() && entry.name.match(/^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/);
    if (!match) continue;
    const scenario = match[1];
    // A scenario that threw leaves its directory without checks.json.
    const file = path.join(output, entry.name, 'checks.json');
    if (!existsSync(file)) continue;
    seen.add(scenario);
    const checks = JSON.parse(await readFile(file, 'utf8'));
    for (const check of checks) {
      if (check.status === 'INFO') continue;
      const key = `${scenario}:${check.id}`;
      const previous = verdicts.get(key);
      if (!previous || (SEVERITY[check.status] ?? 0) >= (SEVERITY[previous.status] ?? 0)) {
        verdicts.set(key, { scenario, ...check });
      }
    }
  }
  // A scenario that threw writes no checks.json; the suite counts it as one failed check
  // named after the scenario, and so does this test.
  for (const scenario of announced.filter((s) => !seen.has(s))) {
    verdicts.set(`${scenario}:${scenario}`, {
      scenario, id: scenario, status: 'FAILURE', errorMessage: 'the scenario did not run to completion (see suite.log)',
    });
  }
  return { exitCode, log, announced, verdicts, output };
}

/** Compares verdicts with the expected failures; returns what the test must complain about. */
function compare(verdicts, expected) {
  const failing = [...verdicts.values()].filter((c) => c.status === 'FAILURE');
  const unexpected = failing.filter((c) => !expected.has(c.scenario) && !expected.has(`${c.scenario}:${c.id}`));
  const stale = [];
  for (const entry of expected.keys()) {
    const [scenario, id] = entry.split(/:(.*)/s);
    const stillFails = id
      ? verdicts.get(`${scenario}:${id}`)?.status === 'FAILURE'
      : failing.some((c) => c.scenario === scenario);
    if (!stillFails) {
      const ran = [...verdicts.values()].some((c) => c.scenario === scenario);
      const now = id ? verdicts.get(entry)?.status ?? 'absent' : ran ? 'every check passes' : 'did not run';
      stale.push(`${entry} (now: ${now})`);
    }
  }
  const warnings = [...verdicts.values()].filter((c) => c.status === 'WARNING');
  return { failing, unexpected, stale, warnings };
}

const describe = (c) => `${c.scenario}:${c.id} — ${c.errorMessage ?? c.description ?? ''}`.slice(0, 400);

for (const revision of REVISIONS) {
  test(`conformance server --requirements ${revision}: only the expected failures`, { timeout: 900_000 }, async (t) => {
    const expected = await loadExpectedFailures(revision);
    const run = await runSuite(revision);
    await writeFile(path.join(run.output, 'proxy-exchanges.json'), JSON.stringify(proxy.exchanges.splice(0), null, 2));
    assert.ok(run.announced.length > 0, `the suite ran no scenario (exit ${run.exitCode}):\n${run.log.slice(-3000)}`);
    assert.ok(run.verdicts.size > 0, `the suite wrote no checks (exit ${run.exitCode}):\n${run.log.slice(-3000)}`);

    const { failing, unexpected, stale, warnings } = compare(run.verdicts, expected);
    const passed = [...run.verdicts.values()].filter((c) => c.status === 'SUCCESS').length;
    t.diagnostic(`${revision}: ${run.announced.length} scenarios, ${run.verdicts.size} checks: ${passed} passed, ${failing.length} failed (${failing.length - unexpected.length} expected), ${warnings.length} warnings; results in ${path.relative(ROOT, run.output)}`);
    for (const w of warnings) t.diagnostic(`warning ${describe(w)}`);

    const problems = [
      ...unexpected.map((c) => `unexpected failure ${describe(c)}`),
      ...stale.map((entry) => `expected failure no longer fails, remove it from the list: ${entry}`),
    ];
    if (problems.length) {
      assert.fail(`${problems.length} problem(s) against ${path.relative(ROOT, EXPECTED_FILE)} (details in ${path.relative(ROOT, run.output)}):\n${problems.join('\n')}`);
    }
  });
}
