import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../config';
import type { TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { tenantTable } from '../tenancy/tenant-schema';
import { enqueueAccountMail } from './account-mail';
import { AccountService, assertPasswordAcceptable, passwordContextOf } from './account.service';
import { hashPassword } from './passwords';
import { addMembership, setUserRoles } from './users';

const INVITATION_DAYS = 14;

export interface InviteInput {
  email: string;
  fullName: string;
  password?: string;
  roleIds: string[];
}

/** The same answer whether the e-mail had an account or not. */
export interface InviteAnswer {
  id: string;
  email: string;
  status: 'invited';
}

/**
 * A person (one e-mail, any number of companies) belongs to no company. A company admin invites by e-mail:
 *   - no account yet: the account is created with the name the admin typed and the company membership at once;
 *     the person gets an e-mail (with a link to set a password, unless the admin gave one);
 *   - an account exists: nothing about it changes — a pending invitation is stored and e-mailed, and the person
 *     accepts or declines it after signing in (GET /api/me/invitations).
 * The admin's answer is identical in both cases (status, body, and the password rules checked first), so an
 * invitation does not tell whether an e-mail has a WorkCloud account.
 */
@Injectable()
export class InvitationService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly tenants: TenantContextService,
    private readonly accounts: AccountService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async assertRoles(trx: Knex.Transaction, schema: string, roleIds: string[]): Promise<string[]> {
    const unique = [...new Set(roleIds)];
    if (!unique.length) return unique;
    const found: string[] = await trx(tenantTable(schema, 'roles')).whereIn('id', unique).pluck('id');
    const missing = unique.filter((id) => !found.includes(id));
    if (missing.length) throw Problem.badRequest(`Роли не найдены: ${missing.join(', ')}. Обновите список ролей.`);
    return unique;
  }

  async invite(ctx: TenantRequestContext, input: InviteInput): Promise<InviteAnswer> {
    const email = input.email.trim().toLowerCase();
    if (input.password) assertPasswordAcceptable(input.password, await passwordContextOf(this.db.knex, { email }, ctx.tenant.id));
    // Hashed in both cases, so the time of the answer does not tell either.
    const passwordHash = await hashPassword(input.password ?? randomBytes(32).toString('base64url'));
    const inviter = await this.db.knex('platform.users').where({ id: ctx.principal.userId }).first('full_name', 'email');
    const invitedBy = inviter?.full_name?.trim() || inviter?.email || 'Администратор';
    const id = await this.db.knex.transaction(async (trx) => {
      const roleIds = await this.assertRoles(trx, ctx.tenant.schema, input.roleIds);
      const existing = await trx('platform.users').whereRaw('lower(email) = ?', [email]).forUpdate().first('id', 'email', 'full_name');
      if (existing) {
        const member = await trx('platform.memberships').where({ user_id: existing.id, tenant_id: ctx.tenant.id }).first('status');
        if (member) throw Problem.conflict(`Сотрудник ${email} уже есть в компании. Измените его роли или включите его в списке пользователей.`);
        await trx('platform.invitations').where({ tenant_id: ctx.tenant.id, user_id: existing.id, status: 'pending' }).delete();
        const invitationId = randomUUID();
        await trx('platform.invitations').insert({
          id: invitationId,
          tenant_id: ctx.tenant.id,
          user_id: existing.id,
          role_ids: roleIds,
          invited_by: ctx.principal.userId,
          expires_at: new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000),
        });
        await enqueueAccountMail(trx, {
          eventKey: `auth.invitation:${invitationId}`,
          kind: 'auth.invitation',
          to: existing.email,
          userId: existing.id,
          tenantId: ctx.tenant.id,
          fullName: existing.full_name,
          subject: `Приглашение в компанию ${ctx.tenant.name} в WorkCloud`,
          paragraphs: [`${invitedBy} приглашает вас в компанию ${ctx.tenant.name} в WorkCloud. Войдите со своим паролем и примите приглашение на главной странице; оно действует ${INVITATION_DAYS} дней.`],
          link: { text: 'Войти в WorkCloud', href: `${this.config.publicWebUrl}/` },
          footer: 'Если вы не ждали приглашения, просто отклоните его или не отвечайте: без вашего согласия вас не добавят в компанию.',
        });
        await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'invite', entity: 'User', entityId: existing.id, after: { email, roleIds } }, trx);
        return existing.id as string;
      }
      const userId = randomUUID();
      const created = await trx('platform.users').insert({ id: userId, email, full_name: input.fullName.trim(), password_hash: passwordHash }).onConflict(trx.raw('(lower(email))')).ignore().returning('id');
      if (!created.length) throw Problem.conflict('Этого сотрудника только что пригласили. Обновите список пользователей.');
      await addMembership(trx, userId, ctx.tenant.id);
      await setUserRoles(trx, ctx.tenant.schema, userId, roleIds);
      const link = input.password ? null : this.accounts.linkUrl(await this.accounts.issueLink(trx, userId, 'invite'));
      await enqueueAccountMail(trx, {
        eventKey: `auth.account_created:${userId}`,
        kind: 'auth.invitation',
        to: email,
        userId,
        tenantId: ctx.tenant.id,
        fullName: input.fullName,
        subject: `Приглашение в компанию ${ctx.tenant.name} в WorkCloud`,
        paragraphs: [
          `${invitedBy} открыл вам доступ к компании ${ctx.tenant.name} в WorkCloud. Ваш логин — ${email}.`,
          link ? 'Задайте пароль по ссылке ниже (она действует 7 дней и только один раз), затем войдите.' : 'Пароль вам сообщит администратор; после входа его можно сменить в профиле.',
        ],
        link: link ? { text: 'Задать пароль', href: link } : { text: 'Войти в WorkCloud', href: `${this.config.publicWebUrl}/` },
        footer: 'Если вы не ждали этого письма, просто не отвечайте на него.',
      });
      // The same entry as for an existing account: the company's audit log must not tell the two apart either.
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'invite', entity: 'User', entityId: userId, after: { email, roleIds } }, trx);
      return userId;
    });
    await this.tenants.invalidatePermissions(ctx.tenant.id);
    return { id, email, status: 'invited' };
  }

  /** The person's pending invitations (not expired), with the company and the roles offered. */
  async pendingFor(userId: string) {
    const rows = await this.db.knex('platform.invitations as i')
      .join('platform.tenants as t', 't.id', 'i.tenant_id')
      .leftJoin('platform.users as by', 'by.id', 'i.invited_by')
      .where({ 'i.user_id': userId, 'i.status': 'pending' })
      .where('i.expires_at', '>', this.db.knex.fn.now())
      .whereNotIn('t.status', ['archived', 'provisioning'])
      .orderBy('i.created_at')
      .select('i.id', 'i.tenant_id', 't.name as tenant_name', 't.schema_name', 'i.role_ids', 'i.created_at', 'i.expires_at', 'by.full_name as by_name', 'by.email as by_email');
    const out = [];
    for (const r of rows) {
      const roles: string[] = r.role_ids?.length ? await this.db.knex(tenantTable(r.schema_name, 'roles')).whereIn('id', r.role_ids).orderBy('name').pluck('name') : [];
      out.push({ id: r.id, tenant: { id: r.tenant_id, name: r.tenant_name }, roles, invitedBy: r.by_name?.trim() || r.by_email || null, invitedAt: r.created_at, expiresAt: r.expires_at });
    }
    return out;
  }

  /** Accepts: the person becomes an active member with the roles offered (those that still exist). */
  async accept(userId: string, invitationId: string): Promise<{ tenant: { id: string; name: string } }> {
    const tenant = await this.db.knex.transaction(async (trx) => {
      const inv = await this.pending(trx, userId, invitationId);
      const roles: string[] = inv.role_ids?.length ? await trx(tenantTable(inv.schema_name, 'roles')).whereIn('id', inv.role_ids).pluck('id') : [];
      await addMembership(trx, userId, inv.tenant_id);
      await setUserRoles(trx, inv.schema_name, userId, roles);
      await trx('platform.invitations').where({ id: inv.id }).update({ status: 'accepted', responded_at: trx.fn.now() });
      await this.audit.record({ tenantId: inv.tenant_id, userId, action: 'accept_invitation', entity: 'User', entityId: userId, after: { roleIds: roles } }, trx);
      return { id: inv.tenant_id as string, name: inv.tenant_name as string };
    });
    await this.tenants.invalidatePermissions(tenant.id);
    return { tenant };
  }

  async decline(userId: string, invitationId: string): Promise<void> {
    await this.db.knex.transaction(async (trx) => {
      const inv = await this.pending(trx, userId, invitationId);
      await trx('platform.invitations').where({ id: inv.id }).update({ status: 'declined', responded_at: trx.fn.now() });
      await this.audit.record({ tenantId: inv.tenant_id, userId, action: 'decline_invitation', entity: 'User', entityId: userId }, trx);
    });
  }

  private async pending(trx: Knex.Transaction, userId: string, invitationId: string) {
    const inv = await trx('platform.invitations as i')
      .join('platform.tenants as t', 't.id', 'i.tenant_id')
      .where({ 'i.id': invitationId, 'i.user_id': userId })
      .forUpdate('i')
      .first('i.id', 'i.tenant_id', 'i.role_ids', 'i.status', 'i.expires_at', 't.name as tenant_name', 't.schema_name', 't.status as tenant_status');
    if (!inv || inv.status !== 'pending' || ['archived', 'provisioning'].includes(inv.tenant_status)) throw Problem.notFound('Приглашение не найдено или на него уже ответили.');
    if (new Date(inv.expires_at).getTime() < Date.now()) throw Problem.unprocessable('Срок приглашения истёк. Попросите администратора компании пригласить вас снова.');
    return inv;
  }
}
