// Real MCP clients against the gateway's endpoint of every vendor in the mock registry
// (tests/mocks/index.mjs), end to end: each client finds the authorization server from the
// 401, registers itself, sends the person through sign-in, the vendor connect page (with its
// live test, and Autotask's zone discovery) and consent, redeems the code, lists the tools and
// calls every tool in docs/TOOLS.md against the vendor mocks (tests/mocks/<vendor>/calls.mjs).
//
//   TS SDK v1 Streamable HTTP  legacy era (initialize, Mcp-Session-Id)
//   TS SDK v2, pinned          the modern 2026-07-28 era, stateless
//   TS SDK v1 HTTP+SSE         the 2024-11-05 transport at /v1/<vendor>/sse
//   mcp-remote 0.15.1          a stdio server spawned the way Claude Desktop ran it
//   Python SDK (mcp 2.3.0)     tests/clients/python_client.py, legacy era and 2026-07-28
//
// Clients whose policy is 'asked' get exactly the scopes they ask for, so the write tools and
// the password reveal go through step-up (403 insufficient_scope, then a new consent); the
// others ask for every scope up front (tests/support/mcp-clients.mjs). One gateway for the
// file; each client is a different person with its own grants. Last, every check is shown to
// reject wrong answers, so a pass means the answers were right.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../support/browser.mjs';
import { startGateway } from '../support/gateway.mjs';
import {
  connectMcpRemote,
  connectPython,
  connectSdkV1,
  connectSdkV1Sse,
  connectSdkV2Modern,
  scopesOf,
} from '../support/mcp-clients.mjs';
import { VENDOR_MOCKS, mockOf } from '../mocks/index.mjs';
import { checkToolListing, documentedTools, runCall, scopeOf, wrongAnswers } from '../support/tool-calls.mjs';

const PASSWORD = 'correct horse battery staple';
const VENDORS = VENDOR_MOCKS.map((entry) => entry.vendor);
const TOOL_CALLS = Object.fromEntries(VENDOR_MOCKS.map((entry) => [entry.vendor, entry.calls]));
const DOCUMENTED = Object.fromEntries(
  Object.entries(documentedTools()).map(([vendor, tools]) => [vendor, tools.map((tool) => tool.name)]),
);
/** The first client's answers per vendor and call, for the test that the checks can fail. */
const RECORDED = Object.fromEntries(VENDORS.map((vendor) => [vendor, []]));
const SAVED = {};

let gateway;
before(async () => {
  gateway = await startGateway({ mocks: true });
});
after(async () => gateway?.stop());

test('the call table covers every tool docs/TOOLS.md lists, and nothing else', () => {
  assert.deepEqual(Object.keys(DOCUMENTED).sort(), [...VENDORS].sort());
  for (const vendor of VENDORS) {
    assert.ok(DOCUMENTED[vendor].length >= 9, `docs/TOOLS.md lists ${vendor}'s tools`);
    const called = new Set(TOOL_CALLS[vendor].map((call) => call.tool));
    assert.deepEqual([...called].sort(), [...DOCUMENTED[vendor]].sort(), `${vendor}: every tool is called`);
    for (const call of TOOL_CALLS[vendor]) {
      assert.equal(call.scope, scopeOf(call.tool), `${call.tool}'s call names the scope it needs`);
    }
  }
});

/**
 * Defines the tests of one client: for each vendor a connected session, the listing, every
 * call of the table, and what the client's grants and era must show.
 */
