import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { businessDate, DEFAULT_TIME_ZONE } from '@workcloud/shared-core';
import iconv from 'iconv-lite';
import type { TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import { catalogItemReader } from '../../platform/engine/catalog-reader';
import { DocumentReader } from '../../platform/engine/document-reader';
import { ConfigurationRegistry } from '../../platform/engine/registry';
import { Problem } from '../../platform/http/problem';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { printPartiesOf, saleUpdXml, updDocumentOf } from '../trade/print-forms';
import { EdoDirectory } from './directory';
import { type Action, actionsAllowed, type Box, type DocType, FLOW_STATUS_TITLES, type FlowStatus, NEEDS_ACTION, refusal, targetsOf, TRANSITIONS } from './flow';
import { IncomingUpd, parseSellerTitle } from './incoming';
import { edoFiles, edoHistory, edoInbox, edoOutbox } from './catalogs';
import { EDO_SIGNER, type EdoSigner, type PowerOfAttorney, type Verification, VERIFICATION_TITLES } from './signer';
import { EdoOperator } from './operator/operator.service';
import { powerOfAttorneyFor } from './poa';
import { type PrintedStamp, renderPrintable } from './print';
import { EdoKeyStore } from './signing/key-store';
import { verifySignature } from './signing/verify';
import { boxOf, edoTable, incomingActor, Mailbox } from './store';
import { type Acceptance, annulmentOfferXml, assertValid, buyerTitleXml, clarificationXml, type EdoParty, type EdoSignerPerson, receiptNoticeXml, type ServiceFile } from './xml';

/** The steps that accept a document: only with a valid signature of its sender. */
const ACCEPTING: Action[] = ['sign', 'receipt_notice'];

/** Statuses after which a sale may be sent again (a corrected document). */
const CLOSED: FlowStatus[] = ['clarification_required', 'annulled', 'corrected'];

export interface ActionBody {
  /** Text of the уведомление об уточнении / предложения об аннулировании. */
  reason?: string;
  /** Buyer's title: КодИтога and the date goods were accepted (today by default). */
  acceptance?: Acceptance;
  accepted_on?: string;
  /** Who signs (ФИО and position); by default the organization's head from the card. */
  signer?: EdoSignerPerson;
  /** The МЧД when the signer's certificate is not the organization's own. */
  poa?: PowerOfAttorney;
}

const party = (name: string, inn: string, kpp: string | null | undefined): EdoParty => ({ name, inn, kpp: kpp || null });

@Injectable()
export class EdoService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly documents: DocumentReader,
    private readonly directory: EdoDirectory,
    private readonly keys: EdoKeyStore,
    private readonly operator: EdoOperator,
    @Inject(EDO_SIGNER) private readonly signer: EdoSigner,
  ) {}

  private own(ctx: TenantRequestContext, trx: Knex.Transaction) {
    return new Mailbox(trx, ctx.tenant.schema, { tenantId: ctx.tenant.id, userId: ctx.principal.userId ?? null });
  }

  /** Signs for the organization; without a given МЧД the company's МЧД to the certificate's holder is attached (poa.ts). */
  private async signFor(ctx: TenantRequestContext, content: Buffer, organizationInn: string, poa?: PowerOfAttorney | null) {
    const attached = poa ?? (await powerOfAttorneyFor(this.db.knex, ctx.tenant.schema, await this.keys.signingCertificate(ctx.tenant.schema), organizationInn, businessDate(new Date(), ctx.tenant.timeZone ?? DEFAULT_TIME_ZONE)));
    return this.signer.sign(content, { tenantId: ctx.tenant.id, schema: ctx.tenant.schema, userId: ctx.principal.userId, organizationInn, poa: attached });
  }

  /** The seller's side: the УПД of a posted Реализация (trade's generator), checked against ON_NSCHFDOPPR, stored and delivered. */
  async sendSale(ctx: TenantRequestContext, saleId: string, poa?: PowerOfAttorney) {
    const decl = this.registry.document('trade', 'sale')!;
    const sale = await this.documents.get(ctx, decl, saleId);
    const parties = await printPartiesOf(sale, catalogItemReader(this.registry, this.db.knex, ctx.tenant.schema, 'trade'));
    const file = saleUpdXml(sale, parties);
    await assertValid('seller_title', file);
    const type: DocType = updDocumentOf(sale, parties).status === 1 ? 'schfdop' : 'dop';
    const org = parties.organization;
    const buyer = parties.counterparty;
    const signature = await this.signFor(ctx, file.content, org.inn ?? '', poa);

    const { outId, viaOperator } = await this.db.knex.transaction(async (trx) => {
      const mine = this.own(ctx, trx);
      const earlier = await trx(edoTable(ctx.tenant.schema, edoOutbox)).where({ sale: saleId }).forUpdate().select('id', 'flow_status', 'doc_number');
      const open = earlier.find((d) => !CLOSED.includes(d.flow_status));
      if (open)
        throw Problem.conflict(`УПД по реализации № ${sale.number} уже отправлен и в статусе «${FLOW_STATUS_TITLES[open.flow_status as FlowStatus]}». Исправленный документ отправляют после уточнения или аннулирования.`, { document: open.id });
      const replaced = earlier.find((d) => d.flow_status === 'clarification_required');

      const recipient = await this.directory.find(buyer.inn ?? '', buyer.kpp, ctx.tenant.id, trx);
      const status: FlowStatus = recipient ? 'awaiting_signature' : 'waiting_operator';
      const common = { doc_type: type, doc_number: sale.number, doc_date: sale.date, total: sale.total, file_id: file.fileId };
      const outId = await mine.createDocument('outbox', {
        name: `УПД № ${sale.number} от ${sale.date.split('-').reverse().join('.')}`,
        ...common,
        flow_status: status,
        needs_action: NEEDS_ACTION.has(status),
        counterparty_name: buyer.full_name || buyer.name,
        counterparty_inn: buyer.inn,
        counterparty_kpp: buyer.kpp,
        counterparty: buyer.id,
        sale: saleId,
        replaces: replaced?.id ?? null,
        peer_tenant: recipient?.tenantId ?? null,
      });
      const fileRow = await mine.addFile('outbox', outId, { kind: 'seller_title', fileId: file.fileId, content: file.content, author: 'us', signature });
      await mine.addHistory('outbox', outId, { action: replaced ? `Отправлен исправленный документ взамен ${replaced.doc_number}` : 'Создан и отправлен', from: null, to: status, by: 'us', file: fileRow });
      if (replaced) {
        await mine.update('outbox', replaced.id, { flow_status: 'corrected', needs_action: false });
        await mine.addHistory('outbox', replaced.id, { action: 'Отправлен исправленный документ', from: 'clarification_required', to: 'corrected', by: 'us' });
      }
      if (recipient) {
        // Delivery: the recipient's inbox, in its own schema, in this transaction, by its system actor (its audit log).
        const theirs = new Mailbox(trx, recipient.schema, incomingActor(recipient.tenantId, org.inn ?? ''));
        const inId = await theirs.createDocument('inbox', {
          name: `УПД № ${sale.number} от ${sale.date.split('-').reverse().join('.')} от ${org.full_name || org.name}`,
          ...common,
          flow_status: 'signature_required',
          needs_action: true,
          counterparty_name: org.full_name || org.name,
          counterparty_inn: org.inn,
          counterparty_kpp: org.kpp,
          peer_tenant: ctx.tenant.id,
          peer_document: outId,
        });
        const theirFile = await theirs.addFile('inbox', inId, { kind: 'seller_title', fileId: file.fileId, content: file.content, author: 'counterparty', signature });
        await theirs.addHistory('inbox', inId, { action: 'Получен документ', from: null, to: 'signature_required', by: 'counterparty', file: theirFile });
        await mine.update('outbox', outId, { peer_document: inId });
        await mine.addHistory('outbox', outId, { action: `Доставлен абоненту WorkCloud «${recipient.name}»`, from: status, to: status, by: 'platform' });
      } else {
        // No WorkCloud tenant with EDO has this ИНН/КПП: the company's operator (if set up) takes it, after this commits.
        await mine.addHistory('outbox', outId, { action: 'Получатель не найден среди абонентов WorkCloud: ожидает отправки оператору ЭДО', from: status, to: status, by: 'platform' });
      }
      return { outId, viaOperator: !recipient };
    });
    if (viaOperator) await this.operator.send(ctx, outId);
    return this.view(ctx, 'outbox', outId);
  }

  /**
   * A document with its files (without content), history and what the card shows: the seller's title read back
   * (parties, lines), each file's signature stamp (the counterparty's checked and kept, ours checked against our
   * ИНН), and the actions allowed now.
   */
  async view(ctx: TenantRequestContext, box: Box, id: string, trx: Knex = this.db.knex) {
    if (!ctx.ability.can('read', `edo.${box}`)) throw Problem.forbidden(`Недостаточно прав на чтение: ${box === 'inbox' ? 'Входящие' : 'Исходящие'} документы ЭДО.`);
    const t = (d: typeof edoFiles) => edoTable(ctx.tenant.schema, d);
    const doc = /^[0-9a-f-]{36}$/i.test(id) ? await trx(t(boxOf(box))).where({ id }).first() : undefined;
    if (!doc) throw Problem.notFound('Документ ЭДО не найден.');
    const theirs = new Map((await this.verifyFiles(ctx, trx, box, id, doc.counterparty_inn)).map((v) => [v.id, v]));
    const rows = await trx(t(edoFiles))
      .where({ document: id, box })
      .orderBy('created_at')
      .select('id', 'name', 'kind', 'file_id', 'author', 'sha256', 'signature', 'verification', 'verification_note', 'signer_name', 'signer_inn', 'signed_at', 'poa_number', 'poa_principal_inn', 'created_at', 'content', 'signature_der');
    const sellerTitle = rows.find((r) => r.kind === 'seller_title');
    const upd = sellerTitle ? parseSellerTitle(Buffer.from(sellerTitle.content, 'base64')) : null;
    const ourInn = (box === 'inbox' ? upd?.buyer.inn : upd?.seller.inn) ?? '';
    const trustedRoots = await this.keys.trustedRoots(ctx.tenant.schema, trx);
    const files = rows.map(({ content, signature_der, ...file }) => {
      const check =
        theirs.get(file.id) ??
        verifySignature(Buffer.from(content, 'base64'), signature_der ? Buffer.from(signature_der, 'base64') : null, { trustedRoots, senderInn: ourInn, poa: file.poa_number ? { number: file.poa_number, principalInn: file.poa_principal_inn } : null });
      const stamp = check.status === 'unsigned' ? null : { status: check.status, title: VERIFICATION_TITLES[check.status], note: check.note, signer: check.signer ?? null, signed_at: check.signedAt ?? null };
      return { ...file, stamp };
    });
    const history = await trx(edoTable(ctx.tenant.schema, edoHistory)).where({ document: id, box }).orderBy('step').select('step', 'action', 'from_status', 'to_status', 'by', 'file', 'created_at');
    const { search_text: _s, custom: _c, ...rest } = doc;
    return {
      ...rest,
      total: Number(doc.total),
      status_title: FLOW_STATUS_TITLES[doc.flow_status as FlowStatus],
      actions: this.actionsOf(box, doc, sellerTitle && theirs.get(sellerTitle.id)),
      upd: upd && { function: upd.function, number: upd.number, date: upd.date, seller: upd.seller, buyer: upd.buyer, lines: upd.lines },
      files,
      history,
    };
  }

  /** What the card offers: the state machine's allowed steps, less accepting what a flagged signature forbids. */
  private actionsOf(box: Box, doc: Record<string, any>, sellerCheck: Verification | undefined): Action[] {
    return actionsAllowed(box, doc.doc_type, doc.flow_status, doc.receipt_notice_sent).filter((a) => !(box === 'inbox' && ACCEPTING.includes(a) && sellerCheck?.status !== 'valid'));
  }

  /**
   * The printable view (PDF): trade's УПД form from the signed seller's title and, under it, a stamp per signature —
   * the sender's and the recipient's, with the certificate (owner, serial, validity), the signing time and the check.
   */
  async printable(ctx: TenantRequestContext, box: Box, id: string) {
    const card = await this.view(ctx, box, id);
    const sellerFile = await this.db.knex(edoTable(ctx.tenant.schema, edoFiles)).where({ document: id, box, kind: 'seller_title' }).first('content');
    if (!sellerFile) throw Problem.notFound('У документа нет титула продавца: печатать нечего.');
    const kinds: Record<string, string> = edoFiles.fields.kind.values ?? {};
    // The seller is the sender: ours in «Исходящие», the counterparty's in «Входящие».
    const sellerAuthor = box === 'outbox' ? 'us' : 'counterparty';
    const files: { kind: string; author: string; poa_number: string | null; stamp: { status: Verification['status']; title: string; signer: PrintedStamp['signer']; signed_at: string | null } | null }[] = card.files;
    const stamps: PrintedStamp[] = files
      .filter((f) => f.stamp)
      .map((f) => ({ file: kinds[f.kind], side: f.author === sellerAuthor ? 'Отправитель' : 'Получатель', status: f.stamp!.status, title: f.stamp!.title, signer: f.stamp!.signer, signedAt: f.stamp!.signed_at, poaNumber: f.poa_number }));
    const pdf = await renderPrintable(parseSellerTitle(Buffer.from(sellerFile.content, 'base64')), stamps, ctx.tenant.timeZone ?? DEFAULT_TIME_ZONE);
    return { pdf, filename: `${card.name}.pdf` };
  }

  /** The card was opened: nothing new from the counterparty in it any more. */
  async markRead(ctx: TenantRequestContext, box: Box, id: string) {
    const updated = /^[0-9a-f-]{36}$/i.test(id) ? await this.db.knex(edoTable(ctx.tenant.schema, boxOf(box))).where({ id }).update({ unread: false }) : 0;
    if (!updated) throw Problem.notFound('Документ ЭДО не найден.');
    return { id, unread: false };
  }

  /** One step of the state machine on our copy and the counterparty's, with the file it makes. */
  async act<T = undefined>(ctx: TenantRequestContext, box: Box, id: string, action: Action, body: ActionBody, after?: (trx: Knex.Transaction, upd: IncomingUpd, doc: Record<string, any>) => Promise<T>) {
    return this.db.knex.transaction(async (trx) => {
      const mine = this.own(ctx, trx);
      const doc = /^[0-9a-f-]{36}$/i.test(id) ? await mine.get(box, id, true) : undefined;
      if (!doc) throw Problem.notFound('Документ ЭДО не найден.');
      const type = doc.doc_type as DocType;
      const status = doc.flow_status as FlowStatus;
      const viaOperator = !!doc.operator_message && !doc.peer_tenant;
      const why = refusal(action, box, type, status, doc.receipt_notice_sent);
      if (why) throw Problem.conflict(why, { flowStatus: status, flowStatusTitle: FLOW_STATUS_TITLES[status] });
      const step = TRANSITIONS[action];
      const { to, peerTo } = targetsOf(action, type);

      // Who we are and who they are, as the seller's file names both.
      const sellerFile = await trx(edoTable(ctx.tenant.schema, edoFiles)).where({ document: id, box, kind: 'seller_title' }).first();
      const upd = parseSellerTitle(Buffer.from(sellerFile.content, 'base64'));
      const [us, them] = box === 'inbox' ? [upd.buyer, upd.seller] : [upd.seller, upd.buyer];
      // A document is accepted (ИОП, buyer's title) only with a valid signature of the sender: checked now, with today's trusted roots.
      if (box === 'inbox' && ACCEPTING.includes(action)) {
        const [check] = await this.verifyFiles(ctx, trx, box, id, doc.counterparty_inn, sellerFile.id);
        if (check?.status !== 'valid') throw Problem.unprocessable(`Документ нельзя принять: ${check?.note ?? 'подпись отправителя не проверена'}. Его можно только отклонить.`, { verification: check?.status });
      }
      const signer = body.signer ?? (await this.defaultSigner(ctx, trx, us));
      const now = new Date();
      const sellerSignature = sellerFile.signature_der ? Buffer.from(sellerFile.signature_der, 'base64') : null;
      const answered = { fileId: sellerFile.file_id, receivedAt: new Date(sellerFile.created_at), signature: sellerSignature };
      const reason = (body.reason ?? '').trim();
      let file: ServiceFile | undefined;
      if (step.file === 'receipt_notice') file = receiptNoticeXml({ from: us, to: them, answered, signer, now, guid: randomUUID() });
      if (step.file === 'clarification') {
        if (!reason) throw Problem.badRequest('Укажите, что нужно исправить (reason): текст уведомления об уточнении обязателен.');
        file = clarificationXml({ from: us, to: them, answered, text: reason, signer, now, guid: randomUUID() });
      }
      if (step.file === 'annulment_offer') {
        if (!reason) throw Problem.badRequest('Укажите причину аннулирования (reason).');
        file = annulmentOfferXml({ from: us, to: them, answered, text: reason, signer, now, guid: randomUUID() });
      }
      if (step.file === 'buyer_title') {
        const acceptance = body.acceptance ?? 'accepted';
        const acceptedOn = body.accepted_on ?? new Date().toISOString().slice(0, 10);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(acceptedOn)) throw Problem.badRequest('Дата принятия (accepted_on) — в формате ГГГГ-ММ-ДД.');
        file = buyerTitleXml({
          buyer: us,
          seller: them,
          seller_file: { fileId: upd.fileId, madeAt: upd.madeAt, signature: sellerSignature, function: upd.function, number: upd.number, date: upd.date, documentName: upd.documentName },
          acceptance,
          acceptedOn,
          signer,
          now,
          guid: randomUUID(),
        });
      }
      if (file) await assertValid(step.file!, file);
      const signature = file ? await this.signFor(ctx, file.content, us.inn, body.poa) : { kind: 'none' as const, der: null };

      const next = (target: typeof to, prior: string | null) => (target === 'prior' ? ((prior as FlowStatus) ?? status) : target);
      const myTo = next(to, doc.prior_status);
      const patch = (s: FlowStatus, before: FlowStatus, prior: string | null) => ({
        flow_status: s,
        needs_action: NEEDS_ACTION.has(s),
        prior_status: action === 'propose_annulment' ? before : s === 'annulled' || to === 'prior' ? null : prior,
        ...(action === 'receipt_notice' ? { receipt_notice_sent: true } : {}),
      });
      await mine.update(box, id, patch(myTo, status, doc.prior_status));
      // Through the operator the step goes out first (inside this transaction: its failure undoes the step), so our file keeps its entity there.
      let operatorEntity: string | null = null;
      if (viaOperator) {
        // Answering an annulment answers the counterparty's revocation request, not the document.
        const offer = ['accept_annulment', 'reject_annulment'].includes(action)
          ? await trx(edoTable(ctx.tenant.schema, edoFiles)).where({ document: id, box, kind: 'annulment_offer', author: 'counterparty' }).whereNotNull('operator_entity').orderBy('created_at', 'desc').first('content', 'operator_entity')
          : undefined;
        if (['accept_annulment', 'reject_annulment'].includes(action) && !offer) throw Problem.conflict('Предложение об аннулировании у оператора ЭДО не найдено: ответ не отправить.');
        if (action === 'accept_annulment') {
          const accepted = await this.signFor(ctx, Buffer.from(offer.content, 'base64'), us.inn, body.poa);
          await this.operator.acceptRevocation(ctx.tenant.schema, doc, offer.operator_entity, accepted.der!);
        } else if (file) operatorEntity = await this.operator.reply(ctx.tenant.schema, doc, action, { content: file.content, signature: signature.der }, offer?.operator_entity);
      }
      const myFile = file ? await mine.addFile(box, id, { kind: step.file!, fileId: file.fileId, content: file.content, author: 'us', signature, operatorEntity }) : null;
      await mine.addHistory(box, id, { action: step.title + (reason ? `: ${reason}` : ''), from: status, to: myTo, by: 'us', file: myFile });

      // The counterparty's copy, in its own schema: only the document that names ours as its counterpart.
      const peerBox: Box = box === 'inbox' ? 'outbox' : 'inbox';
      if (doc.peer_tenant && doc.peer_document) {
        const peer = await this.directory.byId(doc.peer_tenant, trx);
        if (!peer) throw Problem.conflict('Контрагент больше не подключён к ЭДО в WorkCloud: документ ему не доставить. Отправка через оператора ЭДО — следующий этап.');
        const theirs = new Mailbox(trx, peer.schema, incomingActor(peer.tenantId, us.inn));
        const copy = await theirs.get(peerBox, doc.peer_document, true);
        if (!copy || copy.peer_document !== id || copy.peer_tenant !== ctx.tenant.id) throw Problem.conflict('Копия документа у контрагента не найдена — действие не выполнено.');
        const theirTo = next(peerTo, copy.prior_status);
        await theirs.update(peerBox, copy.id, patch(theirTo, copy.flow_status, copy.prior_status));
        const theirFile = file ? await theirs.addFile(peerBox, copy.id, { kind: step.file!, fileId: file.fileId, content: file.content, author: 'counterparty', signature }) : null;
        await theirs.addHistory(peerBox, copy.id, { action: step.peerTitle + (reason ? `: ${reason}` : ''), from: copy.flow_status, to: theirTo, by: 'counterparty', file: theirFile });
      }
      const extra = after ? await after(trx, upd, doc) : undefined;
      return { document: await this.view(ctx, box, id, trx), extra };
    });
  }

  /** The organization's head (or chief accountant) from our trade card with this ИНН/КПП. */
  private async defaultSigner(ctx: TenantRequestContext, trx: Knex, us: EdoParty): Promise<EdoSignerPerson> {
    const org = await trx(tenantTable(ctx.tenant.schema, 'c_trade_organizations'))
      .where({ inn: us.inn, deletion_mark: false })
      .modify((q) => {
        if (us.kpp) q.where((w) => w.whereNull('kpp').orWhere('kpp', us.kpp));
      })
      .first('name', 'head', 'accountant');
    const name = org?.head || org?.accountant;
    if (!name) throw Problem.unprocessable(`Не указан подписант: заполните «Руководитель» в карточке организации${org ? ` «${org.name}»` : ` с ИНН ${us.inn}`} или передайте signer.`);
    return { name, position: org.head ? 'Руководитель' : 'Главный бухгалтер' };
  }

  /**
   * Checks the signatures of the counterparty's files of a document (all, or one) with the company's trusted roots
   * now, and keeps the result with each file: a tampered file or a signer without authority is flagged.
   */
  async verifyFiles(ctx: TenantRequestContext, trx: Knex, box: Box, document: string, senderInn: string, only?: string): Promise<(Verification & { id: string })[]> {
    const table = edoTable(ctx.tenant.schema, edoFiles);
    const rows = await trx(table)
      .where({ document, box, author: 'counterparty' })
      .modify((q) => {
        if (only) q.where({ id: only });
      })
      .select('id', 'content', 'signature_der', 'poa_number', 'poa_principal_inn', 'verification', 'verification_note');
    if (!rows.length) return [];
    const trustedRoots = await this.keys.trustedRoots(ctx.tenant.schema, trx);
    const results: (Verification & { id: string })[] = [];
    for (const row of rows) {
      const poa = row.poa_number ? { number: row.poa_number, principalInn: row.poa_principal_inn } : null;
      const v = verifySignature(Buffer.from(row.content, 'base64'), row.signature_der ? Buffer.from(row.signature_der, 'base64') : null, { trustedRoots, senderInn, poa });
      results.push({ ...v, id: row.id });
      if (v.status !== row.verification || v.note !== row.verification_note)
        await trx(table).where({ id: row.id }).update({ verification: v.status, verification_note: v.note, signer_name: v.signer?.name ?? null, signer_inn: v.signer?.inn ?? null, signed_at: v.signedAt ?? null, updated_at: trx.fn.now() });
    }
    return results;
  }

  inTransaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.knex.transaction(work);
  }

  /** How many documents need the user: for the menu counter. */
  async counters(ctx: TenantRequestContext) {
    const count = async (box: Box) => {
      if (!ctx.ability.can('read', `edo.${box}`)) return 0;
      const [{ n }] = await this.db.knex(edoTable(ctx.tenant.schema, boxOf(box))).where({ needs_action: true, deletion_mark: false }).count<{ n: string }[]>('* as n');
      return Number(n);
    };
    const inbox = await count('inbox');
    const outbox = await count('outbox');
    return { inbox, outbox, total: inbox + outbox };
  }

  /** The bytes of a stored file, named by its ИдФайл. */
  async fileContent(ctx: TenantRequestContext, fileRowId: string) {
    if (!/^[0-9a-f-]{36}$/i.test(fileRowId)) throw Problem.notFound('Файл ЭДО не найден.');
    const row = await this.db.knex(edoTable(ctx.tenant.schema, edoFiles)).where({ id: fileRowId }).first();
    if (!row) throw Problem.notFound('Файл ЭДО не найден.');
    if (!ctx.ability.can('read', `edo.${row.box}`)) throw Problem.forbidden('Недостаточно прав на чтение документов ЭДО.');
    return { content: Buffer.from(row.content, 'base64'), filename: `${row.file_id}.xml` };
  }

  /** The stored seller's title of an inbox document, parsed. */
  async incomingUpd(ctx: TenantRequestContext, id: string, trx: Knex = this.db.knex): Promise<{ doc: Record<string, any>; upd: IncomingUpd }> {
    const doc = /^[0-9a-f-]{36}$/i.test(id) ? await trx(edoTable(ctx.tenant.schema, edoInbox)).where({ id }).first() : undefined;
    if (!doc) throw Problem.notFound('Входящий документ ЭДО не найден.');
    const file = await trx(edoTable(ctx.tenant.schema, edoFiles)).where({ document: id, box: 'inbox', kind: 'seller_title' }).first();
    return { doc, upd: parseSellerTitle(Buffer.from(file.content, 'base64')) };
  }
}

export const decodeXml = (b: Buffer) => iconv.decode(b, 'win1251');
