import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import QRCode from 'qrcode';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import { verifyPassword } from './passwords';
import { DataEncryption } from '../crypto';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpStep, totpUri } from './totp';

/** The factor a sign-in was completed with (kept in the session and the login journal). */
export type SecondFactor = 'totp' | 'recovery_code';

export interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

const WRONG_CODE = 'Код не подходит. Введите 6 цифр, которые сейчас показывает приложение-аутентификатор (код меняется каждые 30 секунд).';

/**
 * The second factor: TOTP (any authenticator app) with ten one-time recovery codes. The secret is stored sealed
 * (the platform's DataEncryption, its own data key); a code is accepted once — the step of the last accepted code is kept, and a code of that step or an
 * earlier one is refused, so a code seen over someone's shoulder cannot be replayed.
 */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly encryption: DataEncryption,
  ) {}

  async isEnabled(userId: string): Promise<boolean> {
    return !!(await this.db.knex('platform.two_factor').where({ user_id: userId }).whereNotNull('confirmed_at').first('user_id'));
  }

  async status(userId: string): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
    const enabled = await this.isEnabled(userId);
    const left = enabled ? await this.db.knex('platform.recovery_codes').where({ user_id: userId }).whereNull('used_at').count<{ count: string }[]>('* as count') : [{ count: '0' }];
    return { enabled, recoveryCodesLeft: Number(left[0].count) };
  }

  /** Whether the company requires a second factor of this person (of everybody, or of one of the person's roles). */
  async requiredBy(tenantId: string | null, userId: string): Promise<boolean> {
    if (!tenantId) return false;
    const tenant = await this.db.knex('platform.tenants').where({ id: tenantId }).first('schema_name', 'two_factor_required', 'two_factor_role_ids');
    if (!tenant || tenant.two_factor_required === 'none') return false;
    if (tenant.two_factor_required === 'all') return true;
    const roles: string[] = tenant.two_factor_role_ids ?? [];
    if (!roles.length) return false;
    return !!(await this.db.knex(tenantTable(tenant.schema_name, 'user_roles')).where({ user_id: userId }).whereIn('role_id', roles).first('role_id'));
  }

  /** A new secret waiting for its first code (a previous unconfirmed one is replaced); refused while 2FA is on. */
  async startEnrolment(user: { id: string; email: string }): Promise<Enrolment> {
    if (await this.isEnabled(user.id)) throw Problem.conflict('Двухфакторная защита уже включена. Чтобы подключить другое приложение, сначала отключите её.');
    const secret = newTotpSecret();
    const sealed = await this.encryption.encrypt(secret);
    await this.db.knex('platform.two_factor')
      .insert({ user_id: user.id, secret_encrypted: sealed })
      .onConflict('user_id')
      .merge({ secret_encrypted: sealed, created_at: this.db.knex.fn.now(), last_step: null });
    const otpauthUri = totpUri(secret, user.email);
    return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 220 }) };
  }

  /** The first code from the app turns 2FA on; the answer carries the recovery codes, shown only this once. */
  async confirmEnrolment(userId: string, code: string, tenantId: string | null): Promise<{ recoveryCodes: string[] }> {
    const row = await this.db.knex('platform.two_factor').where({ user_id: userId }).first();
    if (!row) throw Problem.conflict('Сначала начните подключение: получите QR-код для приложения-аутентификатора.');
    if (row.confirmed_at) throw Problem.conflict('Двухфакторная защита уже включена.');
    const step = totpStep(await this.encryption.decrypt(row.secret_encrypted), code);
    if (step === null) throw Problem.badRequest(WRONG_CODE, { errors: [{ field: 'code', message: 'Код не подходит' }] });
    return this.db.knex.transaction(async (trx) => {
      await trx('platform.two_factor').where({ user_id: userId }).update({ confirmed_at: trx.fn.now(), last_step: step });
      const recoveryCodes = await this.replaceRecoveryCodes(trx, userId);
      await this.audit.record({ tenantId, userId, action: 'enable_two_factor', entity: 'Person', entityId: userId }, trx);
      return { recoveryCodes };
    });
  }

  private async replaceRecoveryCodes(trx: Knex.Transaction, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await trx('platform.recovery_codes').where({ user_id: userId }).delete();
    await trx('platform.recovery_codes').insert(codes.map((c) => ({ user_id: userId, code_hash: hashRecoveryCode(c) })));
    return codes;
  }

  /**
   * Checks a second factor and spends it: a TOTP code newer than the last accepted one, or an unused recovery code.
   * Returns the factor used, or null when it does not fit (the caller counts the failure).
   */
  async verify(userId: string, input: { code?: string; recoveryCode?: string }): Promise<SecondFactor | null> {
    const k = this.db.knex;
    if (input.recoveryCode) {
      const spent = await k('platform.recovery_codes').where({ user_id: userId, code_hash: hashRecoveryCode(input.recoveryCode) }).whereNull('used_at').update({ used_at: k.fn.now() }).returning('code_hash');
      return spent.length ? 'recovery_code' : null;
    }
    const row = await k('platform.two_factor').where({ user_id: userId }).whereNotNull('confirmed_at').first('secret_encrypted');
    const step = row && input.code ? totpStep(await this.encryption.decrypt(row.secret_encrypted), input.code) : null;
    if (step === null) return null;
    // Checked and spent in one statement: two requests with one code cannot both pass.
    const accepted = await k('platform.two_factor')
      .where({ user_id: userId })
      .where((w) => w.whereNull('last_step').orWhere('last_step', '<', step))
      .update({ last_step: step })
      .returning('user_id');
    return accepted.length ? 'totp' : null;
  }

  /** A fresh set of ten recovery codes (the old ones stop working), after a current code. */
  async renewRecoveryCodes(userId: string, code: string, tenantId: string | null): Promise<{ recoveryCodes: string[] }> {
    if (!(await this.isEnabled(userId))) throw Problem.conflict('Двухфакторная защита не включена.');
    if (!(await this.verify(userId, { code }))) throw Problem.badRequest(WRONG_CODE, { errors: [{ field: 'code', message: 'Код не подходит' }] });
    return this.db.knex.transaction(async (trx) => {
      const recoveryCodes = await this.replaceRecoveryCodes(trx, userId);
      await this.audit.record({ tenantId, userId, action: 'renew_recovery_codes', entity: 'Person', entityId: userId }, trx);
      return { recoveryCodes };
    });
  }

  /** Turning 2FA off needs the current password and a code (or a recovery code). */
  async disable(userId: string, input: { password: string; code?: string; recoveryCode?: string }, tenantId: string | null): Promise<void> {
    if (!(await this.isEnabled(userId))) throw Problem.conflict('Двухфакторная защита не включена.');
    const user = await this.db.knex('platform.users').where({ id: userId }).first('password_hash');
    if (!(await verifyPassword(user.password_hash, input.password)))
      throw Problem.badRequest('Текущий пароль указан неверно.', { errors: [{ field: 'password', message: 'Текущий пароль указан неверно' }] });
    if (!(await this.verify(userId, input))) throw Problem.badRequest(WRONG_CODE, { errors: [{ field: 'code', message: 'Код не подходит' }] });
    await this.db.knex.transaction(async (trx) => {
      await trx('platform.two_factor').where({ user_id: userId }).delete();
      await trx('platform.recovery_codes').where({ user_id: userId }).delete();
      await this.audit.record({ tenantId, userId, action: 'disable_two_factor', entity: 'Person', entityId: userId }, trx);
    });
  }
}
