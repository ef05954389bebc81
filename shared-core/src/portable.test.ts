import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The package runs in the browser (shell, module UIs) and in Node (backend): its sources may import only
// each other and decimal.js — no React, no node:* modules, no Node globals.
describe('shared-core stays portable', () => {
  it('imports nothing but its own files and decimal.js', () => {
    const dir = import.meta.dirname;
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(3);
    for (const file of sources) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) expect(spec === 'decimal.js' || spec!.startsWith('./'), `${file} imports ${spec}`).toBe(true);
      expect(text, file).not.toMatch(/\b(process|Buffer|require|__dirname)\b[.(]/);
    }
  });

  it('api/ holds types only: the UIs import it with `import type`, nothing of it exists at run time', () => {
    const dir = path.join(import.meta.dirname, 'api');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/^export (const|let|function|class|enum|default)\b/m);
      expect(text, file).not.toMatch(/^export \* from/m);
    }
  });
});
