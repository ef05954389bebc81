import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { Answers, arrayOf, objectOf, str, uuid } from '../../platform/http/openapi-responses';
import { ValidQuery } from '../../platform/http/validation';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { documentLabels } from './names';

const labelsQuery = z.object({
  ids: z
    .string({ message: 'Укажите ids — идентификаторы документов через запятую' })
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.uuid('Каждый из ids — идентификатор документа (UUID)')).min(1, 'Укажите хотя бы один идентификатор документа').max(50, 'Не больше 50 документов за раз')),
});

/**
 * What a subconto «Документ расчётов» reads as — «Поступление товаров и услуг ПТУ-000001 от 02.03.2026» —
 * for the operation form, which keeps only the document's id (as the entry does). Ids of no document are
 * left out.
 */
@ApiTags('accounting')
@ApiBearerAuth()
@ForModule('accounting')
@Controller('api/accounting/document-labels')
export class DocumentLabelsController {
  constructor(private readonly db: Database) {}

  @Get()
  @Allow('read', 'accounting.entries_journal')
  @ApiOperation({ summary: 'Названия документов расчётов (реализаций, поступлений, оплат…) по их идентификаторам' })
  @Answers(objectOf({ items: arrayOf(objectOf({ id: uuid('Документ'), label: str('«Вид Номер от ДД.ММ.ГГГГ»') })) }), 'Найденные документы')
  async labels(@Ctx() ctx: TenantRequestContext, @ValidQuery(labelsQuery) query: z.infer<typeof labelsQuery>) {
    const labels = await documentLabels({ knex: this.db.knex, table: (name) => tenantTable(ctx.tenant.schema, name) }, query.ids);
    return { items: [...labels].map(([id, label]) => ({ id, label })) };
  }
}