function clientSuite(title, { connect, policy, slug, era }) {
  describe(title, () => {
    let browser;
    before(async () => {
      browser = new Browser(gateway.url, gateway.vendorKeys);
      await browser.signUp({ email: `${slug}@msp.example`, password: PASSWORD, organisation: `${slug} MSP` });
    });

    for (const vendor of VENDORS) {
      // Bounded, so a client that hangs fails its suite instead of the whole run.
      describe(vendor, { timeout: 300_000 }, () => {
        let session;
        const ctx = { saved: {} };
        before(async () => {
          // Fresh vendor data (open alerts, no jobs) and request logs for this client.
          for (const mock of Object.values(gateway.mocks)) mock.reset();
          ctx.mocks = gateway.mocks;
          session = await connect({ gateway, browser, vendor, policy, query: mockOf(vendor).query });
        });
        after(async () => session?.close());

        test('connected through discovery, registration, PKCE and consent', () => {
          assert.ok(session.authorizations.length >= 1, 'the client sent the person to authorize');
          const first = session.authorizations[0];
          assert.equal(`${first.origin}${first.pathname}`, `${gateway.url}/oauth/authorize`);
          assert.equal(first.searchParams.get('resource'), `${gateway.url}/v1/${vendor}`);
          assert.equal(first.searchParams.get('code_challenge_method'), 'S256');
          assert.match(first.searchParams.get('client_id'), /^mcp_/, 'a dynamically registered client');
          era(session, vendor);
        });

        test('lists every documented tool with a title, an input schema and annotations', async () => {
          const tools = await session.listTools();
          const names = tools.map((t) => t.name);
          for (const name of DOCUMENTED[vendor]) assert.ok(names.includes(name), `${name} is listed (got ${names.join(', ')})`);
          for (const name of names) assert.ok(DOCUMENTED[vendor].includes(name), `${name} is one of ${vendor}'s documented tools`);
          for (const tool of tools.filter((t) => DOCUMENTED[vendor].includes(t.name))) checkToolListing(tool);
        });

        TOOL_CALLS[vendor].forEach((call, index) => {
          test(`${call.tool}: ${call.label}`, async () => {
            const answer = await runCall(call, (name, args) => session.callTool(name, args), ctx);
            RECORDED[vendor][index] ??= answer;
            SAVED[vendor] ??= ctx.saved;
          });
        });

        test('the grant holds the scopes the calls needed', async () => {
          const needed = [...new Set(TOOL_CALLS[vendor].map((c) => c.scope).filter(Boolean))];
          const scope = (await session.refreshScope?.()) ?? session.grantedScope();
          if (scope !== undefined) {
            for (const name of ['tools:read', ...needed]) assert.ok(scope.split(' ').includes(name), `granted ${scope} includes ${name}`);
          }
          if (policy === 'asked') {
            // Step-up: the first consent carried no write or secret scope; each one needed was
            // asked for again when the gateway answered 403 insufficient_scope.
            const [first, ...later] = session.authorizations;
            for (const name of needed) {
              assert.ok(!scopesOf(first).includes(name), `the first authorization did not ask for ${name}`);
              assert.ok(later.some((url) => scopesOf(url).includes(name)), `a step-up asked for ${name}`);
            }
            assert.equal(session.authorizations.length, 1 + needed.length, 'one step-up per missing scope');
          } else {
            assert.equal(session.authorizations.length, 1, 'one authorization asking for every scope up front');
          }
        });
      });
    }
  });
}

clientSuite('TypeScript SDK v1, Streamable HTTP (legacy era, step-up)', {
  connect: connectSdkV1,
  policy: 'asked',
  slug: 'sdk-v1',
  era(session) {
    assert.ok(session.transport.sessionId, 'the legacy era runs in an Mcp-Session-Id session');
    assert.match(session.client.getServerVersion()?.name ?? '', /./, 'initialize named the server');
  },
});

clientSuite('TypeScript SDK v2 pinned to 2026-07-28 (modern era)', {
  connect: connectSdkV2Modern,
  policy: 'all',
  slug: 'sdk-v2',
  era(session) {
    assert.equal(session.client.getProtocolEra(), 'modern');
    assert.equal(session.client.getNegotiatedProtocolVersion(), '2026-07-28');
    assert.equal(session.transport.sessionId, undefined, 'no session in the stateless era');
  },
});

clientSuite('TypeScript SDK v1, HTTP+SSE (2024-11-05 transport)', {
  connect: connectSdkV1Sse,
  policy: 'all',
  slug: 'sdk-v1-sse',
  era(session, vendor) {
    const endpoint = session.transport._endpoint;
    assert.ok(endpoint, 'the endpoint event arrived');
    assert.equal(endpoint.pathname, `/v1/${vendor}/messages`);
    assert.ok(endpoint.searchParams.get('sessionId'), 'the message endpoint names the session');
  },
});

clientSuite('mcp-remote 0.15.1 as a stdio server (as Claude Desktop ran it)', {
  connect: connectMcpRemote,
  policy: 'asked',
  slug: 'mcp-remote',
  era(session) {
    assert.match(session.logs(), /Please authorize this client by visiting:/);
    assert.match(session.client.getServerVersion()?.name ?? '', /./, 'the server is named through the bridge');
  },
});

clientSuite('Python SDK (mcp 2.3.0), legacy era', {
  connect: connectPython,
  policy: 'asked',
  slug: 'python',
  era(session) {
    assert.match(session.ready.protocol_version, /^20\d\d-\d\d-\d\d$/);
    assert.notEqual(session.ready.protocol_version, '2026-07-28', 'mode="legacy" negotiates a handshake-era version');
    assert.equal(session.ready.server?.name, 'mcp-gateway', 'initialize named the server');
  },
});

clientSuite('Python SDK (mcp 2.3.0) pinned to 2026-07-28', {
  connect: (options) => connectPython({ ...options, mode: '2026-07-28' }),
  policy: 'asked',
  slug: 'python-modern',
  era(session) {
    assert.equal(session.ready.protocol_version, '2026-07-28');
    assert.equal(session.ready.server?.name, 'mcp-gateway', 'server/discover named the server');
  },
});

describe('every check rejects wrong answers', () => {
  for (const vendor of VENDORS) {
    TOOL_CALLS[vendor].forEach((call, index) => {
      test(`${call.tool}: ${call.label}`, () => {
        assert.ok(RECORDED[vendor][index], 'a client recorded an answer to this call');
        const wrong = wrongAnswers(TOOL_CALLS[vendor], RECORDED[vendor], index);
        assert.ok(wrong.length >= 1);
        for (const { why, structured, text } of wrong) {
          const ctx = { mocks: gateway.mocks, saved: { ...SAVED[vendor] } };
          assert.throws(() => call.check(structured, text, ctx), undefined, `the check accepted ${why}`);
        }
      });
    });
  }
});
