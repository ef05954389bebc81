/**
 * The service files of the ЭДО flow, as the ФНС formats say, in windows-1251 like the УПД itself (the encoding
 * and the Moscow date/time helpers are trade's, print/upd-xml.ts):
 * - titles of the buyer ON_NSCHFDOPPOK (ВерсФорм 5.02, КНД 1115132 — the newest buyer-title schema at hand,
 *   see xsd/SOURCES.md: there is no 5.03 buyer schema in the reference folder);
 * - извещение о получении DP_IZVPOL (1.03, КНД 1115110), уведомление об уточнении DP_UVUTOCH (1.03, КНД 1115113),
 *   предложение об аннулировании DP_PRANNUL (1.02).
 * ЭППолФайл / ЭП / ЭЦПАнФайл carry the signature (CMS, base64) of the file the answer refers to; a file that came
 * unsigned is answered with the text «подпись не сформирована», never something that looks like a signature.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import { Problem } from '../../platform/http/problem';
import { moscow, splitFullName, toWindows1251 } from '../trade/print/upd-xml';

/** A party of the exchange: a company (ИНН of 10 digits, КПП) or an entrepreneur (12 digits). */
export interface EdoParty {
  name: string;
  inn: string;
  kpp?: string | null;
}

export interface EdoSignerPerson {
  /** «Иванов Иван Иванович». */
  name: string;
  position?: string;
}

export interface ServiceFile {
  fileId: string;
  content: Buffer;
}

export const NO_SIGNATURE_TEXT = 'подпись не сформирована';

/** ИдУчастЭДО: the operator assigns the real one; inside WorkCloud it is ИНН+КПП, as trade's ИдФайл of the УПД. */
export const participantId = (p: EdoParty) => `${p.inn}${p.kpp ?? ''}`;

type Node = Record<string, unknown>;
const attrs = (o: Record<string, string | undefined>): Node => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [`@${k}`, v]));
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ', suppressEmptyNode: true });
const cut = (s: string, n: number) => s.replace(/\s+/g, ' ').trim().slice(0, n);

function fio(person: EdoSignerPerson): Node {
  const f = splitFullName(person.name);
  if (!f) throw Problem.unprocessable(`Подписант «${person.name}»: укажите фамилию и имя полностью (например, «Иванов Иван Иванович»).`);
  return attrs(f as Record<string, string | undefined>);
}

/** УчастЭДОТип of DP_IZVPOL / DP_UVUTOCH / DP_PRANNUL. */
function member(p: EdoParty): Node {
  if (/^\d{10}$/.test(p.inn)) {
    if (!p.kpp) throw Problem.unprocessable(`У организации «${p.name}» не указан КПП — он нужен в служебных документах ЭДО.`);
    return { ...attrs({ ИдУчастЭДО: participantId(p) }), ЮЛ: attrs({ НаимОрг: cut(p.name, 1000), ИННЮЛ: p.inn, КПП: p.kpp }) };
  }
  if (/^\d{12}$/.test(p.inn)) {
    const f = splitFullName(p.name.replace(/^\s*(ИП|Индивидуальный предприниматель)\s+/i, ''));
    return { ...attrs({ ИдУчастЭДО: participantId(p) }), ИП: { ...attrs({ ИННФЛ: p.inn }), ФИО: attrs((f ?? { Фамилия: '-', Имя: '-' }) as Record<string, string>) } };
  }
  throw Problem.unprocessable(`У участника ЭДО «${p.name}» нет ИНН из 10 или 12 цифр.`);
}

const build = (tree: Node) => toWindows1251(builder.build({ '?xml': attrs({ version: '1.0', encoding: 'windows-1251' }), ...tree }));
const name = (prefix: string, to: EdoParty, from: EdoParty, now: Date, guid: string) => `${prefix}_${participantId(to)}_${participantId(from)}_${moscow(now).ymd}_${guid}`;

/** The file a service document answers: its ИдФайл, when it was received, and its signature (none yet). */
export interface Answered {
  fileId: string;
  receivedAt: Date;
  signature: Buffer | null;
}
const signatureText = (s: Buffer | null) => (s ? s.toString('base64') : NO_SIGNATURE_TEXT);

