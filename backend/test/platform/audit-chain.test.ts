import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyAuditLog } from '../../src/platform/audit/chain';
import { verifyCommand } from '../../src/platform/audit/verify-command';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/**
 * The audit log is append-only and hash-chained per company: the application cannot change or delete a row,
 * and a row changed or deleted behind its back (SQL with triggers off, as a database administrator could) is
 * named by the verify API and by the CLI.
 */
let stack: TestStack;
let admin: ReturnType<typeof client>;
let tenantId: string;

/** SQL as a superuser would run it: triggers off for this transaction. */
const tamper = (sql: string, bindings: unknown[] = []) =>
  stack.db.knex.transaction(async (trx) => {
    await trx.raw('SET LOCAL session_replication_role = replica');
    await trx.raw(sql, bindings as never[]);
  });

beforeAll(async () => {
  stack = await startStack({ label: 'audit_chain' });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const tenant = await onboardTenant(stack, owner, { name: 'ООО «Журнал»', adminEmail: 'admin@audit-chain.ru', modules: ['trade'] });
  admin = client(stack.url, tenant.adminToken);
  tenantId = tenant.tenantId;
  // Concurrent writes of one company still make one unbroken chain.
  await Promise.all(Array.from({ length: 12 }, (_, i) => admin.post('/api/trade/catalogs/products', { name: `Товар ${i}` })));
  const counterparty = await admin.post('/api/trade/catalogs/counterparties', { name: 'ООО «Контрагент»', bik: '044525187', account: '40702810800030005413' });
  if (counterparty.status !== 201) throw new Error(`counterparty: ${JSON.stringify(counterparty.body)}`);
}, 120_000);
afterAll(() => stack?.close());

const verify = async () => (await admin.get('/api/admin/audit-log/verify')).body;
const rowsOf = (entity: string) => stack.db.knex('platform.audit_log').where({ tenant_id: tenantId, entity }).orderBy('seq').select('id', 'seq');

describe('the hash-chained audit log', () => {
  test('is intact after concurrent writes, and the application cannot change or delete a row', async () => {
    const report = await verify();
    expect(report).toMatchObject({ ok: true, problem: null });
    expect(report.rows).toBeGreaterThanOrEqual(13);
    const seqs = (await stack.db.knex('platform.audit_log').where({ tenant_id: tenantId }).orderBy('seq').pluck('seq')).map(Number);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    await expect(stack.db.knex('platform.audit_log').where({ tenant_id: tenantId }).update({ action: 'x' })).rejects.toThrow(/append-only/);
    await expect(stack.db.knex('platform.audit_log').where({ tenant_id: tenantId }).delete()).rejects.toThrow(/append-only/);
  });

  test('reading bank details is audited; the admin searches the log and exports it as CSV', async () => {
    const list = await admin.get('/api/trade/catalogs/counterparties');
    expect(list.status).toBe(200);
    const read = await admin.get('/api/admin/audit-log?action=read&entity=trade.counterparties');
    expect(read.body.total).toBe(1);
    // Nothing is audited for a catalog without bank details.
    await admin.get('/api/trade/catalogs/products');
    expect((await admin.get('/api/admin/audit-log?action=read')).body.total).toBe(1);
    expect(read.body.items[0]).toMatchObject({ userEmail: 'admin@audit-chain.ru', action: 'read', after: { fields: ['bik', 'account'], count: 1 } });
    const today = new Date().toISOString().slice(0, 10);
    const byPerson = await admin.get(`/api/admin/audit-log?from=${today}&to=${today}&person=audit-chain&entity=trade.products&action=created`);
    expect(byPerson.body.total).toBe(12);
    expect((await admin.get('/api/admin/audit-log?from=2000-01-01&to=2000-01-02')).body.total).toBe(0);
    expect((await admin.get('/api/admin/audit-log?from=01.01.2026')).status).toBe(400);
    const csv = await fetch(`${stack.url}/api/admin/audit-log/export.csv?entity=trade.products`, { headers: { authorization: (await loginHeader()) } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toContain('Время (UTC)');
    expect(lines).toHaveLength(13);
    expect(lines[1]).toContain('admin@audit-chain.ru');
  });

  test('a row altered with SQL is named by the API and by the CLI', async () => {
    const [, second] = await rowsOf('trade.products');
    await tamper(`UPDATE platform.audit_log SET after = jsonb_set(after, '{name}', '"Подмена"') WHERE id = ?`, [second.id]);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: 'altered', id: String(second.id), fromSeq: Number(second.seq) });
    expect(report.problem.message).toContain(`id ${second.id}`);

    const cli = await runCli();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`FAIL ${tenantId}`);
    expect(cli.stdout).toContain(`id ${second.id}`);
  });

  test('a deleted row is named as the gap it leaves; deleted last rows as well', async () => {
    const [, second, third] = await rowsOf('trade.products');
    // Put the altered row back as it was, so the next problem is the deletion.
    await tamper(`UPDATE platform.audit_log SET after = jsonb_set(after, '{name}', to_jsonb(?::text)) WHERE id = ?`, [await originalName(second.id), second.id]);
    expect((await verify()).ok).toBe(true);
    const last = await stack.db.knex('platform.audit_log').where({ tenant_id: tenantId }).orderBy('seq', 'desc').first('id', 'seq');
    await tamper('DELETE FROM platform.audit_log WHERE id = ?', [last.id]);
    expect((await verify()).problem).toMatchObject({ kind: 'deleted_tail', fromSeq: Number(last.seq), toSeq: Number(last.seq) });
    await tamper('DELETE FROM platform.audit_log WHERE id = ?', [third.id]);
    const report = await verify();
    expect(report.problem).toMatchObject({ kind: 'deleted', fromSeq: Number(third.seq), toSeq: Number(third.seq) });
    expect(report.problem.message).toMatch(new RegExp(`№ ${third.seq}–${third.seq}`));

    const all = await verifyAuditLog(stack.db.knex);
    expect(all.filter((r) => !r.ok).map((r) => r.chain)).toEqual([tenantId]);
  });
});

async function originalName(id: string): Promise<string> {
  const row = await stack.db.knex('platform.audit_log').where({ id }).first('entity_id');
  const product = await admin.get(`/api/trade/catalogs/products/${row.entity_id}`);
  return product.body.name;
}

async function loginHeader() {
  return `Bearer ${await login(stack.url, 'admin@audit-chain.ru', 'Admin-Passw0rd-1')}`;
}

/** The verify command (what `npm run audit:verify` runs), its output and exit code. */
async function runCli(): Promise<{ code: number; stdout: string }> {
  const lines: string[] = [];
  const code = await verifyCommand([], { DATABASE_URL: stack.databaseUrl }, (line) => lines.push(line));
  return { code, stdout: lines.join('\n') };
}
