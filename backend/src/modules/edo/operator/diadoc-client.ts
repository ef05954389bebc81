import { Problem } from '../../../platform/http/problem';

/**
 * The part of the Диадок HTTP API (JSON form of its protobuf structures, bytes as base64) that WorkCloud uses to reach
 * counterparties outside WorkCloud: GetOrganizationsByInnKpp, PostMessage (V3), GetNewEvents (V8), GetEntityContent (V4).
 * Roaming to other operators is the operator's job.
 */
export interface DiadocBox {
  BoxId: string;
  BoxIdGuid?: string;
  Title?: string;
}
export interface DiadocOrganization {
  OrgId: string;
  Inn: string;
  Kpp?: string;
  FullName?: string;
  Boxes: DiadocBox[];
}
export type DiadocEntityType = 'Attachment' | 'Signature' | 'UnknownEntityType';
export interface DiadocEntity {
  EntityType: DiadocEntityType;
  EntityId: string;
  ParentEntityId?: string;
  AttachmentType?: string;
  FileName?: string;
  Content?: { Size?: number; Data?: string };
}
export interface DiadocMessage {
  MessageId: string;
  FromBoxId: string;
  ToBoxId?: string;
  FromTitle?: string;
  Entities: DiadocEntity[];
}
export interface DiadocBoxEvent {
  EventId: string;
  IndexKey?: string;
  Message?: DiadocMessage;
  Patch?: { MessageId: string; Entities: DiadocEntity[] };
}
/** What a patch posts: the buyer's title, the ИОП, the уточнение, the предложение об аннулировании, a refusal of one. */
export type DiadocPatchKind = 'RecipientTitles' | 'Receipts' | 'CorrectionRequests' | 'RevocationRequests' | 'XmlSignatureRejections';
export interface DiadocSettings {
  url: string;
  token: string;
  boxId: string;
}

export class DiadocClient {
  constructor(private readonly settings: DiadocSettings) {}

  private async call(method: 'GET' | 'POST', path: string, query: Record<string, string | undefined>, body?: unknown): Promise<Response> {
    const url = new URL(path, this.settings.url.endsWith('/') ? this.settings.url : `${this.settings.url}/`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${this.settings.token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(20_000),
      });
    } catch (e) {
      throw Problem.unprocessable(`Оператор ЭДО недоступен (${url.host}): ${(e as Error).message}. Проверьте адрес в настройках ЭДО.`);
    }
    if (res.status === 401 || res.status === 403) throw Problem.unprocessable(`Оператор ЭДО отказал в доступе (${res.status}): проверьте токен и ящик в настройках ЭДО.`);
    if (!res.ok) throw Problem.unprocessable(`Оператор ЭДО ответил ошибкой ${res.status} на ${path}: ${(await res.text()).slice(0, 300)}`);
    return res;
  }

  /** A box with its organization (GetBox): the connection check asks it for the company's own box. */
  async box(boxId: string): Promise<DiadocBox & { Organization?: { Inn?: string; Kpp?: string; FullName?: string } }> {
    const res = await this.call('GET', 'GetBox', { boxId });
    return (await res.json()) as DiadocBox & { Organization?: { Inn?: string; Kpp?: string; FullName?: string } };
  }

  /** Organizations (and their boxes) registered with the operator under this ИНН/КПП. */
  async organizationsByInnKpp(inn: string, kpp?: string | null): Promise<DiadocOrganization[]> {
    const res = await this.call('GET', 'GetOrganizationsByInnKpp', { inn, kpp: kpp ?? undefined });
    return ((await res.json()) as { Organizations?: DiadocOrganization[] }).Organizations ?? [];
  }

  /** Sends one signed УПД (seller's title) to a box. */
  async postUpd(toBoxId: string, file: { content: Buffer; signature: Buffer; function: 'СЧФДОП' | 'ДОП'; customId: string }): Promise<DiadocMessage> {
    const res = await this.call('POST', 'V3/PostMessage', { operationId: file.customId }, {
      FromBoxId: this.settings.boxId,
      ToBoxId: toBoxId,
      DocumentAttachments: [
        {
          SignedContent: { Content: file.content.toString('base64'), Signature: file.signature.toString('base64') },
          TypeNamedId: 'UniversalTransferDocument',
          Function: file.function,
          Version: 'utd970_05_03_01',
          NeedRecipientSignature: true,
          CustomDocumentId: file.customId,
        },
      ],
    });
    return (await res.json()) as DiadocMessage;
  }

  /**
   * Our answer to a document in a message we received (V4/PostMessagePatch): the buyer's title (RecipientTitles), the
   * извещение о получении (Receipts) or the уведомление об уточнении (CorrectionRequests), with its signature.
   */
  async postPatch(messageId: string, parentEntityId: string, kind: DiadocPatchKind, file: { content: Buffer; signature: Buffer }): Promise<DiadocEntity[]> {
    const signed = { ParentEntityId: parentEntityId, SignedContent: { Content: file.content.toString('base64'), Signature: file.signature.toString('base64') } };
    const res = await this.call('POST', 'V4/PostMessagePatch', {}, { BoxId: this.settings.boxId, MessageId: messageId, [kind]: [kind === 'RecipientTitles' ? { ...signed, NeedReceipt: false } : signed] });
    return ((await res.json()) as { Entities?: DiadocEntity[] }).Entities ?? [];
  }

  /** Our signature under an entity of the message: accepting the counterparty's revocation request (аннулирование). */
  async postSignature(messageId: string, parentEntityId: string, signature: Buffer): Promise<void> {
    await this.call('POST', 'V4/PostMessagePatch', {}, { BoxId: this.settings.boxId, MessageId: messageId, Signatures: [{ ParentEntityId: parentEntityId, SignedContent: { Signature: signature.toString('base64') } }] });
  }

  /** Events of our box after `afterIndexKey` (the oldest first), at most one page. */
  async newEvents(afterIndexKey?: string | null): Promise<{ Events: DiadocBoxEvent[]; TotalCount?: number }> {
    const res = await this.call('GET', 'V8/GetNewEvents', { boxId: this.settings.boxId, afterIndexKey: afterIndexKey ?? undefined });
    const list = (await res.json()) as { Events?: DiadocBoxEvent[]; TotalCount?: number };
    return { Events: list.Events ?? [], TotalCount: list.TotalCount };
  }

  /** The bytes of an entity (a document's file or a signature): events carry no content. */
  async entityContent(messageId: string, entityId: string): Promise<Buffer> {
    const res = await this.call('GET', 'V4/GetEntityContent', { boxId: this.settings.boxId, messageId, entityId });
    return Buffer.from(await res.arrayBuffer());
  }
}
