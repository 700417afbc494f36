// The repository itself: no tracked file names a path from a developer's machine (a home
// directory or a workspace folder), so what works here works in any clone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support/gateway.mjs';

/** Absolute paths of this kind of machine and of common developer machines. */
const MACHINE_PATH = /(^|[\s"'`(=:])\/(work|home|Users|root)\/[A-Za-z0-9._-]+/;

test('no tracked file contains an absolute path from a developer machine', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean)
    .filter((file) => !file.endsWith('.lock') && !file.endsWith('package-lock.json'));
  assert.ok(files.length > 50, 'the file list was read');
  const found = [];
  for (const file of files) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    text.split('\n').forEach((line, index) => {
      if (MACHINE_PATH.test(line)) found.push(`${file}:${index + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  assert.deepEqual(found, []);
});
