import type { Knex } from '@mikro-orm/postgresql';

/**
 * Module prices are versioned by date (platform.module_prices, platform migration 9): the price of a
 * module on a day is the latest price valid from that day or earlier. The one definition is the SQL
 * function `platform.module_price_on(code, date)`; every reader — invoices, prorated charges, the
 * owner's and the company admin's lists — goes through it, in SQL (`priceOnSql`) or here.
 * Issued invoices never change: they store their lines with the price they were issued at.
 */

/** `platform.module_price_on(<code column>, ?::date)` for a select or a where; bind the date. */
export function priceOnSql(codeColumn: string): string {
  if (!/^[a-z_]+(\.[a-z_]+)?$/.test(codeColumn)) throw new Error(`priceOnSql: не имя столбца: ${codeColumn}`);
  return `platform.module_price_on(${codeColumn}, ?::date)`;
}

/** A company's monthly total on a date: `(SELECT sum … )` for a select over its tenants; bind the date. */
export function monthlyTotalSql(tenantIdColumn: string): string {
  if (!/^[a-z_]+\.[a-z_]+$/.test(tenantIdColumn)) throw new Error(`monthlyTotalSql: не имя столбца: ${tenantIdColumn}`);
  return `(SELECT coalesce(sum(${priceOnSql('tm.module_code')}), 0)::bigint FROM platform.tenant_modules tm WHERE tm.tenant_id = ${tenantIdColumn})`;
}

/** The monthly price (kopecks, VAT included) of a module on a calendar day 'YYYY-MM-DD'; null for an unknown module. */
export async function modulePriceOn(knex: Knex, code: string, date: string): Promise<number | null> {
  const { rows } = await knex.raw(`SELECT platform.module_price_on(?, ?::date) AS price`, [code, date]);
  return rows[0]?.price === null || rows[0]?.price === undefined ? null : Number(rows[0].price);
}

export interface PriceVersion {
  validFrom: string;
  monthlyPriceKopecks: number;
  createdAt: string | null;
  createdBy: string | null;
}

/** The price history of modules, newest first per module (the catalogue price when none was ever set). */
export async function priceHistory(knex: Knex, codes: string[]): Promise<Map<string, PriceVersion[]>> {
  const rows = codes.length
    ? await knex('platform.module_prices as p')
        .leftJoin('platform.users as u', 'u.id', 'p.created_by')
        .whereIn('p.module_code', codes)
        .orderBy([{ column: 'p.module_code' }, { column: 'p.valid_from', order: 'desc' }])
        .select('p.module_code', knex.raw(`to_char(p.valid_from, 'YYYY-MM-DD') AS "validFrom"`), 'p.monthly_price_kopecks', 'p.created_at', 'u.email')
    : [];
  const history = new Map<string, PriceVersion[]>(codes.map((c) => [c, []]));
  for (const r of rows) history.get(r.module_code)!.push({ validFrom: r.validFrom, monthlyPriceKopecks: Number(r.monthly_price_kopecks), createdAt: r.created_at, createdBy: r.email ?? null });
  return history;
}

/**
 * Sets a module's price from `validFrom` on (replacing a price already set for that very day). A module
 * whose price was never versioned first gets its catalogue price as the price since 2000-01-01, so the
 * days before `validFrom` keep costing what they did.
 */
export async function setModulePrice(trx: Knex, change: { code: string; validFrom: string; monthlyPriceKopecks: number; userId: string }): Promise<void> {
  await trx.raw(
    `INSERT INTO platform.module_prices (module_code, valid_from, monthly_price_kopecks)
     SELECT m.code, DATE '2000-01-01', m.monthly_price_kopecks FROM platform.modules m
      WHERE m.code = ? AND NOT EXISTS (SELECT 1 FROM platform.module_prices p WHERE p.module_code = m.code)`,
    [change.code],
  );
  await trx('platform.module_prices')
    .insert({ module_code: change.code, valid_from: change.validFrom, monthly_price_kopecks: change.monthlyPriceKopecks, created_by: change.userId })
    .onConflict(['module_code', 'valid_from'])
    .merge(['monthly_price_kopecks', 'created_by', 'created_at']);
}
