import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import type { TenantRequestContext } from '../../../platform/access/request-context';
import { Database } from '../../../platform/database/database';
import { recordChange } from '../../../platform/engine/changes';
import type { CatalogDeclaration } from '../../../platform/engine/declarations';
import { searchText } from '../../../platform/engine/records';
import { Problem } from '../../../platform/http/problem';
import { edoCertificates, edoSignerKeys } from '../catalogs';
import { EdoSecrets } from '../secrets';
import { edoTable } from '../store';
import { type CertificateInfo, describeCertificate, parseCertificate, publicKeyOf } from './certificates';
import { gostSign, gostVerify } from './gost';

function readCertificate(base64: string): { der: Buffer; info: CertificateInfo } {
  const der = Buffer.from(base64.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  try {
    return { der, info: describeCertificate(parseCertificate(der)) };
  } catch {
    throw Problem.badRequest('Сертификат не читается: передайте сертификат X.509 в DER, закодированный base64 (или PEM).');
  }
}

/**
 * The company's certificates: trusted roots (managed by the admin) and the software signer's certificate with its
 * key. Written in the tenant's own schema with the engine's change record (audit entry + event) of the admin.
 */
@Injectable()
export class EdoKeyStore {
  constructor(
    private readonly db: Database,
    private readonly secrets: EdoSecrets,
  ) {}

  private async add(ctx: TenantRequestContext, trx: Knex.Transaction, decl: CatalogDeclaration, values: Record<string, unknown>) {
    const id = randomUUID();
    await trx(edoTable(ctx.tenant.schema, decl)).insert({ id, ...values, custom: '{}', search_text: searchText(decl.fields, values, [values.name]), created_by: ctx.principal.userId });
    const { der: _d, key_secret: _k, ...shown } = values;
    await recordChange(trx, ctx, decl, 'catalog.created', id, undefined, { id, ...shown });
    return id;
  }

  private certificateRow(der: Buffer, info: CertificateInfo, purpose: 'signing' | 'trusted_root') {
    return {
      name: [info.commonName, info.organization].filter(Boolean).join(', ').slice(0, 250),
      purpose,
      subject_inn: info.inn ?? null,
      subject_ogrn: info.ogrn ?? null,
      serial: info.serial,
      valid_from: info.notBefore.toISOString(),
      valid_to: info.notAfter.toISOString(),
      der: der.toString('base64'),
    };
  }

  async addTrustedRoot(ctx: TenantRequestContext, certificate: string) {
    const { der, info } = readCertificate(certificate);
    if (!info.isCa) throw Problem.unprocessable(`«${info.commonName}» — не сертификат удостоверяющего центра (нет признака CA): доверенным корневым он быть не может.`);
    return this.db.knex.transaction(async (trx) => {
      const id = await this.add(ctx, trx, edoCertificates, this.certificateRow(der, info, 'trusted_root'));
      return { id, ...this.certificateRow(der, info, 'trusted_root'), der: undefined };
    });
  }

  async removeTrustedRoot(ctx: TenantRequestContext, id: string) {
    return this.db.knex.transaction(async (trx) => {
      const row = /^[0-9a-f-]{36}$/i.test(id) ? await trx(edoTable(ctx.tenant.schema, edoCertificates)).where({ id, purpose: 'trusted_root', deletion_mark: false }).first('id', 'name') : undefined;
      if (!row) throw Problem.notFound('Доверенный корневой сертификат не найден.');
      await trx(edoTable(ctx.tenant.schema, edoCertificates)).where({ id }).update({ deletion_mark: true, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
      await recordChange(trx, ctx, edoCertificates, 'catalog.deleted', id, { name: row.name }, { deletion_mark: true });
      return { id, removed: true };
    });
  }

  /** The software signer's certificate and its private key; the key must be the certificate's. */
  async addSigningKey(ctx: TenantRequestContext, certificate: string, privateKey: string) {
    const { der, info } = readCertificate(certificate);
    const key = Buffer.from(privateKey, 'base64');
    const probe = Buffer.from('workcloud');
    if (key.length !== 32 || !gostVerify(publicKeyOf(parseCertificate(der)), gostSign(key, probe), probe))
      throw Problem.unprocessable('Закрытый ключ не соответствует сертификату: ожидается ключ ГОСТ Р 34.10-2012 (256 бит) того же сертификата, base64.');
    return this.db.knex.transaction(async (trx) => {
      const id = await this.add(ctx, trx, edoCertificates, this.certificateRow(der, info, 'signing'));
      await this.add(ctx, trx, edoSignerKeys, { name: info.commonName.slice(0, 250), certificate: id, key_secret: await this.secrets.seal(ctx.tenant.schema, key.toString('base64')) });
      return { id, ...this.certificateRow(der, info, 'signing'), der: undefined };
    });
  }

  async trustedRoots(schema: string, trx: Knex = this.db.knex): Promise<Buffer[]> {
    const rows = await trx(edoTable(schema, edoCertificates)).where({ purpose: 'trusted_root', deletion_mark: false }).select('der');
    return rows.map((r) => Buffer.from(r.der, 'base64'));
  }

  /** The certificate (DER) the software signer signs with now, without opening its key; null when none. */
  async signingCertificate(schema: string, trx: Knex = this.db.knex): Promise<Buffer | null> {
    const row = await this.currentKey(schema, trx).first('c.der');
    return row ? Buffer.from(row.der, 'base64') : null;
  }

  private currentKey(schema: string, trx: Knex) {
    const now = new Date().toISOString();
    return trx(`${edoTable(schema, edoCertificates)} as c`)
      .join(`${edoTable(schema, edoSignerKeys)} as k`, 'k.certificate', 'c.id')
      .where({ 'c.purpose': 'signing', 'c.deletion_mark': false, 'k.deletion_mark': false })
      .where('c.valid_from', '<=', now)
      .where('c.valid_to', '>=', now)
      .orderBy('c.created_at', 'desc');
  }

  /** The latest signing certificate of the company that is valid now, with its key; null when none. */
  async signingKey(schema: string, trx: Knex = this.db.knex): Promise<{ certificate: Buffer; privateKey: Buffer } | null> {
    const row = await this.currentKey(schema, trx).first('c.der', 'k.key_secret');
    return row ? { certificate: Buffer.from(row.der, 'base64'), privateKey: Buffer.from(await this.secrets.open(schema, row.key_secret), 'base64') } : null;
  }
}
