/**
 * The import rules that keep one MUI in the page and the shell's first screen small
 * (see federation-shared.cjs and mui.ts). Breaking them still builds and mostly still works —
 * with a second MUI copy (no theme defaults, no Russian locale in it) or a heavier home page —
 * so they are checked here, on the sources of every app.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const apps = ['shell', ...readdirSync(path.join(root, 'microfrontends')).map((m) => `microfrontends/${m}`), 'shell/test/fixtures/extra-module'];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Value imports (not `import type`) and re-exports of a file: [specifier, dynamic?]. */
function imports(file: string): { from: string; dynamic: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found: { from: string; dynamic: boolean }[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) if (!m[2]) found.push({ from: m[3], dynamic: false });
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push({ from: m[1], dynamic: false });
  for (const m of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) found.push({ from: m[1], dynamic: true });
  return found;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

describe('federation boundaries of the apps', () => {
  it('no app imports MUI or its icons itself: they come from @workcloud/shared-ui (one MUI in the page)', () => {
    const offenders = apps.flatMap((app) =>
      sourceFiles(path.join(root, app, 'src')).flatMap((file) =>
        imports(file)
          .filter((i) => /^@mui\/material(\/|$)/.test(i.from) || (app !== 'shell' && /^@mui\/icons-material/.test(i.from)))
          .map((i) => `${path.relative(root, file)} → ${i.from}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('the shell imports only @workcloud/shared-ui/core, so its first screen does not load module pages', () => {
    const offenders = sourceFiles(path.join(root, 'shell/src')).flatMap((file) =>
      imports(file)
        .filter((i) => i.from === '@workcloud/shared-ui')
        .map(() => path.relative(root, file)),
    );
    expect(offenders).toEqual([]);
  });

  it("a module's ./App reaches the full shared-ui only through lazily loaded pages (the home page loads every ./App)", () => {
    const modules = apps.filter((a) => a !== 'shell');
    expect(modules.length).toBeGreaterThanOrEqual(4);
    for (const app of modules) {
      const entry = path.join(root, app, 'src/App.tsx');
      expect(existsSync(entry), `${app} exposes ./App`).toBe(true);
      // Walk the static imports from App.tsx; dynamic import() is where the pages start.
      const seen = new Set<string>();
      const queue = [entry];
      const heavy: string[] = [];
      while (queue.length) {
        const file = queue.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const i of imports(file)) {
          if (i.dynamic) continue;
          if (i.from === '@workcloud/shared-ui') heavy.push(path.relative(root, file));
          if (i.from.startsWith('.')) {
            const local = resolveLocal(file, i.from);
            if (local) queue.push(local);
          }
        }
      }
      expect(heavy, `${app}: files loaded with ./App that import the full @workcloud/shared-ui`).toEqual([]);
      expect(seen.size).toBeGreaterThan(0);
    }
  });
});
