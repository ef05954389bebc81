import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, type RequestContext, type TenantRequestContext } from '../access/request-context';
import { Problem } from '../http/problem';
import { Answers, arrayOf, objectOf, str } from '../http/openapi-responses';
import { ValidQuery } from '../http/validation';
import { SearchService } from './search.service';

const MAX_QUERY = 200;

const searchQuery = z.object({
  q: z
    .string({ message: 'Укажите, что искать: параметр q' })
    .trim()
    .min(1, 'Укажите, что искать: параметр q не может быть пустым')
    .max(MAX_QUERY, `Запрос поиска — не длиннее ${MAX_QUERY} символов`)
    .refine((v) => !v.includes('\0'), 'Запрос поиска содержит недопустимый нулевой символ — уберите его')
    .describe('Что искать: номер, дата ДД.ММ.ГГГГ, сумма, наименование, код, артикул, штрихкод, ИНН, раздел («создать реализацию»), сотрудник'),
  limit: z.coerce.number({ message: 'limit — целое число от 1 до 20' }).int('limit — целое число от 1 до 20').min(1, 'limit — не меньше 1').max(20, 'limit — не больше 20').default(5).describe('Сколько результатов в каждой группе'),
});

const itemSchema = objectOf(
  {
    title: str('Что найдено: «Реализация товаров и услуг РТУ-000012», «Ноутбук»'),
    titleEn: str('Название по-английски (у разделов и документов)'),
    subtitle: str('Дата, контрагент, сумма; у справочника — его название и код'),
    path: str('Адрес в рабочем месте, который открывает найденное'),
    type: str('Справочник, документ или раздел меню'),
    typeEn: str(),
  },
  ['title', 'subtitle', 'path', 'type', 'typeEn'],
);

const searchSchema = objectOf({
  groups: arrayOf(
    objectOf({ kind: str('menu — разделы и действия, documents, catalogs, people', { enum: ['menu', 'documents', 'catalogs', 'people'] }), items: arrayOf(itemSchema, 'Лучшие — первыми') }),
    'Группы по виду, группа с лучшим совпадением — первой',
  ),
});

@ApiTags('Поиск')
@ApiBearerAuth()
@Controller('api/search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOperation({
    summary: 'Поиск по всему, что сотрудник может читать: документы, справочники, разделы и действия меню, сотрудники',
    description:
      'Во всех модулях компании; по правам роли (условия роли — в SQL). Слова — в любой форме («реализаций» находит «Реализация»), номера, коды, ИНН и штрихкоды — и по части, дата ДД.ММ.ГГГГ и сумма — точно.',
  })
  @Answers(searchSchema, 'Найденное по группам')
  async find(@Ctx() ctx: RequestContext, @ValidQuery(searchQuery) query: z.infer<typeof searchQuery>) {
    if (!ctx.tenant || !ctx.ability) throw Problem.forbidden('Поиск работает в компании: войдите в компанию, чтобы искать её документы и справочники.');
    return { groups: await this.search.search(ctx as TenantRequestContext, query.q, query.limit) };
  }
}
