// The call tables' machinery. Each vendor's table (`tests/mocks/<vendor>/calls.mjs`) covers
// every tool in docs/TOOLS.md, with the arguments to send and a check of the answer against
// the vendor mock's fixtures. Every real MCP client in tests/e2e/clients.test.mjs runs the same
// tables, so the clients are compared on identical work.
//
// A call is `{ tool, label, args, scope?, check(structured, text, ctx) }`:
// - `args` is an object, or a function of `ctx` for calls that use an earlier call's answer
//   (the quick job's uid); calls run in table order.
// - `scope` names the scope beyond `tools:read` that the call needs (step-up).
// - `check` gets the result's `structuredContent`, its text blocks joined, and
//   `ctx = { mocks, saved }` (`mocks` from startGateway, `saved` for values later calls use).
//   A result with `isError: true` never reaches `check` unless the call sets `expectError`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The tools docs/TOOLS.md lists for each vendor endpoint, read from the page itself (which a
 * native test keeps equal to the catalogs), so the doc, the gateway and the call tables
 * cannot drift apart silently: `{ vendor: [{ name, toolset, access, required, optional }] }`.
 */
export function documentedTools() {
  const text = readFileSync(path.join(ROOT, 'docs/TOOLS.md'), 'utf8');
  const tools = {};
  let vendor;
  for (const line of text.split('\n')) {
    const heading = line.match(/^## .*\(`\/v1\/([a-z-]+)`\)/);
    if (heading) {
      vendor = heading[1];
      tools[vendor] = [];
      continue;
    }
    if (line.startsWith('## ')) vendor = undefined;
    const row = vendor && line.match(/^\| `([a-z_]+)` \| ([a-z_]+) \| ([a-z, ]+) \| (.*?) \| /);
    if (!row) continue;
    const [, name, toolset, access, args] = row;
    const names = [...args.matchAll(/`([a-z_]+)(\??)`/g)];
    tools[vendor].push({
      name,
      toolset,
      access,
      required: names.filter((m) => !m[2]).map((m) => m[1]),
      optional: names.filter((m) => m[2]).map((m) => m[1]),
    });
  }
  return tools;
}

/** Every documented tool by name. */
const DOCUMENTED = Object.fromEntries(Object.values(documentedTools()).flat().map((tool) => [tool.name, tool]));

/** The scope a documented tool needs beyond `tools:read`, if any. */
export function scopeOf(name) {
  const access = DOCUMENTED[name]?.access ?? '';
  if (access.startsWith('write')) return 'tools:write';
  if (access === 'secret') return 'secrets:read';
  return undefined;
}

/** Asserts that a listed tool has a title, annotations and an input schema offering its documented arguments. */
export function checkToolListing(tool) {
  const expected = DOCUMENTED[tool.name];
  assert.ok(expected, `${tool.name} is documented in docs/TOOLS.md`);
  assert.equal(typeof tool.title, 'string', `${tool.name} has a title`);
  assert.ok(tool.title.trim().length > 0, `${tool.name} has a non-empty title`);
  assert.equal(typeof tool.description, 'string', `${tool.name} has a description`);
  assert.equal(tool.inputSchema?.type, 'object', `${tool.name} has an object input schema`);
  const properties = Object.keys(tool.inputSchema.properties ?? {});
  for (const name of [...expected.required, ...expected.optional]) {
    assert.ok(properties.includes(name), `${tool.name} accepts ${name} (has ${properties.join(', ')})`);
  }
  const required = tool.inputSchema.required ?? [];
  for (const name of expected.required) {
    assert.ok(required.includes(name), `${tool.name} requires ${name} (requires ${required.join(', ') || 'nothing'})`);
  }
  for (const name of required) {
    assert.ok(expected.required.includes(name), `${tool.name} does not require the optional ${name}`);
  }
  const writes = scopeOf(tool.name) === 'tools:write';
  assert.equal(tool.annotations?.readOnlyHint, !writes, `${tool.name} is marked ${writes ? 'as changing data' : 'read-only'}`);
  assert.equal(typeof tool.annotations?.destructiveHint, 'boolean', `${tool.name} says whether it is destructive`);
}

// ---- helpers for checks ----------------------------------------------------------------------

/** A listing answer: `{ items, count, truncated }`, with `count` equal to the items returned. */
export function listing(structured, { count, truncated = false }) {
  assert.ok(structured && Array.isArray(structured.items), `a listing has items: ${preview(structured)}`);
  assert.equal(structured.count, structured.items.length, 'count is the number of items returned');
  if (count !== undefined) assert.equal(structured.items.length, count, `${count} items expected: ${preview(structured.items.map(label))}`);
  assert.equal(structured.truncated, truncated, `truncated is ${truncated}`);
  return structured.items;
}

const label = (item) => item?.hostname ?? item?.name ?? item?.alertUid ?? item?.id;
export const preview = (value) => JSON.stringify(value)?.slice(0, 400);
export const sorted = (values) => [...values].map(String).sort();
export const sameSet = (actual, expected, what) => assert.deepEqual(sorted(actual), sorted(expected), what);
export const mentions = (text, needle) => assert.ok(text.includes(needle), `the text mentions ${needle}: ${text.slice(0, 300)}`);

/** IT Glue records come flattened from JSON:API: `{ id, type, ...attributes }`. */
export function flat(record) {
  return { id: record.id, type: record.type, ...record.attributes };
}

/**
 * Wrong answers for a call, to prove its check can fail: the answer of another tool's call, and
 * for listings the same answer with one item fewer (count adjusted) and with an item's name or
 * hostname changed. `recorded` is the list of `{ structured, text }` answers of `calls`.
 */
export function wrongAnswers(calls, recorded, index) {
  const call = calls[index];
  const own = recorded[index];
  const wrong = [];
  const other = calls.findIndex((c, i) => c.tool !== call.tool && recorded[i] && !c.expectError && i > index);
  const fallback = calls.findIndex((c, i) => c.tool !== call.tool && recorded[i] && !c.expectError);
  const swap = other >= 0 ? other : fallback;
  if (swap >= 0) wrong.push({ why: `the answer of ${calls[swap].tool} (${calls[swap].label})`, ...recorded[swap] });
  if (call.expectError) {
    wrong.push({ why: 'an empty error text', structured: own.structured, text: '' });
    return wrong;
  }
  const items = own.structured?.items;
  if (Array.isArray(items) && items.length > 0) {
    const fewer = items.slice(0, -1);
    wrong.push({ why: 'one item fewer', structured: { ...own.structured, items: fewer, count: fewer.length }, text: own.text });
    const renamed = items.map((item, i) => (i === 0 ? rename(item) : item));
    wrong.push({ why: 'the first item renamed', structured: { ...own.structured, items: renamed }, text: own.text });
  } else if (own.structured && typeof own.structured === 'object') {
    wrong.push({ why: 'the record renamed', structured: rename(own.structured), text: own.text });
  }
  return wrong;
}

/** Identifying fields: lowercase ones, and the PascalCase ones of Atera's records. */
const IDENTIFYING = [
  'uid', 'id', 'itemId', 'name', 'hostname', 'alertUid', 'jobUid', 'password', 'title',
  'ActionID', 'AgentID', 'AlertID', 'ContractID', 'CustomerID', 'EndUserID', 'KBID', 'TicketID',
  'CustomerName', 'MachineName', 'TicketTitle', 'Title', 'Comment',
  // ConnectWise: PascalCase Automate records, PSA summaries and versions, command results.
  'Id', 'Name', 'ComputerName', 'summary', 'version', 'commandId',
  // SuperOps: ticket and note ids, subjects, conversations, counts of outcomes.
  'ticketId', 'subject', 'noteId', 'conversationId', 'succeeded',
];

/**
 * A copy of a record whose identifying fields (uid/id/itemId, name, hostname, alertUid, job,
 * Atera's PascalCase ids and names) differ, also in the objects it holds one level down (a
 * change that answers `{ estimate, line_item }`).
 */
function rename(record) {
  const copy = structuredClone(record);
  const change = (object) => {
    for (const key of IDENTIFYING) {
      if (typeof object[key] === 'string') object[key] = `${object[key]}-wrong`;
      else if (typeof object[key] === 'number') object[key] += 1;
    }
  };
  change(copy);
  for (const value of Object.values(copy)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) change(value);
  }
  if (typeof copy.success === 'boolean') copy.success = !copy.success;
  if (copy.job && typeof copy.job.uid === 'string') copy.job.uid = `${copy.job.uid}-wrong`;
  if (copy.systemInfo) copy.systemInfo = { ...copy.systemInfo, manufacturer: 'Wrong Inc.' };
  return copy;
}

/**
 * Runs one call with `invoke(tool, args) → { structuredContent, content, isError }` and checks
 * it. Returns the result.
 */
export async function runCall(call, invoke, ctx) {
  const args = typeof call.args === 'function' ? call.args(ctx) : call.args;
  call.before?.(ctx);
  const result = await invoke(call.tool, args);
  const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  if (call.expectError) {
    assert.equal(result.isError, true, `${call.tool} ${JSON.stringify(args)} should be a tool error: ${text.slice(0, 300)}`);
  } else {
    assert.ok(!result.isError, `${call.tool} ${JSON.stringify(args)} failed: ${text.slice(0, 500)}`);
    assert.ok(text.length > 0, `${call.tool} answers with a text block too`);
    assert.ok(result.structuredContent && typeof result.structuredContent === 'object', `${call.tool} answers with structuredContent`);
  }
  call.check(result.structuredContent, text, ctx);
  return { result, structured: result.structuredContent, text };
}
