import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import type { TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { CatalogsService } from '../../platform/engine/catalogs.service';
import { DocumentsService } from '../../platform/engine/documents.service';
import { ConfigurationRegistry } from '../../platform/engine/registry';
import { Problem } from '../../platform/http/problem';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { edoInbox, edoMappings } from './catalogs';
import type { IncomingLine, IncomingUpd } from './incoming';
import { edoTable } from './store';

const VAT: Record<string, string> = { '22%': 'vat22', '20%': 'vat20', '10%': 'vat10', '7%': 'vat7', '5%': 'vat5', '0%': 'vat0', 'без НДС': 'none' };

export interface MappingInput {
  /** The supplier's article (КодТов) or, when it has none, the line's name (НаимТов). */
  key: string;
  product: string;
}

export interface UnmatchedLine {
  line: number;
  name: string;
  code: string | null;
  quantity: string;
  /** What to send as `key` in `mappings` to map it once for this supplier. */
  key: string;
}

export interface ReceiptResult {
  receipt: { id: string; number: string; status: string; total: number; lines: number } | null;
  counterparty: { id: string; created: boolean };
  unmatched: UnmatchedLine[];
}

/** The key a line is mapped by: the article when the supplier gives one, else the name. */
export const lineKey = (l: IncomingLine) => (l.code && l.code.trim()) || l.name;

/**
 * The buyer's side of an accepted УПД: a draft Поступление in its own trade — the supplier found by ИНН/КПП
 * (or created), lines matched to its products by the mapping remembered for this supplier, then article,
 * barcode and name; lines with no match are returned for the user to map (`mappings`), never guessed.
 */
@Injectable()
export class IncomingReceipts {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly catalogs: CatalogsService,
    private readonly documents: DocumentsService,
  ) {}

  /** Remembers mappings for the supplier (one per key; a new product replaces the old). */
  async remember(ctx: TenantRequestContext, trx: Knex.Transaction, upd: IncomingUpd, mappings: MappingInput[]) {
    const t = edoTable(ctx.tenant.schema, edoMappings);
    const decl = this.registry.catalog('edo', 'product_mappings')!;
    for (const m of mappings) {
      const product = await trx(tenantTable(ctx.tenant.schema, 'c_trade_products')).where({ id: m.product, deletion_mark: false }).first('id');
      if (!product) throw Problem.badRequest(`Сопоставление «${m.key}»: номенклатура ${m.product} не найдена.`);
      const where = { supplier_inn: upd.seller.inn, supplier_kpp: upd.seller.kpp ?? '', supplier_key: m.key, deletion_mark: false };
      const existing = await trx(t).where(where).first('id');
      if (existing) {
        if (!ctx.ability.can('update', 'edo.product_mappings')) throw Problem.forbidden('Недостаточно прав на изменение: Сопоставление номенклатуры поставщиков.');
        await trx(t).where({ id: existing.id }).update({ product: m.product, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
      } else {
        await this.catalogs.create(ctx, decl, { name: `${upd.seller.name}: ${m.key}`.slice(0, 250), supplier_inn: upd.seller.inn, supplier_kpp: upd.seller.kpp ?? '', supplier_key: m.key, product: m.product }, trx);
      }
    }
  }

  private async match(ctx: TenantRequestContext, trx: Knex, upd: IncomingUpd, line: IncomingLine): Promise<string | null> {
    const t = (n: string) => tenantTable(ctx.tenant.schema, n);
    const keys = [line.code, line.name].filter((k): k is string => !!k);
    const mapped = await trx(edoTable(ctx.tenant.schema, edoMappings)).where({ supplier_inn: upd.seller.inn, supplier_kpp: upd.seller.kpp ?? '', deletion_mark: false }).whereIn('supplier_key', keys).first('product');
    if (mapped) return mapped.product;
    const products = () => trx(t('c_trade_products')).where({ deletion_mark: false, is_group: false });
    if (line.code) {
      const byArticle = await products().where('article', line.code).select('id');
      if (byArticle.length === 1) return byArticle[0].id;
      const byBarcode = await products().where('barcode', line.code).select('id');
      if (byBarcode.length === 1) return byBarcode[0].id;
    }
    const byName = await products().whereRaw('lower(name) = lower(?)', [line.name]).select('id');
    return byName.length === 1 ? byName[0].id : null;
  }

  private async supplier(ctx: TenantRequestContext, trx: Knex.Transaction, upd: IncomingUpd): Promise<{ id: string; created: boolean }> {
    const found = await trx(tenantTable(ctx.tenant.schema, 'c_trade_counterparties'))
      .where({ inn: upd.seller.inn, deletion_mark: false })
      .modify((q) => {
        if (upd.seller.kpp) q.where((w) => w.whereNull('kpp').orWhere('kpp', upd.seller.kpp));
      })
      .orderBy('created_at')
      .first('id');
    if (found) return { id: found.id, created: false };
    const decl = this.registry.catalog('trade', 'counterparties')!;
    const made = await this.catalogs.create(ctx, decl, { name: upd.seller.name.slice(0, 250), full_name: upd.seller.name.slice(0, 500), inn: upd.seller.inn, kpp: upd.seller.kpp ?? null, legal_address: upd.seller.address ?? null, is_supplier: true }, trx);
    return { id: made.id as string, created: true };
  }

  private async lines(ctx: TenantRequestContext, trx: Knex, upd: IncomingUpd) {
    const goods: Record<string, unknown>[] = [];
    const unmatched: UnmatchedLine[] = [];
    for (const line of upd.lines) {
      const product = await this.match(ctx, trx, upd, line);
      if (!product) {
        unmatched.push({ line: line.no, name: line.name, code: line.code, quantity: line.quantity, key: lineKey(line) });
        continue;
      }
      // Prices with VAT, as the УПД's «Стоимость с налогом» per unit; the line's total is recomputed from it.
      const price = Math.round(line.totalKopecks / Number(line.quantity));
      goods.push({ product, quantity: line.quantity, price, vat_rate: VAT[line.vatRate] ?? null });
    }
    return { goods, unmatched };
  }

  /** The draft Поступление made on acceptance, its lines matched again (after the user mapped the rest). */
  async refill(ctx: TenantRequestContext, upd: IncomingUpd, inbox: Record<string, any>): Promise<ReceiptResult> {
    const decl = this.registry.document('trade', 'receipt')!;
    if (!inbox.receipt) throw Problem.conflict('По этому документу ещё нет поступления: оно создаётся, когда вы подписываете титул покупателя.');
    const current = await this.db.knex(tenantTable(ctx.tenant.schema, 'd_trade_receipt')).where({ id: inbox.receipt }).first('id', 'status');
    if (!current) throw Problem.conflict('Поступление по этому УПД удалено.');
    if (current.status !== 'draft') throw Problem.conflict('Поступление по этому УПД уже проведено — измените его в «Поступлениях».');
    const { goods, unmatched } = await this.lines(ctx, this.db.knex, upd);
    const receipt = await this.documents.update(ctx, decl, current.id, { goods });
    return this.result(receipt, { id: inbox.counterparty, created: false }, unmatched);
  }

  /** Matches the lines and writes the draft Поступление (a new one, or the same draft again with the lines matched now). */
  async build(ctx: TenantRequestContext, trx: Knex.Transaction, upd: IncomingUpd, inbox: Record<string, any>, options: { warehouse?: string }): Promise<ReceiptResult> {
    const t = (n: string) => tenantTable(ctx.tenant.schema, n);
    const org = await trx(t('c_trade_organizations'))
      .where({ inn: upd.buyer.inn, deletion_mark: false })
      .modify((q) => {
        if (upd.buyer.kpp) q.where((w) => w.whereNull('kpp').orWhere('kpp', upd.buyer.kpp));
      })
      .first('id', 'name');
    if (!org) throw Problem.unprocessable(`В справочнике «Организации» нет организации с ИНН ${upd.buyer.inn}${upd.buyer.kpp ? ` и КПП ${upd.buyer.kpp}` : ''}, которой адресован УПД — добавьте её, чтобы создать поступление.`);
    const warehouse = options.warehouse
      ? await trx(t('c_trade_warehouses')).where({ id: options.warehouse, deletion_mark: false }).first('id')
      : await trx(t('c_trade_warehouses')).where({ deletion_mark: false }).orderBy('name').first('id');
    if (!warehouse) throw Problem.unprocessable(options.warehouse ? 'Склад не найден — выберите склад из списка.' : 'В справочнике «Склады» нет ни одного склада — добавьте склад, чтобы создать поступление.');
    const counterparty = await this.supplier(ctx, trx, upd);
    let contract = await trx(t('c_trade_contracts')).where({ owner_id: counterparty.id, kind: 'supplier', deletion_mark: false }).orderBy('created_at').first('id');
    if (!contract)
      contract = await this.catalogs.create(ctx, this.registry.catalog('trade', 'contracts')!, { name: 'Договор с поставщиком (ЭДО)', owner_id: counterparty.id, organization: org.id, kind: 'supplier' }, trx);

    const { goods, unmatched } = await this.lines(ctx, trx, upd);
    const body = {
      organization: org.id,
      warehouse: warehouse.id,
      counterparty: counterparty.id,
      contract: contract!.id,
      incoming_number: upd.number.slice(0, 40),
      incoming_date: upd.date,
      price_includes_vat: true,
      comment: `Создано из входящего УПД ЭДО ${upd.fileId}`,
      goods,
    };
    const decl = this.registry.document('trade', 'receipt')!;
    const receipt = await this.documents.create(ctx, decl, body, { trx });
    await trx(edoTable(ctx.tenant.schema, edoInbox)).where({ id: inbox.id }).update({ receipt: receipt.id, counterparty: counterparty.id, updated_at: trx.fn.now() });
    return this.result(receipt, counterparty, unmatched);
  }

  private result(receipt: Record<string, any>, counterparty: { id: string; created: boolean }, unmatched: UnmatchedLine[]): ReceiptResult {
    return {
      receipt: { id: receipt.id as string, number: receipt.number as string, status: receipt.status as string, total: receipt.total as number, lines: (receipt.goods as unknown[]).length },
      counterparty,
      unmatched,
    };
  }
}
