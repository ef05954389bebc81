import { Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Ctx, type RequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { AccountService } from '../auth/account.service';
import { InvitationService } from '../auth/invitations.service';
import { MAX_PASSWORD_LENGTH } from '../auth/passwords';
import { Database } from '../database/database';
import { uuidParam, ValidBody } from '../http/validation';
import { Answers, arrayOf } from '../http/openapi-responses';
import { acceptedSchema, invitationSchema, personSchema } from './me.schemas';

const profileSchema = z.object({ fullName: z.string({ message: 'Укажите ФИО' }).trim().min(1, 'Укажите ФИО').max(200) });
const passwordSchema = z.object({
  currentPassword: z.string({ message: 'Укажите текущий пароль' }).min(1, 'Укажите текущий пароль').max(MAX_PASSWORD_LENGTH),
  newPassword: z.string({ message: 'Укажите новый пароль' }).max(MAX_PASSWORD_LENGTH),
});

/** What a person changes about themselves: name, password, invitations into companies. No company can change these. */
@ApiTags('Профиль')
@ApiBearerAuth()
@Controller('api/me')
export class AccountController {
  constructor(
    private readonly db: Database,
    private readonly accounts: AccountService,
    private readonly invitations: InvitationService,
    private readonly audit: AuditService,
  ) {}

  @Patch('profile')
  @ApiOperation({ summary: 'Изменить своё ФИО (во всех компаниях сразу)' })
  @Answers(personSchema, 'Профиль после изменения')
  async profile(@Ctx() ctx: RequestContext, @ValidBody(profileSchema) body: z.infer<typeof profileSchema>) {
    const id = ctx.principal.userId;
    await this.db.knex.transaction(async (trx) => {
      const before = await trx('platform.users').where({ id }).first('full_name');
      await trx('platform.users').where({ id }).update({ full_name: body.fullName });
      await this.audit.record({ tenantId: ctx.tenant?.id ?? null, userId: id, action: 'update', entity: 'Person', entityId: id, before: { fullName: before.full_name }, after: body }, trx);
    });
    const user = await this.db.knex('platform.users').where({ id }).first('id', 'email', 'full_name');
    return { id: user.id, email: user.email, fullName: user.full_name };
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Сменить свой пароль, зная текущий; остальные сессии (другие устройства) завершаются' })
  async password(@Ctx() ctx: RequestContext, @ValidBody(passwordSchema) body: z.infer<typeof passwordSchema>, @Req() req: FastifyRequest) {
    await this.accounts.changePassword(ctx.principal, body, req.ip);
  }

  @Get('invitations')
  @ApiOperation({ summary: 'Мои приглашения в компании, ждущие ответа' })
  @Answers(arrayOf(invitationSchema), 'Приглашения, ждущие ответа')
  invitationsList(@Ctx() ctx: RequestContext) {
    return this.invitations.pendingFor(ctx.principal.userId);
  }

  @Post('invitations/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Принять приглашение: вы становитесь сотрудником компании (войдите в неё, выбрав её при входе)' })
  @Answers(acceptedSchema, 'Компания, в которую вы вошли сотрудником')
  accept(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.invitations.accept(ctx.principal.userId, uuidParam.parse(id));
  }

  @Post('invitations/:id/decline')
  @HttpCode(204)
  @ApiOperation({ summary: 'Отклонить приглашение' })
  async decline(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    await this.invitations.decline(ctx.principal.userId, uuidParam.parse(id));
  }
}
