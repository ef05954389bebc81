import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import type { TenantRequestContext } from '../../../platform/access/request-context';
import { Database } from '../../../platform/database/database';
import { recordChange } from '../../../platform/engine/changes';
import { Problem } from '../../../platform/http/problem';
import { edoFiles, edoInbox, edoOperatorSettings, edoOutbox } from '../catalogs';
import { type Action, type Box, type DocType, type FlowStatus, NEEDS_ACTION, targetsOf, TRANSITIONS } from '../flow';
import { parseSellerTitle } from '../incoming';
import { EdoSecrets } from '../secrets';
import { boxOf, edoTable, incomingActor, Mailbox } from '../store';
import { DiadocClient, type DiadocEntity, type DiadocMessage, type DiadocSettings } from './diadoc-client';

const ru = (iso: string) => iso.split('-').reverse().join('.');

/** The counterparty's files that come back through the operator, by the ФНС prefix of their name: the step each one is. */
const INCOMING_STEPS = { ON_NSCHFDOPPOK: 'sign', DP_UVUTOCH: 'reject', DP_IZVPOL: 'receipt_notice', DP_PRANNUL: 'propose_annulment' } as const satisfies Record<string, Action>;

/**
 * Exchange with counterparties that are not WorkCloud tenants with ЭДО, through the company's box at its operator
 * (Диадок API): a sent УПД is posted there; polling the box's events brings documents sent to us and the answers
 * (buyer's title, уведомление об уточнении) to ours.
 */
@Injectable()
export class EdoOperator {
  constructor(
    private readonly db: Database,
    private readonly secrets: EdoSecrets,
  ) {}

  async settings(schema: string, trx: Knex = this.db.knex): Promise<(DiadocSettings & { id: string; eventsAfter: string | null }) | null> {
    const row = await trx(edoTable(schema, edoOperatorSettings)).where({ deletion_mark: false }).orderBy('created_at', 'desc').first();
    return row ? { id: row.id, url: row.api_url, token: await this.secrets.open(schema, row.token_secret), boxId: row.box_id, eventsAfter: row.events_after } : null;
  }

