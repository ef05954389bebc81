import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../config';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { enqueueAccountMail } from './account-mail';
import { LoginThrottle } from './login-throttle';
import { hashPassword, passwordProblems, verifyPassword, type PasswordContext } from './passwords';
import { SessionService } from './sessions.service';
import type { Principal } from './tokens';

const RESET_MINUTES = 30;
const INVITE_LINK_DAYS = 7;

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What a password is checked against for a person: their e-mail, their companies' names and the longest minimum they demand. */
export async function passwordContextOf(knex: Knex | Knex.Transaction, user: { id?: string; email: string }, alsoTenantId?: string): Promise<PasswordContext> {
  const tenants = await knex('platform.tenants as t')
    .where((w) => {
      if (user.id) w.whereIn('t.id', knex('platform.memberships').where({ user_id: user.id, status: 'active' }).select('tenant_id'));
      if (alsoTenantId) w.orWhere('t.id', alsoTenantId);
      if (!user.id && !alsoTenantId) w.whereRaw('false');
    })
    .select('t.name', 't.password_min_length');
  return { email: user.email, companyNames: tenants.map((t) => t.name), minLength: Math.max(0, ...tenants.map((t) => Number(t.password_min_length))) };
}

/** 400 naming every rule the password breaks, on the given field. */
export function assertPasswordAcceptable(password: string, context: PasswordContext, field = 'password'): void {
  const problems = passwordProblems(password, context);
  if (problems.length) throw Problem.badRequest(`Пароль не подходит: ${problems.join('; ')}.`, { errors: problems.map((message) => ({ field, message })) });
}

/**
 * A person's own password: change (knowing the current one), and the e-mailed link that sets a new one (reset, or
 * the first password of a person invited without one). Links are random, stored only as SHA-256, used once, and
 * expire (30 minutes for a reset). Setting a password ends the person's other sessions.
 */
