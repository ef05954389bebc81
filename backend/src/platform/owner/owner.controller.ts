import { Controller, Get, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, OwnerOnly, type RequestContext } from '../access/request-context';
import { passwordSchema } from '../auth/passwords';
import { ValidBody, ValidQuery } from '../http/validation';
import { innSchema, kppSchema } from '../ru/identifiers';
import { OwnerModulesService } from './owner-modules.service';
import { OwnerTenantsService } from './owner-tenants.service';
import { Answers } from '../http/openapi-responses';
import { onboardedSchema, ownerModuleSchema, ownerModulesSchema, tenantCardSchema, tenantListSchema, tenantStatusSchema, uiPinSchema } from './owner.schemas';

const onboardSchema = z.object({
  name: z.string().trim().min(2, 'Укажите название компании').max(300),
  inn: innSchema,
  kpp: kppSchema.optional(),
  adminEmail: z.string().trim().email('Укажите e-mail администратора компании'),
  adminPassword: passwordSchema,
  adminFullName: z.string().trim().max(200).optional(),
  modules: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'Код модуля — латинские строчные буквы')).default([]),
});
const tenantListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(['provisioning', 'trial', 'active', 'past_due', 'suspended', 'archived']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const title = (what: string) => z.string().trim().min(2, `${what} — не короче 2 символов`).max(200, `${what} — не длиннее 200 символов`);
const modulePatchSchema = z.object({
  title: title('Название').optional(),
  titleEn: title('Название по-английски').optional(),
  description: z.string().trim().max(1000, 'Описание — не длиннее 1000 символов').optional(),
  available: z.boolean({ message: 'available — true или false' }).optional(),
  monthlyPriceKopecks: z.number({ message: 'Цена — целое число копеек' }).int('Цена — целое число копеек').min(0, 'Цена не может быть отрицательной').max(10_000_000_00, 'Цена — не больше 10 000 000,00 ₽').optional(),
  priceFrom: z.iso.date({ message: 'Дата — существующий день в формате ГГГГ-ММ-ДД' }).optional().describe('С какого дня действует новая цена (по умолчанию — сегодня; не раньше сегодняшнего дня)'),
});
const uiVersionSchema = z.object({
  version: z.string().trim().regex(/^[0-9A-Za-z.\-+]{1,40}$/, 'Версия — например 1.4.0'),
  remoteEntry: z.string().trim().min(1).max(500).refine((s) => s.startsWith('/') || /^https?:\/\//.test(s), 'Адрес remoteEntry.js — путь от корня (/mf/…) или http(s)-URL'),
  remoteName: z.string().trim().regex(/^[a-z][a-z0-9_]*$/).optional(),
  exposedModule: z.string().trim().default('./App'),
  makeCurrent: z.boolean().default(true),
});
const pinSchema = z.object({ version: z.string().trim().min(1).nullable() });

@ApiTags('Владелец платформы')
@ApiBearerAuth()
@OwnerOnly()
@Controller('api/owner')
export class OwnerController {
  constructor(
    private readonly tenants: OwnerTenantsService,
    private readonly modules: OwnerModulesService,
  ) {}

  @Get('tenants')
  @ApiOperation({ summary: 'Клиенты: статус, модули, сумма в месяц, число сотрудников, последний вход' })
  @Answers(tenantListSchema, 'Страница компаний, новые первыми')
  listTenants(@ValidQuery(tenantListQuery) query: z.infer<typeof tenantListQuery>) {
    return this.tenants.list(query);
  }

  @Post('tenants')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Повтор запроса с тем же ключом не создаст второго клиента' })
  @ApiOperation({ summary: 'Подключить клиента: компания, её схема, роли, первый администратор, модули (через tenant-provisioner)' })
  @Answers(onboardedSchema, 'Компания создана', 201)
  onboard(@Ctx() ctx: RequestContext, @ValidBody(onboardSchema) body: z.infer<typeof onboardSchema>, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.tenants.onboard(ctx.principal.userId, body, idempotencyKey);
  }

  @Get('tenants/:id')
  @ApiOperation({ summary: 'Карточка клиента: модули, закреплённые версии интерфейса, сотрудники' })
  @Answers(tenantCardSchema, 'Карточка компании')
  getTenant(@Param('id') id: string) {
    return this.tenants.card(id);
  }

  @Post('tenants/:id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Приостановить клиента: вход работает, данные только для просмотра' })
  @Answers(tenantStatusSchema, 'Компания приостановлена')
  suspend(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.tenants.setSuspended(ctx.principal.userId, id, true);
  }

  @Post('tenants/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Возобновить работу клиента' })
  @Answers(tenantStatusSchema, 'Компания снова работает')
  resume(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.tenants.setSuspended(ctx.principal.userId, id, false);
  }

  @Put('tenants/:id/modules/:code/ui-pin')
  @ApiOperation({ summary: 'Закрепить за клиентом версию интерфейса модуля (null — текущая версия для всех)' })
  @Answers(uiPinSchema, 'Закрепление версии интерфейса')
  pinUi(@Ctx() ctx: RequestContext, @Param('id') id: string, @Param('code') code: string, @ValidBody(pinSchema) body: z.infer<typeof pinSchema>) {
    return this.tenants.pinUi(ctx.principal.userId, id, code, body.version);
  }

  @Get('modules')
  @ApiOperation({ summary: 'Каталог модулей: цена на сегодня и история цен (копейки в месяц, с НДС), доступность, версии интерфейсов' })
  @Answers(ownerModulesSchema, 'Каталог модулей с ценами и версиями интерфейса')
  listModules() {
    return this.modules.list();
  }

  @Put('modules/:code')
  @ApiOperation({ summary: 'Изменить название, описание, доступность модуля или его цену (копейки в месяц, с НДС) с даты priceFrom' })
  @Answers(ownerModuleSchema, 'Модуль после изменения')
  updateModule(@Ctx() ctx: RequestContext, @Param('code') code: string, @ValidBody(modulePatchSchema) body: z.infer<typeof modulePatchSchema>) {
    return this.modules.update(ctx.principal.userId, code, body);
  }

  @Post('modules/:code/ui-versions')
  @ApiOperation({ summary: 'Зарегистрировать развёрнутую версию интерфейса модуля; makeCurrent — сделать её текущей для всех' })
  @Answers(ownerModuleSchema, 'Модуль с новой версией интерфейса', 201)
  addUiVersion(@Ctx() ctx: RequestContext, @Param('code') code: string, @ValidBody(uiVersionSchema) body: z.infer<typeof uiVersionSchema>) {
    return this.modules.addUiVersion(ctx.principal.userId, code, body);
  }
}
