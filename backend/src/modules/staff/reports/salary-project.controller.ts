import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply } from 'fastify';
import iconv from 'iconv-lite';
import Decimal from 'decimal.js';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../../platform/access/request-context';
import { Database } from '../../../platform/database/database';
import { catalogItemReader } from '../../../platform/engine/catalog-reader';
import { DocumentReader } from '../../../platform/engine/document-reader';
import { PersonalFields } from '../../../platform/engine/personal-fields';
import { ConfigurationRegistry } from '../../../platform/engine/registry';
import { AnswersFile } from '../../../platform/http/openapi-responses';
import { Problem } from '../../../platform/http/problem';
import { splitFullName } from '../../trade/print/upd-xml';
import { employees } from '../catalogs/employees';
import { salaryPayments } from '../documents/payroll';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ', suppressEmptyNode: true });
const rubles = (kopecks: number) => new Decimal(kopecks).div(100).toFixed(2);

/**
 * The salary-project register of a «Ведомость на выплату» through the bank: the common «зарплатный проект» XML
 * (1C's СчетаПК, Wages.xsd, taken by Сбербанк and most banks), windows-1251 like 1C's own export. Account numbers are
 * personal data: only a role with «Персональные данные» gets the file.
 */
@ApiTags('staff: выплата зарплаты')
@ApiBearerAuth()
@ForModule('staff')
@Controller('api/staff/salary-payments')
export class SalaryProjectController {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly reader: DocumentReader,
    private readonly personal: PersonalFields,
  ) {}

  @Get(':id/salary-project')
  @Allow('read', 'staff.salary_payments')
  @ApiOperation({ summary: 'Реестр зарплатного проекта для банка (XML СчетаПК, windows-1251) по ведомости на выплату через банк' })
  @ApiParam({ name: 'id', description: 'Ведомость на выплату зарплаты' })
  @AnswersFile('application/xml', 'Реестр зачисления зарплаты на счета сотрудников')
  async file(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const doc = await this.reader.get(ctx, salaryPayments, id);
    if (doc.method !== 'bank') throw Problem.unprocessable('Ведомость выплачивается через кассу: реестр для банка делается только для выплаты через банк.');
    if (doc.status === 'cancelled') throw Problem.unprocessable('Ведомость отменена: реестр для банка по ней не делается.');
    if (!doc.project_contract || !doc.project_contract_date) throw Problem.unprocessable('Укажите в ведомости номер и дату договора зарплатного проекта с банком.');
    if (!this.personal.canRead(ctx)) throw Problem.forbidden('Реестр содержит счета сотрудников: нужно право «Персональные данные».');
    const read = catalogItemReader(this.registry, this.db.knex, ctx.tenant.schema, 'staff');
    const org = await read('trade.organizations', String(doc.organization));
    if (!org?.account || !org?.bik) throw Problem.unprocessable(`У организации «${org?.name ?? ''}» не указаны расчётный счёт и БИК: заполните их в справочнике «Организации».`);
    const lines = doc.lines as { employee: string; amount: number }[];
    const people = [];
    for (const [i, line] of lines.entries()) {
      const stored = await read('employees', line.employee);
      const person = stored && (await this.personal.reveal(ctx, employees.fields, stored));
      const name = splitFullName(String(person?.name ?? ''));
      if (!person || !name) throw Problem.unprocessable(`Строка ${i + 1}: укажите в карточке сотрудника фамилию, имя и отчество полностью.`);
      if (!person.bank_account) throw Problem.unprocessable(`${person.name}: в карточке не указан счёт для зарплаты — заполните «Счёт для зарплаты» и «БИК банка для зарплаты».`);
      people.push({ '@Нпп': i + 1, ...name, ЛицевойСчет: person.bank_account, Сумма: rubles(line.amount) });
    }
    const number = String(doc.number);
    const xml = builder.build({
      '?xml': { '@version': '1.0', '@encoding': 'windows-1251' },
      СчетаПК: {
        '@ДатаФормирования': String(doc.date),
        '@НомерДоговора': doc.project_contract,
        '@ДатаДоговора': doc.project_contract_date,
        '@НаименованиеОрганизации': org.name,
        '@ИНН': org.inn,
        '@РасчетныйСчетОрганизации': org.account,
        '@БИК': org.bik,
        '@ИдПервичногоДокумента': doc.id,
        '@НомерРеестра': number.replace(/\D/g, '').replace(/^0+/, '') || '1',
        '@ДатаРеестра': String(doc.date),
        ЗачислениеЗарплаты: { Сотрудник: people },
        // 01 — заработная плата.
        ВидЗачисления: '01',
        КонтрольныеСуммы: { КоличествоЗаписей: people.length, СуммаИтого: rubles(lines.reduce((s, l) => s + Number(l.amount), 0)) },
      },
    });
    reply.header('Content-Type', 'application/xml; charset=windows-1251');
    reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`Реестр зарплатного проекта ${number}.xml`)}`);
    return iconv.encode(xml, 'win1251');
  }
}
