import type { Knex } from '@mikro-orm/postgresql';
import type { JournalEntry, JournalFilter, JournalResult } from '@workcloud/shared-core';

/** What the company admin filters the journal by; each maps to the reasons AuthService writes. */
export const JOURNAL_RESULTS: Record<JournalResult, string> = {
  success: 'Успешный вход',
  wrong_password: 'Неверный пароль',
  throttled: 'Вход заблокирован (слишком много попыток)',
  two_factor_failed: 'Неверный код второго фактора',
  refused: 'Нет доступа к компании',
};

const FACTOR_TITLES: Record<NonNullable<JournalEntry['factor']>, string> = { password: 'Пароль', totp: 'Приложение-аутентификатор', recovery_code: 'Код восстановления', sso: 'SSO', passkey: 'Ключ доступа' };

function resultOf(row: { success: boolean; reason: string }): JournalResult {
  if (row.success) return 'success';
  if (row.reason === 'wrong_password' || row.reason === 'throttled' || row.reason === 'two_factor_failed') return row.reason;
  return 'refused';
}

/**
 * The sign-ins of a company's people: attempts into this company, and attempts on its members' accounts that named
 * no company (a wrong password does not say where the person was going). Newest first.
 */
export function journalQuery(k: Knex, tenantId: string, f: JournalFilter): Knex.QueryBuilder {
  const q = k('platform.login_journal as j')
    .leftJoin('platform.users as u', 'u.id', 'j.user_id')
    .where((w) =>
      w.where('j.tenant_id', tenantId).orWhere((n) => n.whereNull('j.tenant_id').whereIn('j.user_id', k('platform.memberships').where({ tenant_id: tenantId }).select('user_id'))),
    );
  if (f.userId) q.where('j.user_id', f.userId);
  if (f.from) q.where('j.at', '>=', f.from);
  if (f.to) q.where('j.at', '<', f.to);
  if (f.result === 'success') q.where('j.success', true);
  else if (f.result === 'refused') q.where('j.success', false).whereNotIn('j.reason', ['wrong_password', 'throttled', 'two_factor_failed']);
  else if (f.result) q.where({ 'j.success': false, 'j.reason': f.result });
  return q;
}

export async function journalPage(k: Knex, tenantId: string, f: JournalFilter, page: { offset: number; limit: number }): Promise<{ items: JournalEntry[]; total: number }> {
  const [{ count }] = await journalQuery(k, tenantId, f).count<{ count: string }[]>('* as count');
  const rows = await journalQuery(k, tenantId, f).orderBy('j.at', 'desc').orderBy('j.id', 'desc').offset(page.offset).limit(page.limit).select('j.*', 'u.full_name');
  return { items: rows.map(toEntry), total: Number(count) };
}

function toEntry(r: any): JournalEntry {
  const result = resultOf(r);
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    email: r.email,
    userId: r.user_id,
    fullName: r.full_name ?? null,
    ip: r.ip,
    userAgent: r.user_agent,
    result,
    resultTitle: JOURNAL_RESULTS[result],
    factor: r.factor,
  };
}

const EXPORT_LIMIT = 100_000;

/** The journal by the filter as CSV (UTF-8 with BOM and «;», as Excel in Russia opens it); times in UTC. */
export async function journalCsv(k: Knex, tenantId: string, f: JournalFilter): Promise<string> {
  const rows = (await journalQuery(k, tenantId, f).orderBy('j.at', 'desc').limit(EXPORT_LIMIT).select('j.*', 'u.full_name')).map(toEntry);
  const cell = (value: string | null) => {
    if (value == null) return '';
    // A user agent or e-mail is typed by whoever signs in: never let Excel take it for a formula.
    const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[;"\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const lines = [
    ['Время (UTC)', 'E-mail', 'Сотрудник', 'Адрес', 'Устройство (User-Agent)', 'Результат', 'Способ входа'].join(';'),
    ...rows.map((e: JournalEntry) => [e.at.replace('T', ' ').slice(0, 19), e.email, e.fullName, e.ip, e.userAgent, e.resultTitle, e.factor ? (FACTOR_TITLES[e.factor] ?? e.factor) : ''].map(cell).join(';')),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
