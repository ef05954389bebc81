// Small helpers shared by the benchmark sections: statistics, tables, test data.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const loadgen = path.join(path.dirname(fileURLToPath(import.meta.url)), 'loadgen.mjs');

/**
 * HTTP GET load against `url` (127.0.0.1 only) from a child process: `connections` requests in
 * flight until `requests` responses arrived, after `warmup` unmeasured ones.
 * Returns { requests, seconds, errors, warmErrors, errorSample, bytes, latencies: number[] (ms) }.
 */
export function runLoad(url, { headers = {}, connections = 16, requests = 5000, warmup = 300 } = {}) {
  const args = JSON.stringify({ url, headers, connections, requests, warmup });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [loadgen, args], { maxBuffer: 256 * 1024 * 1024, timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`loadgen failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout));
    });
  });
}

/** Milliseconds since `t0` (from `now()`), as a float. */
export const now = () => process.hrtime.bigint();
export const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Nearest-rank percentile of an already sorted array. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** mean / p50 / p95 / p99 / min / max of a list of numbers. */
export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, mean, min: s[0], p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] };
}

export const fmt = (v, digits = 1) => (v === undefined || v === null || Number.isNaN(v) ? '—' : typeof v === 'number' ? v.toFixed(digits) : String(v));
export const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : '—');

/** Prints a plain-text table: `rows` are arrays of cells; numbers are right-aligned. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const width = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((r) => typeof r[i] === 'number' || /^(—|[-\d.,×%]+( ?[a-zµ/]+)?)$/i.test(String(r[i] ?? ''))));
  const line = (r) => '  ' + r.map((c, i) => (numeric[i] && r !== cells[0] ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ');
  console.log(line(cells[0]));
  console.log('  ' + width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

export function heading(title) {
  console.log('\n' + title);
  console.log('='.repeat(title.length));
}

export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    cores: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    memGb: (os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** A valid 10-digit ИНН for a legal entity; different `n` give different ИНН (n < 10^8). */
export function innFor(n) {
  const base = String(700000000 + n).padStart(9, '0').slice(-9);
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = w.reduce((s, wi, i) => s + wi * Number(base[i]), 0);
  return base + ((sum % 11) % 10);
}

/** Runs `fn(i)` for i in [0, count) with at most `concurrency` at a time. */
export async function pool(count, concurrency, fn) {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}

/**
 * Rebuilds the month and day totals of a balance register from its movements dated before `before`
 * (what posting maintains), after a section generated movements straight into the table, and analyzes
 * the three tables so the planner sees the new sizes.
 */
export function rebuildRegisterTotals(knex, schema, register, dims, before = '2026-01-01') {
  const t = (suffix) => `"${schema}".${register}${suffix}`;
  const d = dims.join(', ');
  const groups = dims.map((_, i) => i + 2).join(', ');
  return knex.raw(
    `DELETE FROM ${t('__totals')} WHERE month < '${before}';
     INSERT INTO ${t('__totals')} (month, ${d}, quantity)
       SELECT date_trunc('month', period)::date, ${d}, sum(direction * quantity) FROM ${t('')} WHERE period < '${before}' GROUP BY 1, ${groups};
     DELETE FROM ${t('__daily')} WHERE day < '${before}';
     INSERT INTO ${t('__daily')} (day, ${d}, quantity)
       SELECT period, ${d}, sum(direction * quantity) FROM ${t('')} WHERE period < '${before}' GROUP BY 1, ${groups};
     ANALYZE ${t('')}; ANALYZE ${t('__totals')}; ANALYZE ${t('__daily')};`,
  );
}
