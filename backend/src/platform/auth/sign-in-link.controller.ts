import { Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../cache/tokens';
import { Database } from '../database/database';
import { Answers, nullable, objectOf, str } from '../http/openapi-responses';
import { Problem } from '../http/problem';
import { ValidBody } from '../http/validation';

/** Mirrored by the CHECK of platform.tenants.slug (platform migration 21). */
export const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
const slugBody = z.object({
  slug: z
    .string({ message: 'Укажите адрес входа, например romashka' })
    .trim()
    .toLowerCase()
    .regex(SLUG, 'Адрес входа — от 3 до 40 латинских букв, цифр и дефисов, не начиная и не заканчивая дефисом (например romashka)')
    .nullable(),
});
const linkAnswer = objectOf({ slug: nullable(str('Адрес входа компании')), url: nullable(str('Ссылка на вход: открывает вход через SSO компании')) });

/** The tenant whose sign-in link is `/login/<slug>`, or null. */
export async function tenantBySlug(db: Database, slug: string): Promise<string | null> {
  return (await db.knex('platform.tenants').where({ slug: slug.toLowerCase() }).first('id'))?.id ?? null;
}

/** The company's own sign-in address: `/login/<slug>` starts sign-in through its identity provider (SSO). */
@ApiTags('Администрирование: безопасность')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/security/sign-in-link')
export class SignInLinkController {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Allow('read', 'User')
  @ApiOperation({ summary: 'Ссылка на вход компании (/login/<адрес>): открывает вход через SSO' })
  @Answers(linkAnswer, 'Адрес и ссылка (null — не задан)')
  async get(@Ctx() ctx: TenantRequestContext) {
    return this.answer((await this.db.knex('platform.tenants').where({ id: ctx.tenant.id }).first('slug')).slug);
  }

  @Put()
  @Allow('update', 'User')
  @ApiOperation({ summary: 'Задать адрес входа компании (null — убрать ссылку)', description: 'Адрес уникален среди всех компаний WorkCloud.' })
  @Answers(linkAnswer, 'Адрес и ссылка после изменения')
  async set(@Ctx() ctx: TenantRequestContext, @ValidBody(slugBody) body: z.infer<typeof slugBody>) {
    await this.db.knex.transaction(async (trx) => {
      const before = await trx('platform.tenants').where({ id: ctx.tenant.id }).first('slug');
      if (body.slug && (await trx('platform.tenants').where({ slug: body.slug }).whereNot({ id: ctx.tenant.id }).first('id')))
        throw Problem.conflict(`Адрес входа «${body.slug}» уже занят другой компанией. Выберите другой, например с городом или ИНН.`, { errors: [{ field: 'slug', message: 'Адрес уже занят' }] });
      await trx('platform.tenants').where({ id: ctx.tenant.id }).update({ slug: body.slug });
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, ip: ctx.ip, action: 'update', entity: 'SignInLink', before: { slug: before.slug }, after: { slug: body.slug } }, trx);
    });
    return this.answer(body.slug);
  }

  private answer(slug: string | null) {
    return { slug, url: slug ? `${this.config.publicWebUrl}/login/${slug}` : null };
  }
}
