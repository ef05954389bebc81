import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

// Poppler's command-line tools (Debian package poppler-utils) read the PDFs back the way
// a viewer would, so the tests check the real file, not pdfkit's idea of it.

/** Git-ignored folder where the tests leave the PDFs (and PNG previews) for a human to look at. */
export const ARTIFACTS_DIR = path.resolve(__dirname, '../../../../../../test-artifacts/print');

/** Saves the PDF under test-artifacts/print and returns its path. */
export function savePdf(name: string, pdf: Buffer): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** Text in drawing order, with every run of whitespace (no-break spaces too) as one space. */
export function pdfText(file: string): string {
  const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return raw.replace(/\s+/gu, ' ');
}

/** Checks that the PDF uses only DejaVu fonts, all embedded (a viewer needs nothing installed). */
export function expectEmbeddedDejaVu(file: string): void {
  // pdffonts prints: name type encoding emb sub uni object ID; skip the two header lines.
  const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const [name, ...rest] = row.trim().split(/\s+/);
    expect(name).toMatch(/DejaVuSansCondensed/);
    // Columns from the right: object ID (2 fields), uni, sub, emb.
    expect(rest[rest.length - 5], row).toBe('yes');
  }
}

/** Number of pages, from pdfinfo. */
export function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}
