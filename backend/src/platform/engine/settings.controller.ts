import { Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { ValidBody, ValidQuery } from '../http/validation';
import { CustomFieldsService, customFieldSchema, type CustomFieldInput } from './custom-fields.service';
import { PeriodLockService, periodLockSchema } from './period-lock.service';
import { Answers, arrayOf, bool, date, nullable, objectOf, str, uuid } from '../http/openapi-responses';

/** Tenant-level settings of the engine: the company's own fields and the closed period. */
const customFieldAnswer = objectOf(
  {
    id: uuid(),
    target: str('Справочник или документ, например trade.products'),
    code: str(),
    title: str(),
    type: str('Тип поля', { enum: ['string', 'integer', 'decimal', 'date', 'boolean', 'enum', 'ref'] }),
    values: nullable({ type: 'object', additionalProperties: { type: 'string' }, description: 'Значения перечисления' }),
    ref: nullable(str('На что ссылается')),
    required: bool(),
  },
  ['id', 'target', 'code', 'title', 'type', 'required'],
);
const periodLockAnswer = objectOf({ closedThrough: nullable(date('По какую дату включительно период закрыт')) });

@ApiTags('Администрирование: настройка учёта')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin')
export class EngineSettingsController {
  constructor(
    private readonly customFields: CustomFieldsService,
    private readonly periods: PeriodLockService,
  ) {}

  @Get('custom-fields')
  @Allow('read', 'CustomField')
  @ApiOperation({ summary: 'Дополнительные поля компании' })
  @Answers(arrayOf(customFieldAnswer), 'Дополнительные поля')
  listCustomFields(@Ctx() ctx: TenantRequestContext, @ValidQuery(z.object({ target: z.string().optional() })) q: { target?: string }) {
    return this.customFields.list(ctx, q.target);
  }

  @Post('custom-fields')
  @Allow('create', 'CustomField')
  @ApiOperation({ summary: 'Добавить поле к справочнику или документу — без изменения кода и перезапуска' })
  @Answers(customFieldAnswer, 'Поле добавлено', 201)
  addCustomField(@Ctx() ctx: TenantRequestContext, @ValidBody(customFieldSchema) body: CustomFieldInput) {
    return this.customFields.add(ctx, body);
  }

  @Delete('custom-fields/:id')
  @HttpCode(204)
  @Allow('delete', 'CustomField')
  async removeCustomField(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    await this.customFields.remove(ctx, id);
  }

  @Get('period-lock')
  @Allow('read', 'PeriodLock')
  @ApiOperation({ summary: 'Дата, по которую период закрыт' })
  @Answers(periodLockAnswer, 'Дата запрета изменений')
  getPeriodLock(@Ctx() ctx: TenantRequestContext) {
    return this.periods.get(ctx);
  }

  @Put('period-lock')
  @Allow('update', 'PeriodLock')
  @ApiOperation({ summary: 'Закрыть период: документы по эту дату включительно нельзя менять, проводить и отменять' })
  @Answers(periodLockAnswer, 'Дата запрета после изменения')
  setPeriodLock(@Ctx() ctx: TenantRequestContext, @ValidBody(periodLockSchema) body: z.infer<typeof periodLockSchema>) {
    return this.periods.set(ctx, body);
  }
}