  /** The admin sets the operator's address, the company's box and the access token (replacing earlier ones). */
  async configure(ctx: TenantRequestContext, input: { api_url: string; box_id: string; token: string }) {
    return this.db.knex.transaction(async (trx) => {
      const table = edoTable(ctx.tenant.schema, edoOperatorSettings);
      const old = await this.settings(ctx.tenant.schema, trx);
      const values = { name: `Оператор ЭДО: ${new URL(input.api_url).host}`, api_url: input.api_url, box_id: input.box_id, token_secret: await this.secrets.seal(ctx.tenant.schema, input.token), events_after: old?.eventsAfter ?? null };
      if (old) {
        await trx(table).where({ id: old.id }).update({ ...values, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
        await recordChange(trx, ctx, edoOperatorSettings, 'catalog.updated', old.id, { api_url: old.url, box_id: old.boxId }, { api_url: input.api_url, box_id: input.box_id });
        return { id: old.id, api_url: input.api_url, box_id: input.box_id };
      }
      const id = randomUUID();
      await trx(table).insert({ id, ...values, custom: '{}', search_text: values.name, created_by: ctx.principal.userId });
      await recordChange(trx, ctx, edoOperatorSettings, 'catalog.created', id, undefined, { api_url: input.api_url, box_id: input.box_id });
      return { id, api_url: input.api_url, box_id: input.box_id };
    });
  }

  /**
   * Posts an outgoing document that waits for the operator: the counterparty's box by ИНН/КПП, the signed seller's
   * title (operationId = our document's id, so a retry never posts twice). Without settings the document keeps
   * waiting; when the operator does not know the counterparty or fails, the reason goes to its history and it waits
   * for a retry (POST /api/edo/outbox/:id/operator).
   */
  async send(ctx: TenantRequestContext, outId: string): Promise<void> {
    const settings = await this.settings(ctx.tenant.schema);
    if (!settings) return;
    const client = new DiadocClient(settings);
    const doc = await this.db.knex(edoTable(ctx.tenant.schema, edoOutbox)).where({ id: outId }).first();
    const file = await this.db.knex(edoTable(ctx.tenant.schema, edoFiles)).where({ document: outId, box: 'outbox', kind: 'seller_title' }).first();
    if (!doc || doc.flow_status !== 'waiting_operator' || !file?.signature_der) return;
    let outcome: { message: DiadocMessage; box: string } | { failed: string };
    try {
      const orgs = await client.organizationsByInnKpp(doc.counterparty_inn, doc.counterparty_kpp);
      const box = orgs.length === 1 ? orgs[0].Boxes[0] : undefined;
      if (!box) outcome = { failed: orgs.length ? 'у оператора несколько организаций с этими ИНН/КПП' : 'оператор не знает организацию с этими ИНН/КПП' };
      else {
        const message = await client.postUpd(box.BoxId, {
          content: Buffer.from(file.content, 'base64'),
          signature: Buffer.from(file.signature_der, 'base64'),
          function: doc.doc_type === 'dop' ? 'ДОП' : 'СЧФДОП',
          customId: outId,
        });
        outcome = { message, box: box.Title ?? box.BoxId };
      }
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      outcome = { failed: e.detail };
    }
    await this.db.knex.transaction(async (trx) => {
      const mine = new Mailbox(trx, ctx.tenant.schema, { tenantId: ctx.tenant.id, userId: ctx.principal.userId });
      if ('failed' in outcome) {
        await mine.addHistory('outbox', outId, { action: `Не отправлен через оператора ЭДО: ${outcome.failed}`, from: 'waiting_operator', to: 'waiting_operator', by: 'platform' });
        return;
      }
      const entity = outcome.message.Entities.find((e) => e.EntityType === 'Attachment');
      const to: FlowStatus = 'awaiting_signature';
      await mine.update('outbox', outId, { flow_status: to, needs_action: NEEDS_ACTION.has(to), operator_message: outcome.message.MessageId, operator_entity: entity?.EntityId ?? null });
      await mine.addHistory('outbox', outId, { action: `Отправлен через оператора ЭДО в ящик «${outcome.box}»`, from: 'waiting_operator', to, by: 'platform' });
    });
  }

  private async client(schema: string) {
    const settings = await this.settings(schema);
    if (!settings) throw Problem.unprocessable('Документ прошёл через оператора ЭДО, а оператор больше не настроен: ответ не отправить.');
    return new DiadocClient(settings);
  }

  /**
   * Sends our step on a document exchanged through the operator, inside the caller's transaction (a failure undoes the
   * step): the file as the patch Диадок expects for it, answering the document's entity — or, refusing an annulment,
   * the revocation request (`answers`). Returns the entity the operator gave our file.
   */
  async reply(schema: string, doc: { operator_message: string; operator_entity: string }, action: Action, file: { content: Buffer; signature: Buffer | null }, answers?: string): Promise<string | null> {
    const patch = ({ sign: 'RecipientTitles', receipt_notice: 'Receipts', reject: 'CorrectionRequests', propose_annulment: 'RevocationRequests', reject_annulment: 'XmlSignatureRejections' } as const)[action as 'sign'];
    if (!patch || !file.signature) throw Problem.conflict('Этот ответ через оператора ЭДО не отправляется.');
    const entities = await (await this.client(schema)).postPatch(doc.operator_message, answers ?? doc.operator_entity, patch, { content: file.content, signature: file.signature });
    return entities.find((e) => e.EntityType === 'Attachment')?.EntityId ?? null;
  }

  /** Accepting the counterparty's предложение об аннулировании: our signature under its revocation request. */
  async acceptRevocation(schema: string, doc: { operator_message: string }, revocationEntity: string, signature: Buffer) {
    await (await this.client(schema)).postSignature(doc.operator_message, revocationEntity, signature);
  }

  /** The connection check of the settings page: the address answers, the token is accepted, the box is ours to read. */
  async check(ctx: TenantRequestContext) {
    const settings = await this.settings(ctx.tenant.schema);
    if (!settings) return { ok: false, box: null, problem: 'Оператор ЭДО не настроен: укажите адрес API, ящик и токен.' };
    try {
      const box = await new DiadocClient(settings).box(settings.boxId);
      return { ok: true, box: { id: box.BoxId, title: box.Title ?? box.Organization?.FullName ?? null, inn: box.Organization?.Inn ?? null, kpp: box.Organization?.Kpp ?? null }, problem: null };
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      return { ok: false, box: null, problem: e.detail };
    }
  }

  /** Reads the box's new events: documents sent to us go to «Входящие», answers to ours move them on. */
  async poll(ctx: TenantRequestContext) {
    const settings = await this.settings(ctx.tenant.schema);
    if (!settings) throw Problem.unprocessable('Оператор ЭДО не настроен: администратор указывает адрес API, ящик и токен (PUT /api/edo/operator).');
    const client = new DiadocClient(settings);
    const { Events } = await client.newEvents(settings.eventsAfter);
    const result = { events: Events.length, received: [] as string[], answered: [] as string[] };
    for (const event of Events) {
      await this.db.knex.transaction(async (trx) => {
        // One poller at a time: a second one waits here and then finds the documents the first one made.
        await trx(edoTable(ctx.tenant.schema, edoOperatorSettings)).where({ id: settings.id }).forUpdate().first('id');
        if (event.Message && event.Message.ToBoxId === settings.boxId) {
          const id = await this.receive(ctx, trx, client, event.Message);
          if (id) result.received.push(id);
        }
        if (event.Patch) {
          const id = await this.answer(ctx, trx, client, event.Patch.MessageId, event.Patch.Entities);
          if (id) result.answered.push(id);
        }
        await trx(edoTable(ctx.tenant.schema, edoOperatorSettings)).where({ id: settings.id }).update({ events_after: event.IndexKey ?? event.EventId, updated_at: trx.fn.now() });
      });
    }
    return result;
  }

  /** A document's file and the signature under it (a Signature entity whose parent is the file). */
  private async fileOf(client: DiadocClient, messageId: string, entities: DiadocEntity[], file: DiadocEntity) {
    const signature = entities.find((e) => e.EntityType === 'Signature' && e.ParentEntityId === file.EntityId);
    const content = file.Content?.Data ? Buffer.from(file.Content.Data, 'base64') : await client.entityContent(messageId, file.EntityId);
    const der = signature ? (signature.Content?.Data ? Buffer.from(signature.Content.Data, 'base64') : await client.entityContent(messageId, signature.EntityId)) : null;
    return { content, der };
  }

  private async receive(ctx: TenantRequestContext, trx: Knex.Transaction, client: DiadocClient, message: DiadocMessage): Promise<string | null> {
    const file = message.Entities.find((e) => e.EntityType === 'Attachment' && /^ON_NSCHFDOPPR_/.test(e.FileName ?? ''));
    if (!file) return null;
    const known = await trx(edoTable(ctx.tenant.schema, edoInbox)).where({ operator_message: message.MessageId, operator_entity: file.EntityId }).first('id');
    if (known) return null;
    const { content, der } = await this.fileOf(client, message.MessageId, message.Entities, file);
    const upd = parseSellerTitle(content);
    const theirs = new Mailbox(trx, ctx.tenant.schema, incomingActor(ctx.tenant.id, upd.seller.inn));
    const status: FlowStatus = 'signature_required';
    const id = await theirs.createDocument('inbox', {
      name: `УПД № ${upd.number} от ${ru(upd.date)} от ${upd.seller.name}`,
      doc_type: upd.function === 'ДОП' ? 'dop' : 'schfdop',
      doc_number: upd.number,
      doc_date: upd.date,
      total: upd.lines.reduce((sum, l) => sum + l.totalKopecks, 0),
      file_id: upd.fileId,
      flow_status: status,
      needs_action: true,
      counterparty_name: upd.seller.name,
      counterparty_inn: upd.seller.inn,
      counterparty_kpp: upd.seller.kpp,
      operator_message: message.MessageId,
      operator_entity: file.EntityId,
    });
    const fileRow = await theirs.addFile('inbox', id, { kind: 'seller_title', fileId: upd.fileId, content, author: 'counterparty', signature: { kind: der ? 'cms' : 'none', der } });
    await theirs.addHistory('inbox', id, { action: `Получен документ через оператора ЭДО от «${message.FromTitle ?? upd.seller.name}»`, from: null, to: status, by: 'counterparty', file: fileRow });
    return id;
  }

  /**
   * The counterparty's step on a document exchanged through the operator (ours or theirs), as the state machine moves
   * our copy when it is the peer: its buyer's title completes, its уточнение asks us to correct, its ИОП is recorded
   * (an СЧФ is then complete), its предложение об аннулировании waits for our answer, its signature under our
   * revocation request annuls, its refusal of it brings the document back to where it was.
   */
  private async answer(ctx: TenantRequestContext, trx: Knex.Transaction, client: DiadocClient, messageId: string, entities: DiadocEntity[]): Promise<string | null> {
    for (const box of ['outbox', 'inbox'] as Box[]) {
      const doc = await trx(edoTable(ctx.tenant.schema, boxOf(box))).where({ operator_message: messageId }).forUpdate().first();
      if (!doc) continue;
      const mine = new Mailbox(trx, ctx.tenant.schema, incomingActor(ctx.tenant.id, doc.counterparty_inn));
      const ourOffer = await trx(edoTable(ctx.tenant.schema, edoFiles)).where({ document: doc.id, box, kind: 'annulment_offer', author: 'us' }).whereNotNull('operator_entity').orderBy('created_at', 'desc').first('operator_entity');
      let moved = false;
      for (const file of entities.filter((e) => e.EntityType === 'Attachment')) {
        const name = file.FileName ?? '';
        const prefix = Object.keys(INCOMING_STEPS).find((p) => name.startsWith(`${p}_`)) as keyof typeof INCOMING_STEPS | undefined;
        if (!prefix) continue;
        const fileId = name.replace(/\.xml$/i, '');
        if (await trx(edoTable(ctx.tenant.schema, edoFiles)).where({ document: doc.id, box, file_id: fileId }).first('id')) continue;
        // An уточнение answering our revocation request refuses the annulment; any other asks to correct the document.
        const action: Action = prefix === 'DP_UVUTOCH' && ourOffer && file.ParentEntityId === ourOffer.operator_entity ? 'reject_annulment' : INCOMING_STEPS[prefix];
        const { content, der } = await this.fileOf(client, messageId, entities, file);
        const fileRow = await mine.addFile(box, doc.id, { kind: TRANSITIONS[action].file!, fileId, content, author: 'counterparty', signature: { kind: der ? 'cms' : 'none', der }, operatorEntity: file.EntityId });
        await this.peerStep(mine, box, doc, action, fileRow);
        moved = true;
      }
      // Its signature under our revocation request, in a later patch (the request's own comes with it): the annulment is accepted.
      const offerInPatch = ourOffer && entities.some((e) => e.EntityId === ourOffer.operator_entity);
      if (ourOffer && !offerInPatch && entities.some((e) => e.EntityType === 'Signature' && e.ParentEntityId === ourOffer.operator_entity)) {
        await this.peerStep(mine, box, doc, 'accept_annulment', null);
        moved = true;
      }
      return moved ? doc.id : null;
    }
    return null;
  }

  /** Our copy moves as the state machine moves the peer's copy on the counterparty's step (flow.ts: peerTo). */
  private async peerStep(mine: Mailbox, box: Box, doc: Record<string, any>, action: Action, fileRow: string | null) {
    const current = (await mine.get(box, doc.id)) as Record<string, any>;
    const from = current.flow_status as FlowStatus;
    const { peerTo } = targetsOf(action, current.doc_type as DocType);
    const to: FlowStatus = peerTo === 'prior' ? ((current.prior_status as FlowStatus) ?? from) : peerTo;
    const prior = action === 'propose_annulment' ? from : to === 'annulled' || peerTo === 'prior' ? null : current.prior_status;
    await mine.update(box, doc.id, { flow_status: to, needs_action: NEEDS_ACTION.has(to), prior_status: prior, ...(action === 'receipt_notice' ? { receipt_notice_sent: true } : {}) });
    await mine.addHistory(box, doc.id, { action: `${TRANSITIONS[action].peerTitle} (через оператора ЭДО)`, from, to, by: 'counterparty', file: fileRow });
  }
}