@Injectable()
export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Ends the person's sessions (refresh-token families and their live access tokens), except `keep`. */
  async endSessions(userId: string, keep?: string): Promise<number> {
    return this.sessions.endAll(userId, { keep });
  }

  async changePassword(principal: Principal, input: { currentPassword: string; newPassword: string }, ip: string): Promise<void> {
    const user = await this.db.knex('platform.users').where({ id: principal.userId }).first('id', 'email', 'password_hash');
    const attempt = { email: user.email.toLowerCase(), ip };
    await this.throttle.assertAllowed(attempt);
    if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
      await this.throttle.recordFailure(attempt);
      throw Problem.badRequest('Текущий пароль указан неверно.', { errors: [{ field: 'currentPassword', message: 'Текущий пароль указан неверно' }] });
    }
    if (input.newPassword === input.currentPassword) throw Problem.badRequest('Новый пароль совпадает с текущим.', { errors: [{ field: 'newPassword', message: 'Новый пароль совпадает с текущим' }] });
    assertPasswordAcceptable(input.newPassword, await passwordContextOf(this.db.knex, user), 'newPassword');
    const passwordHash = await hashPassword(input.newPassword);
    await this.db.knex.transaction(async (trx) => {
      await trx('platform.users').where({ id: user.id }).update({ password_hash: passwordHash, password_changed_at: trx.fn.now() });
      await trx('platform.password_tokens').where({ user_id: user.id }).whereNull('used_at').update({ used_at: trx.fn.now() });
      await this.audit.record({ tenantId: principal.tenantId, userId: user.id, action: 'change_password', entity: 'Person', entityId: user.id }, trx);
    });
    await this.endSessions(user.id, principal.sessionId);
  }

  /** A link that sets the person's password, valid for `minutes`; returns the token to put into the link. */
  async issueLink(trx: Knex | Knex.Transaction, userId: string, purpose: 'reset' | 'invite'): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const minutes = purpose === 'reset' ? RESET_MINUTES : INVITE_LINK_DAYS * 24 * 60;
    await trx('platform.password_tokens').insert({ token_hash: hashLinkToken(token), user_id: userId, purpose, expires_at: new Date(Date.now() + minutes * 60_000) });
    return token;
  }

  linkUrl(token: string): string {
    // In the fragment: browsers do not send it to servers, so it stays out of access logs and Referer headers.
    return `${this.config.publicWebUrl}/reset-password#token=${token}`;
  }

  /**
   * «Забыли пароль?»: when the e-mail has an account, a one-use link valid for 30 minutes goes to it. The answer is
   * the same whether or not it has one; a few letters an hour per address and per e-mail at most.
   */
  async forgotPassword(emailInput: string, ip: string): Promise<void> {
    const email = emailInput.trim().toLowerCase();
    if (!(await this.throttle.withinBudget(`reset-ip:${ip}`, 20, 3600)))
      throw Problem.tooManyRequests('Слишком много запросов на восстановление пароля с вашего адреса. Повторите через час.', 3600);
    const user = await this.db.knex('platform.users').whereRaw('lower(email) = ?', [email]).first('id', 'email', 'full_name');
    if (!user || !(await this.throttle.withinBudget(`reset-email:${email}`, 3, 3600))) return;
    await this.db.knex.transaction(async (trx) => {
      const token = await this.issueLink(trx, user.id, 'reset');
      await enqueueAccountMail(trx, {
        eventKey: `auth.password_reset:${hashLinkToken(token).slice(0, 32)}`,
        kind: 'auth.password_reset',
        to: user.email,
        userId: user.id,
        fullName: user.full_name,
        subject: 'Восстановление пароля WorkCloud',
        paragraphs: [`Кто-то (возможно, вы) попросил сменить пароль учётной записи ${user.email} в WorkCloud. Ссылка действует ${RESET_MINUTES} минут и только один раз.`],
        link: { text: 'Задать новый пароль', href: this.linkUrl(token) },
        footer: 'Если вы не просили сменить пароль, просто не открывайте ссылку: пароль останется прежним.',
      });
    });
  }

  /** Sets the password by a link's token: one use; ends every session of the person and the account-wide sign-in wait. */
  async resetPassword(input: { token: string; password: string }): Promise<{ email: string }> {
    const k = this.db.knex;
    const tokenHash = hashLinkToken(input.token);
    const row = await k('platform.password_tokens as pt').join('platform.users as u', 'u.id', 'pt.user_id').where('pt.token_hash', tokenHash).first('pt.user_id', 'pt.used_at', 'pt.expires_at', 'pt.purpose', 'u.email');
    if (!row || row.used_at) throw Problem.badRequest('Ссылка недействительна или уже использована. Запросите новую: «Забыли пароль?» на странице входа.');
    if (new Date(row.expires_at).getTime() < Date.now()) throw Problem.badRequest('Срок действия ссылки истёк. Запросите новую: «Забыли пароль?» на странице входа.');
    assertPasswordAcceptable(input.password, await passwordContextOf(k, { id: row.user_id, email: row.email }));
    const passwordHash = await hashPassword(input.password);
    await k.transaction(async (trx) => {
      // The token is spent in the same statement that checks it: two requests with one link cannot both succeed.
      const spent = await trx('platform.password_tokens').where({ token_hash: tokenHash }).whereNull('used_at').update({ used_at: trx.fn.now() }).returning('token_hash');
      if (!spent.length) throw Problem.badRequest('Ссылка уже использована. Запросите новую: «Забыли пароль?» на странице входа.');
      await trx('platform.password_tokens').where({ user_id: row.user_id }).whereNull('used_at').update({ used_at: trx.fn.now() });
      await trx('platform.users').where({ id: row.user_id }).update({ password_hash: passwordHash, password_changed_at: trx.fn.now() });
      // The letter in the outbox (readable in the owner's mail log) no longer carries the spent link.
      const spentLink = [input.token, '(ссылка использована)'];
      await trx('platform.mail_outbox')
        .where({ user_id: row.user_id })
        .whereIn('kind', ['auth.password_reset', 'auth.invitation'])
        .update({ text: trx.raw('replace(text, ?, ?)', spentLink), html: trx.raw('replace(html, ?, ?)', spentLink) });
      await this.audit.record({ tenantId: null, userId: row.user_id, action: row.purpose === 'reset' ? 'reset_password' : 'set_password', entity: 'Person', entityId: row.user_id }, trx);
    });
    await this.endSessions(row.user_id);
    await this.throttle.forgetAccount(String(row.email).toLowerCase());
    return { email: row.email };
  }
}
