import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import type { TenantRequestContext } from '../access/request-context';
import { DataEncryption } from '../crypto/data-encryption.service';
import type { Fields } from './declarations';
import { ConfigurationRegistry } from './registry';

/** The permission subject whose `read` shows personal data in clear (the admin has it; other roles when given). */
export const PERSONAL_DATA_SUBJECT = 'PersonalData';

/** What a role without the right sees: the last few characters at most (an ИНН's «••••••••3893»), a text nothing. */
const MASK = '•';
export function maskPersonal(value: string, type: string): string {
  if (type === 'text' || value.length < 6) return MASK.repeat(6);
  const shown = value.length >= 10 ? 4 : 2;
  return MASK.repeat(value.length - shown) + value.slice(-shown);
}

const personalOf = (fields: Fields) => Object.entries(fields).filter(([, f]) => f.personal);

/** Types whose column is text, so a sealed value fits, and whose API value is a string, so a masked one does. */
const SEALABLE = new Set(['string', 'text', 'inn', 'account', 'email', 'phone']);

/** A `personal` field the engine cannot keep encrypted stops the start, naming the file and the field. */
export function checkPersonalDeclarations(registry: ConfigurationRegistry): void {
  for (const d of registry.all()) {
    const fields = d.kind === 'catalog' ? [d.fields] : d.kind === 'document' ? [d.fields, ...Object.values(d.sections ?? {}).map((s) => s.fields)] : d.kind === 'register' ? [d.dimensions, d.resources, d.attributes ?? {}] : [d.params];
    for (const [name, f] of fields.flatMap(personalOf)) {
      const where = `${d.module}.${d.code} (${d.file ?? 'файл неизвестен'}): поле «${name}»`;
      if (d.kind !== 'catalog') throw new Error(`${where}: personal (шифрование персональных данных) есть только у полей справочников — храните данные человека в справочнике и ссылайтесь на него`);
      if (!SEALABLE.has(f.type)) throw new Error(`${where}: personal возможен для типов ${[...SEALABLE].join(', ')}, а не «${f.type}»`);
    }
  }
}

/**
 * Catalog fields declared `personal: true` (passport, СНИЛС, a person's ИНН, address, bank account): stored
 * as `<search hash>:<ciphertext>` sealed with the tenant's data key (platform/crypto), found by exact value
 * through the hash (`?snils=112-233-445 95`), never in the quick search, and shown in clear only to roles
 * that may read PersonalData — masked to the others. Audit and events get the masked form.
 */
@Injectable()
export class PersonalFields {
  constructor(
    private readonly encryption: DataEncryption,
    registry: ConfigurationRegistry,
  ) {
    checkPersonalDeclarations(registry);
  }

  canRead = (ctx: TenantRequestContext) => ctx.ability.can('read', PERSONAL_DATA_SUBJECT);

  /** The values as stored: each personal value sealed. */
  async seal(ctx: TenantRequestContext, fields: Fields, values: Record<string, any>): Promise<Record<string, any>> {
    const out = { ...values };
    for (const [name] of personalOf(fields)) {
      const v = out[name];
      if (typeof v === 'string' && v !== '') out[name] = `${await this.encryption.searchHash(v, ctx.tenant.id)}:${await this.encryption.encrypt(v, ctx.tenant.id)}`;
    }
    return out;
  }

  /** A record as the caller may see it: personal values decrypted, or masked without the right. */
  async reveal<T extends Record<string, any>>(ctx: TenantRequestContext, fields: Fields, record: T): Promise<T> {
    const personal = personalOf(fields);
    if (!personal.length) return record;
    const clear = this.canRead(ctx);
    const out: Record<string, any> = { ...record };
    for (const [name, f] of personal) {
      const v = out[name];
      if (typeof v !== 'string' || !v.includes(':')) continue;
      const plain = await this.encryption.decrypt(v.slice(v.indexOf(':') + 1), ctx.tenant.id);
      out[name] = clear ? plain : maskPersonal(plain, f.type);
    }
    return out as T;
  }

  /**
   * A change as sent without the personal values it got masked (a form of a role without the right sends back
   * what it was shown): those stay as they are, never overwritten with «••••».
   */
  withoutMasked(fields: Fields, body: unknown): unknown {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    for (const [name] of personalOf(fields)) if (typeof out[name] === 'string' && (out[name] as string).includes(MASK)) delete out[name];
    return out;
  }

  /** The masked form of values in clear, for the audit log and events (never the data itself). */
  masked(fields: Fields, values: Record<string, any> | undefined) {
    if (!values) return values;
    const out = { ...values };
    for (const [name, f] of personalOf(fields)) if (typeof out[name] === 'string' && out[name] !== '') out[name] = maskPersonal(out[name], f.type);
    return out;
  }

  /** Takes the personal fields out of a list's filters and finds them by their search hash instead. */
  async splitFilters(ctx: TenantRequestContext, fields: Fields, filters: Record<string, string>) {
    const rest: Record<string, string> = { ...filters };
    const hashes: [string, string][] = [];
    for (const [name] of personalOf(fields))
      if (rest[name] !== undefined) {
        hashes.push([name, await this.encryption.searchHash(rest[name], ctx.tenant.id)]);
        delete rest[name];
      }
    return { rest, where: (q: Knex.QueryBuilder) => hashes.forEach(([name, hash]) => q.whereRaw(`split_part(??, ':', 1) = ?`, [name, hash])) };
  }
}