/** Извещение о получении (DP_IZVPOL, КНД 1115110): the recipient confirms it received `answered`. */
export function receiptNoticeXml(a: { from: EdoParty; to: EdoParty; answered: Answered; signer: EdoSignerPerson; now: Date; guid: string }): ServiceFile {
  const fileId = name('DP_IZVPOL', a.to, a.from, a.now, a.guid);
  const got = moscow(a.answered.receivedAt);
  const content = build({
    Файл: {
      ...attrs({ ИдФайл: fileId, ВерсПрог: 'WorkCloud 1.0', ВерсФорм: '1.03' }),
      Документ: {
        ...attrs({ КНД: '1115110' }),
        УчастЭДО: member(a.from),
        СвИзвПолуч: {
          ...attrs({ ДатаПол: got.date, ВремяПол: got.time }),
          СведПолФайл: { ...attrs({ ИмяПолФайла: a.answered.fileId }), ЭППолФайл: signatureText(a.answered.signature) },
        },
        ОтпрДок: member(a.to),
        Подписант: { ...attrs({ Должн: a.signer.position ? cut(a.signer.position, 255) : undefined }), ФИО: fio(a.signer) },
      },
    },
  });
  return { fileId, content };
}

/** Уведомление об уточнении (DP_UVUTOCH, КНД 1115113): the recipient refuses `answered` and says what to correct. */
export function clarificationXml(a: { from: EdoParty; to: EdoParty; answered: Answered; text: string; signer: EdoSignerPerson; now: Date; guid: string }): ServiceFile {
  const fileId = name('DP_UVUTOCH', a.to, a.from, a.now, a.guid);
  const got = moscow(a.answered.receivedAt);
  const content = build({
    Файл: {
      ...attrs({ ИдФайл: fileId, ВерсПрог: 'WorkCloud 1.0', ВерсФорм: '1.03' }),
      Документ: {
        ...attrs({ КНД: '1115113' }),
        УчастЭДО: member(a.from),
        СвУведУточ: {
          ...attrs({ ДатаПол: got.date, ВремяПол: got.time }),
          СведПолФайл: { ...attrs({ ИмяПолФайла: a.answered.fileId }), ЭППолФайл: signatureText(a.answered.signature) },
          ТекстУведУточ: a.text,
        },
        ОтпрДок: member(a.to),
        Подписант: { ...attrs({ Должн: a.signer.position ? cut(a.signer.position, 255) : undefined }), ФИО: fio(a.signer) },
      },
    },
  });
  return { fileId, content };
}

/** Предложение об аннулировании (DP_PRANNUL 1.02): either side proposes to annul `answered`. */
export function annulmentOfferXml(a: { from: EdoParty; to: EdoParty; answered: Answered; text: string; signer: EdoSignerPerson; now: Date; guid: string }): ServiceFile {
  const fileId = name('DP_PRANNUL', a.to, a.from, a.now, a.guid);
  const content = build({
    Файл: {
      ...attrs({ ИдФайл: fileId, ВерсПрог: 'WorkCloud 1.0', ВерсФорм: '1.02' }),
      Документ: {
        УчастЭДО: member(a.from),
        СвПредАн: {
          СведАнФайл: { ...attrs({ ИмяАнФайла: a.answered.fileId }), ЭЦПАнФайл: signatureText(a.answered.signature) },
          ТекстПредАн: a.text,
        },
        НапрПредАн: member(a.to),
        Подписант: { ...attrs({ Должность: a.signer.position ? cut(a.signer.position, 1000) : undefined }), ФИО: fio(a.signer) },
      },
    },
  });
  return { fileId, content };
}

/** Acceptance result of the buyer's title (КодИтога). */
export const ACCEPTANCE = { accepted: '1', with_discrepancies: '2', not_accepted: '3' } as const;
export type Acceptance = keyof typeof ACCEPTANCE;

