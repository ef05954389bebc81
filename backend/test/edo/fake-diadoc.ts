import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';

/**
 * A local fake of the Диадок HTTP API, JSON form, as its documentation describes the methods WorkCloud calls:
 * GET /GetBox, GET /GetOrganizationsByInnKpp, POST /V3/PostMessage (MessageToPost with DocumentAttachments), GET /V8/GetNewEvents
 * (BoxEventList; events carry no content), GET /V4/GetEntityContent, POST /V4/PostMessagePatch (MessagePatchToPostV2:
 * RecipientTitles, Receipts, CorrectionRequests, RevocationRequests, XmlSignatureRejections, Signatures; answers the
 * patch's entities); `Authorization: Bearer <token>` per box.
 * The test plays the counterparty with `post` and `patch`.
 */
interface StoredEntity {
  EntityType: 'Attachment' | 'Signature';
  EntityId: string;
  ParentEntityId?: string;
  AttachmentType?: string;
  FileName?: string;
  content: Buffer;
}
interface StoredMessage {
  MessageId: string;
  FromBoxId: string;
  ToBoxId: string;
  FromTitle: string;
  Entities: StoredEntity[];
}
interface StoredEvent {
  EventId: string;
  IndexKey: string;
  boxes: string[];
  Message?: StoredMessage;
  Patch?: { MessageId: string; Entities: StoredEntity[] };
}

export interface FakeOrganization {
  inn: string;
  kpp: string;
  name: string;
  boxId: string;
  token: string;
}

const fileIdOf = (content: Buffer) => /ИдФайл="([^"]+)"/.exec(iconv.decode(content, 'win1251'))?.[1] ?? 'document';
const shown = (e: StoredEntity) => ({ EntityType: e.EntityType, EntityId: e.EntityId, ParentEntityId: e.ParentEntityId, AttachmentType: e.AttachmentType, FileName: e.FileName });

