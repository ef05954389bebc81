// Copies the backend's non-TypeScript files that the code reads at run time (the ФНС XSD schemas of
// the ЭДО module) next to the compiled code: tsc copies only what it compiles.
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';

const backend = path.resolve(import.meta.dirname, '../backend');
for (const dir of ['modules/edo/xsd']) {
  const from = path.join(backend, 'src', dir);
  if (existsSync(from)) cpSync(from, path.join(backend, 'dist', dir), { recursive: true });
}
