import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../../platform/access/request-context';
import { Database } from '../../../platform/database/database';
import { ruDate } from '../../../platform/engine/dates';
import { DocumentsService } from '../../../platform/engine/documents.service';
import { ConfigurationRegistry } from '../../../platform/engine/registry';
import { Problem } from '../../../platform/http/problem';
import { ValidBody } from '../../../platform/http/validation';
import { arrayOf, date, objectOf, str, uuid } from '../../../platform/http/openapi-responses';
import { tenantTable } from '../../../platform/tenancy/tenant-schema';
import { issuesInvoices, noInvoicesOnUsn } from './rates';

const issueBody = z.object({
  organization: z.uuid('Укажите организацию'),
  from: z.iso.date({ message: 'Дата начала — в формате ГГГГ-ММ-ДД' }),
  to: z.iso.date({ message: 'Дата конца — в формате ГГГГ-ММ-ДД' }),
});

interface Candidate {
  kind: 'sale' | 'advance' | 'correction';
  field: 'sale' | 'payment' | 'customer_return';
  id: string;
  number: string;
  date: string;
  title: string;
}

export interface IssueResult {
  created: { id: string; number: string; date: string; kind: string; basis: string }[];
  skipped: { basis: string; reason: string }[];
}

const resultSchema = objectOf({
  created: arrayOf(
    objectOf({ id: uuid(), number: str('Номер счёта-фактуры'), date: date(), kind: str('sale — на реализацию, advance — на аванс, correction — корректировочный', { enum: ['sale', 'advance', 'correction'] }), basis: str('Документ-основание') }),
    'Выставленные и проведённые счета-фактуры, в порядке дат',
  ),
  skipped: arrayOf(objectOf({ basis: str('Документ-основание'), reason: str('Почему не выставлен') }), 'Документы, по которым счёт-фактура не выставлен, и почему'),
});

/**
 * «Выставить счета-фактуры» for a period, as 1C's «Регистрация счетов-фактур»: every posted Реализация,
 * advance received (an Поступление денег that left money on 62.02) and Возврат от клиента of the organization
 * that has no счёт-фактура yet gets one, dated as its basis, numbered in date order — each created and posted
 * through the engine with the caller's rights, all in one transaction; a document the invoice cannot be
 * posted for (a return whose sale has no invoice) is listed with the reason and the rest go on.
 */
@ApiTags('accounting: НДС')
@ApiBearerAuth()
@ForModule('accounting')
@Controller('api/accounting/vat')
export class VatIssueController {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly documents: DocumentsService,
  ) {}

  @Post('issue-invoices')
  @HttpCode(200)
  @Allow('create', 'accounting.invoice_issued')
  @ApiOperation({ summary: 'Выставить счета-фактуры за период: по реализациям, авансам полученным и возвратам от клиентов организации, по которым их ещё нет' })
  @ApiOkResponse({ description: 'Что выставлено и что пропущено', schema: resultSchema })
  async issue(@Ctx() ctx: TenantRequestContext, @ValidBody(issueBody) body: z.infer<typeof issueBody>): Promise<IssueResult> {
    if (body.from > body.to) throw Problem.badRequest('Начало периода позже его конца — поменяйте даты местами.');
    const decl = this.registry.document('accounting', 'invoice_issued')!;
    const t = (name: string) => tenantTable(ctx.tenant.schema, name);
    return this.db.knex.transaction(async (trx) => {
      const org = await trx(t('c_trade_organizations')).where({ id: body.organization }).first('name', 'vat_status');
      if (!org) throw Problem.notFound('Организация не найдена — выберите её из списка.');
      if (!issuesInvoices(org.vat_status)) throw Problem.unprocessable(noInvoicesOnUsn(org.name));
      const result: IssueResult = { created: [], skipped: [] };
      for (const c of await this.candidates(trx, t, body)) {
        const basis = `${c.title} ${c.number} от ${ruDate(c.date)}`;
        try {
          const doc = await this.documents.create(ctx, decl, { organization: body.organization, kind: c.kind, [c.field]: c.id, date: c.date }, { post: true, trx });
          result.created.push({ id: doc.id, number: doc.number, date: doc.date, kind: c.kind, basis });
        } catch (e) {
          // The failed invoice's savepoint is rolled back (its number too); the others go on.
          if (!(e instanceof Problem) || e.getStatus() !== 422) throw e;
          result.skipped.push({ basis, reason: e.detail });
        }
      }
      return result;
    });
  }

  /** The period's posted documents of the organization with no posted счёт-фактура, in date and number order. */
  private async candidates(trx: Parameters<Parameters<Database['knex']['transaction']>[0]>[0], t: (name: string) => string, body: z.infer<typeof issueBody>): Promise<Candidate[]> {
    const k = trx;
    const uninvoiced = (table: string, field: string, kind: Candidate['kind']) =>
      k(`${t(table)} as d`)
        .where({ 'd.organization': body.organization, 'd.status': 'posted' })
        .whereBetween('d.date', [body.from, body.to])
        .whereNotExists(k(`${t('d_accounting_invoice_issued')} as i`).whereRaw(`i.${field} = d.id`).where({ 'i.status': 'posted', 'i.kind': kind }).select(k.raw('1')))
        .select('d.id', 'd.number', 'd.date');
    const rows = async (table: string, field: Candidate['field'], kind: Candidate['kind'], title: string, narrow?: (q: any) => any) =>
      ((await (narrow ? narrow(uninvoiced(table, field, kind)) : uninvoiced(table, field, kind))) as { id: string; number: string; date: string }[]).map((r) => ({ ...r, id: String(r.id), kind, field, title }));
    // An advance: the payment's own entry on 62.02 (money left over after paying the customer's debts), still current.
    const advance = (q: any) =>
      q.whereExists(
        k(`${t('r_accounting_entries')} as e`)
          .join(`${t('c_accounting_accounts')} as a`, 'a.id', 'e.account')
          .whereRaw('e.recorder_id = d.id AND e.revision = d.revision AND e.subconto3 = d.id::text')
          .where({ 'a.code': '62.02', 'e.side': 'kt', 'e.storno': false })
          .select(k.raw('1')),
      );
    const all = [
      ...(await rows('d_trade_money_in', 'payment', 'advance', 'Поступление денежных средств', advance)),
      ...(await rows('d_trade_sale', 'sale', 'sale', 'Реализация товаров и услуг')),
      ...(await rows('d_trade_customer_return', 'customer_return', 'correction', 'Возврат товаров от клиента')),
    ];
    const order = { advance: 0, sale: 1, correction: 2 };
    return all.sort((a, b) => a.date.localeCompare(b.date) || order[a.kind] - order[b.kind] || a.number.localeCompare(b.number));
  }
}