export async function startFakeDiadoc(organizations: FakeOrganization[]) {
  const messages = new Map<string, StoredMessage>();
  const events: StoredEvent[] = [];
  const posted: { toBoxId: string; body: any }[] = [];
  const patches: any[] = [];
  let next = 1;

  const document = (content: Buffer, signature: Buffer | null, parent?: string, type = 'UniversalTransferDocument'): StoredEntity[] => {
    const file: StoredEntity = { EntityType: 'Attachment', EntityId: randomUUID(), ParentEntityId: parent, AttachmentType: type, FileName: `${fileIdOf(content)}.xml`, content };
    return signature ? [file, { EntityType: 'Signature', EntityId: randomUUID(), ParentEntityId: file.EntityId, content: signature }] : [file];
  };
  const event = (boxes: string[], part: Pick<StoredEvent, 'Message' | 'Patch'>) => {
    const n = next++;
    events.push({ EventId: randomUUID(), IndexKey: `key-${String(n).padStart(6, '0')}`, boxes, ...part });
  };
  const post = (fromBoxId: string, toBoxId: string, content: Buffer, signature: Buffer | null) => {
    const from = organizations.find((o) => o.boxId === fromBoxId)!;
    const message: StoredMessage = { MessageId: randomUUID(), FromBoxId: fromBoxId, ToBoxId: toBoxId, FromTitle: from.name, Entities: document(content, signature) };
    messages.set(message.MessageId, message);
    event([fromBoxId, toBoxId], { Message: message });
    return message;
  };
  /**
   * A side adds a file (a buyer's title, an ИОП, an уточнение, a RevocationRequest…) with its signature to a message;
   * `parent` is the entity it answers (the document, or the revocation request a rejection answers).
   */
  const patch = (messageId: string, content: Buffer, signature: Buffer | null, parent?: string, type?: string) => {
    const message = messages.get(messageId)!;
    const entities = document(content, signature, parent, type);
    message.Entities.push(...entities);
    event([message.FromBoxId, message.ToBoxId], { Patch: { MessageId: messageId, Entities: entities } });
    return entities;
  };
  /** A side signs an entity of the message (accepting a revocation request: its signature under the request). */
  const sign = (messageId: string, parent: string, signature: Buffer) => {
    const message = messages.get(messageId)!;
    const entity: StoredEntity = { EntityType: 'Signature', EntityId: randomUUID(), ParentEntityId: parent, content: signature };
    message.Entities.push(entity);
    event([message.FromBoxId, message.ToBoxId], { Patch: { MessageId: messageId, Entities: [entity] } });
    return [entity];
  };

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    if (body instanceof Buffer) {
      res.writeHead(status, { 'Content-Type': 'application/octet-stream' }).end(body);
    } else {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
    }
  };
  const read = (req: IncomingMessage) => new Promise<string>((ok) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c)).on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
  });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const q = (k: string) => url.searchParams.get(k) ?? '';
    const caller = organizations.find((o) => req.headers.authorization === `Bearer ${o.token}`);
    if (!caller) return send(res, 401, { message: 'Authorization: Bearer token required' });
    const ownBox = (boxId: string) => boxId === caller.boxId;
    if (req.method === 'GET' && url.pathname === '/GetBox') {
      const box = organizations.find((o) => o.boxId === q('boxId'));
      if (!box) return send(res, 404, { message: 'Box not found' });
      return send(res, 200, { BoxId: box.boxId, BoxIdGuid: box.boxId, Title: box.name, Organization: { OrgId: `org-${box.boxId}`, Inn: box.inn, Kpp: box.kpp, FullName: box.name } });
    }
    if (req.method === 'GET' && url.pathname === '/GetOrganizationsByInnKpp') {
      if (!q('inn')) return send(res, 400, { message: 'inn is required' });
      const found = organizations.filter((o) => o.inn === q('inn') && (!q('kpp') || o.kpp === q('kpp')));
      return send(res, 200, { Organizations: found.map((o) => ({ OrgId: `org-${o.boxId}`, Inn: o.inn, Kpp: o.kpp, FullName: o.name, Boxes: [{ BoxId: o.boxId, BoxIdGuid: o.boxId, Title: o.name }] })) });
    }
    if (req.method === 'POST' && url.pathname === '/V3/PostMessage') {
      if (req.headers['content-type'] !== 'application/json') return send(res, 415);
      const body = JSON.parse(await read(req));
      if (!ownBox(body.FromBoxId)) return send(res, 403, { message: 'FromBoxId is not the caller’s box' });
      if (!organizations.some((o) => o.boxId === body.ToBoxId)) return send(res, 400, { message: 'ToBoxId not found' });
      const att = body.DocumentAttachments?.[0];
      if (!att?.SignedContent?.Content || !att.TypeNamedId) return send(res, 400, { message: 'DocumentAttachments[0].SignedContent.Content and TypeNamedId are required' });
      posted.push({ toBoxId: body.ToBoxId, body });
      const message = post(body.FromBoxId, body.ToBoxId, Buffer.from(att.SignedContent.Content, 'base64'), att.SignedContent.Signature ? Buffer.from(att.SignedContent.Signature, 'base64') : null);
      return send(res, 200, { MessageId: message.MessageId, FromBoxId: message.FromBoxId, ToBoxId: message.ToBoxId, Entities: message.Entities.map(shown) });
    }
    if (req.method === 'POST' && url.pathname === '/V4/PostMessagePatch') {
      if (req.headers['content-type'] !== 'application/json') return send(res, 415);
      const body = JSON.parse(await read(req));
      const message = messages.get(body.MessageId);
      if (!ownBox(body.BoxId) || !message || ![message.FromBoxId, message.ToBoxId].includes(body.BoxId)) return send(res, 403);
      const parts = ['RecipientTitles', 'Receipts', 'CorrectionRequests', 'RevocationRequests', 'XmlSignatureRejections'].flatMap((k) => (body[k] ?? []).map((a: any) => ({ kind: k, ...a })));
      const signatures = (body.Signatures ?? []) as { ParentEntityId: string; SignedContent?: { Signature?: string } }[];
      if (!parts.length && !signatures.length) return send(res, 400, { message: 'nothing to post' });
      for (const part of [...parts, ...signatures]) if (!message.Entities.some((e) => e.EntityId === part.ParentEntityId)) return send(res, 404, { message: 'ParentEntityId not found' });
      for (const part of parts) if (!part.SignedContent?.Content) return send(res, 400, { message: 'SignedContent.Content is required' });
      for (const s of signatures) if (!s.SignedContent?.Signature) return send(res, 400, { message: 'Signatures[].SignedContent.Signature is required' });
      patches.push(body);
      const TYPES: Record<string, string> = { RecipientTitles: 'UniversalTransferDocumentBuyerTitle', Receipts: 'Receipt', CorrectionRequests: 'CorrectionRequest', RevocationRequests: 'RevocationRequest', XmlSignatureRejections: 'XmlSignatureRejection' };
      const made = [
        ...parts.flatMap((part) => patch(body.MessageId, Buffer.from(part.SignedContent.Content, 'base64'), part.SignedContent.Signature ? Buffer.from(part.SignedContent.Signature, 'base64') : null, part.ParentEntityId, TYPES[part.kind])),
        ...signatures.flatMap((s) => sign(body.MessageId, s.ParentEntityId, Buffer.from(s.SignedContent!.Signature!, 'base64'))),
      ];
      return send(res, 200, { MessageId: body.MessageId, Entities: made.map(shown) });
    }
    if (req.method === 'GET' && url.pathname === '/V8/GetNewEvents') {
      if (!ownBox(q('boxId'))) return send(res, 403);
      const mine = events.filter((e) => e.boxes.includes(q('boxId')));
      const after = q('afterIndexKey');
      const start = after ? mine.findIndex((e) => e.IndexKey === after) + 1 : 0;
      const page = mine.slice(start, start + 100);
      return send(res, 200, {
        TotalCount: mine.length - start,
        Events: page.map((e) => ({
          EventId: e.EventId,
          IndexKey: e.IndexKey,
          ...(e.Message ? { Message: { MessageId: e.Message.MessageId, FromBoxId: e.Message.FromBoxId, ToBoxId: e.Message.ToBoxId, FromTitle: e.Message.FromTitle, Entities: e.Message.Entities.slice(0, 2).map(shown) } } : {}),
          ...(e.Patch ? { Patch: { MessageId: e.Patch.MessageId, Entities: e.Patch.Entities.map(shown) } } : {}),
        })),
      });
    }
    if (req.method === 'GET' && url.pathname === '/V4/GetEntityContent') {
      const message = messages.get(q('messageId'));
      if (!ownBox(q('boxId')) || !message || ![message.FromBoxId, message.ToBoxId].includes(q('boxId'))) return send(res, 403);
      const entity = message.Entities.find((e) => e.EntityId === q('entityId'));
      return entity ? send(res, 200, entity.content) : send(res, 404);
    }
    return send(res, 405);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posted,
    patches,
    post,
    patch,
    sign,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
