import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

/** Issue 10: the engine stays split by concern — a file that grows past 300 lines is doing two jobs. */
test('every file of the configuration engine is under 300 lines', () => {
  const dir = path.resolve(import.meta.dirname, '../../src/platform/engine');
  const long = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f, readFileSync(path.join(dir, f), 'utf8').split('\n').length] as const)
    .filter(([, lines]) => lines > 300);
  expect(long, 'split these by concern').toEqual([]);
});
