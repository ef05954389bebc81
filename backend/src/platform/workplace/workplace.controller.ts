import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, type RequestContext, type TenantRequestContext } from '../access/request-context';
import { Problem } from '../http/problem';
import { Answers, arrayOf, bool, dateTime, objectOf, str } from '../http/openapi-responses';
import { ValidBody, ValidQuery } from '../http/validation';
import { WorkplaceService } from './workplace.service';

// An address inside the workplace («/m/trade/documents/sale/…»), never another site's («//evil.example»).
const path = z
  .string({ message: 'Укажите адрес страницы: path' })
  .max(500, 'Адрес страницы — не длиннее 500 символов')
  .regex(/^\/(?![/\\])[^\s\0]*$/, 'Адрес страницы — путь внутри WorkCloud, начинается с «/», например /m/trade/documents/sale')
  .describe('Адрес страницы в рабочем месте');
const page = z.object({
  path,
  title: z.string({ message: 'Укажите название страницы: title' }).trim().min(1, 'Укажите название страницы: title').max(300, 'Название страницы — не длиннее 300 символов').refine((v) => !v.includes('\0'), 'Название содержит недопустимый нулевой символ'),
});
const historyQuery = z.object({ limit: z.coerce.number({ message: 'limit — целое число от 1 до 100' }).int('limit — целое число от 1 до 100').min(1, 'limit — не меньше 1').max(100, 'limit — не больше 100').default(30) });

const entry = {
  path: str('Адрес страницы'),
  title: str('Название: у документа и элемента справочника — текущее'),
  at: dateTime(),
  deleted: bool('Документ или элемент справочника удалён, помечен на удаление или больше не доступен вашей роли'),
};
const favoriteSchema = objectOf(entry);
const historySchema = objectOf({ items: arrayOf(objectOf({ ...entry, what: str('opened — открыто; created, updated, posted, cancelled, deleted… — что вы сделали (журнал действий)') }), 'Новые — первыми') });

const inCompany = (ctx: RequestContext): TenantRequestContext => {
  if (!ctx.tenant || !ctx.ability) throw Problem.forbidden('Избранное и история ведутся в компании: войдите в компанию.');
  return ctx as TenantRequestContext;
};

/** «Избранное» and «История» of the signed-in person in the company: only their own. */
@ApiTags('Избранное и история')
@ApiBearerAuth()
@Controller('api/me')
export class WorkplaceController {
  constructor(private readonly workplace: WorkplaceService) {}

  @Get('favorites')
  @ApiOperation({ summary: 'Моё избранное в компании: списки, документы, отчёты, отмеченные звёздочкой' })
  @Answers(objectOf({ items: arrayOf(favoriteSchema, 'Новые — первыми') }), 'Избранное')
  async favorites(@Ctx() ctx: RequestContext) {
    return { items: await this.workplace.favorites(inCompany(ctx)) };
  }

  @Post('favorites')
  @ApiOperation({ summary: 'Добавить страницу в избранное (повторно — обновить название)' })
  @Answers(favoriteSchema, 'В избранном', 201)
  star(@Ctx() ctx: RequestContext, @ValidBody(page) body: z.infer<typeof page>) {
    return this.workplace.star(inCompany(ctx), body.path, body.title);
  }

  @Delete('favorites')
  @HttpCode(204)
  @ApiOperation({ summary: 'Убрать страницу из избранного' })
  async unstar(@Ctx() ctx: RequestContext, @ValidQuery(z.object({ path })) query: { path: string }) {
    await this.workplace.unstar(inCompany(ctx), query.path);
  }

  @Get('history')
  @ApiOperation({ summary: 'Моя история в компании: что я открывал (на любом устройстве) и менял (журнал действий)' })
  @Answers(historySchema, 'История')
  async history(@Ctx() ctx: RequestContext, @ValidQuery(historyQuery) query: z.infer<typeof historyQuery>) {
    return { items: await this.workplace.history(inCompany(ctx), query.limit) };
  }

  @Post('history')
  @HttpCode(204)
  @ApiOperation({ summary: 'Отметить открытую страницу (оболочка присылает при каждом переходе)' })
  async visited(@Ctx() ctx: RequestContext, @ValidBody(page) body: z.infer<typeof page>) {
    await this.workplace.visited(inCompany(ctx), body.path, body.title);
  }
}