/** The buyer's title of the УПД (ON_NSCHFDOPPOK 5.02, КНД 1115132): acceptance result, date and signer. */
export function buyerTitleXml(a: {
  buyer: EdoParty;
  seller: EdoParty;
  seller_file: { fileId: string; madeAt: Date; signature: Buffer | null; function: 'СЧФДОП' | 'ДОП'; number: string; date: string; documentName: string };
  acceptance: Acceptance;
  acceptedOn: string;
  signer: EdoSignerPerson;
  now: Date;
  guid: string;
}): ServiceFile {
  const fileId = name('ON_NSCHFDOPPOK', a.seller, a.buyer, a.now, a.guid);
  const at = moscow(a.now);
  const made = moscow(a.seller_file.madeAt);
  const ru = (iso: string) => iso.split('-').reverse().join('.');
  const content = build({
    Файл: {
      ...attrs({ ИдФайл: fileId, ВерсФорм: '5.02', ВерсПрог: 'WorkCloud 1.0' }),
      Документ: {
        ...attrs({ КНД: '1115132', ДатаИнфПок: at.date, ВремИнфПок: at.time, НаимЭконСубСост: cut(`${a.buyer.name}, ИНН ${a.buyer.inn}${a.buyer.kpp ? `/КПП ${a.buyer.kpp}` : ''}`, 1000) }),
        ИдИнфПрод: { ...attrs({ ИдФайлИнфПр: a.seller_file.fileId, ДатаФайлИнфПр: made.date, ВремФайлИнфПр: made.time }), ЭП: signatureText(a.seller_file.signature) },
        СодФХЖ4: {
          ...attrs({ НаимДокОпрПр: cut(a.seller_file.documentName, 255), Функция: a.seller_file.function, ПорНомДокИнфПр: cut(a.seller_file.number, 1000), ДатаДокИнфПр: ru(a.seller_file.date) }),
          СвПрин: {
            ...attrs({ СодОпер: a.acceptance === 'not_accepted' ? 'Товары не приняты' : a.acceptance === 'accepted' ? 'Товары (работы, услуги) приняты без расхождений' : 'Товары (работы, услуги) приняты с расхождениями', ДатаПрин: ru(a.acceptedOn) }),
            КодСодОпер: attrs({ КодИтога: ACCEPTANCE[a.acceptance] }),
          },
        },
        Подписант: { ...attrs({ Должн: a.signer.position ? cut(a.signer.position, 255) : undefined, СпосПодтПолном: '1' }), ФИО: fio(a.signer) },
      },
    },
  });
  return { fileId, content };
}

/** The schema each kind of file is checked against before it can be sent. */
export const SCHEMAS = {
  seller_title: 'ON_NSCHFDOPPR_1_997_01_05_03_05.xsd',
  buyer_title: 'ON_NSCHFDOPPOK_1_997_02_05_02_01.xsd',
  receipt_notice: 'DP_IZVPOL_1_982_00_01_03_01.xsd',
  clarification: 'DP_UVUTOCH_1_985_00_01_03_01.xsd',
  annulment_offer: 'DP_PRANNUL_1_985_00_01_01_02.xsd',
} as const;

/** The XSD folder next to this file: in the sources, and in dist (the backend build copies it: tools/copy-assets.mjs). */
function schemaDir(): string {
  const dir = path.join(__dirname, 'xsd');
  if (!existsSync(path.join(dir, SCHEMAS.seller_title))) throw new Error(`ЭДО: схем ФНС нет в ${dir} — сборка backend копирует их туда (tools/copy-assets.mjs)`);
  return dir;
}

/**
 * Validates a file against its ФНС schema with xmllint (libxml2-utils), as the tests do; a file that fails is
 * never stored as sent: 422 with what xmllint said. Without xmllint nothing can be checked, so nothing is sent (500).
 */
export async function assertValid(kind: keyof typeof SCHEMAS, file: ServiceFile): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'edo-xsd-'));
  const target = path.join(dir, `${file.fileId}.xml`);
  writeFileSync(target, file.content);
  try {
    await new Promise<void>((resolve, reject) =>
      execFile('xmllint', ['--noout', '--schema', path.join(schemaDir(), SCHEMAS[kind]), target], (err, _out, stderr) => {
        if (!err) return resolve();
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error('xmllint is not installed (apt-get install libxml2-utils): ЭДО files cannot be checked'));
        reject(Problem.unprocessable(`Файл ${file.fileId} не соответствует схеме ФНС ${SCHEMAS[kind]}: ${String(stderr).replaceAll(target, file.fileId).trim()}`));
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
