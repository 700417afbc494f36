// The local state of a test gateway, read as someone holding its files would: every file, and
// the D1 database opened directly with node:sqlite.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** Every file of the local state (D1 SQLite + WAL, KV, Durable Objects). */
export async function stateFiles(state) {
  const files = [];
  for (const entry of await readdir(state, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.push(path.join(entry.parentPath ?? entry.path, entry.name));
  }
  return files;
}

async function d1File(state) {
  const files = await stateFiles(state);
  const database = files.find((f) => f.includes(`${path.sep}d1${path.sep}`) && f.endsWith('.sqlite'));
  assert.ok(database, `no D1 database under ${state}`);
  return database;
}

/** Runs `fn` with the gateway's D1 database opened directly (as an attacker with the file). */
export async function withDatabase(state, fn) {
  const db = new DatabaseSync(await d1File(state));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * Every key stored in the gateway's local KV namespaces. Miniflare keeps each namespace's keys
 * in a SQLite table `_mf_entries` under the state's `kv` folder (the values live in blob files).
 */
export async function kvKeys(state) {
  const files = (await stateFiles(state)).filter(
    (f) => f.includes(`${path.sep}kv${path.sep}`) && f.endsWith('.sqlite') && !f.endsWith('metadata.sqlite'),
  );
  const keys = [];
  for (const file of files) {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_mf_entries'").get();
      if (table) keys.push(...db.prepare('SELECT key FROM _mf_entries').all().map((row) => row.key));
    } finally {
      db.close();
    }
  }
  return keys;
}
