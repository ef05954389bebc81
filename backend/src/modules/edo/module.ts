import { defineModule } from '../../platform/modules/define-module';
import { edoCatalogs } from './catalogs';
import { EdoDirectory } from './directory';
import { EdoController } from './edo.controller';
import { EdoService } from './edo.service';
import { IncomingReceipts } from './receipt';
import { EdoOperator } from './operator/operator.service';
import { EdoSecrets } from './secrets';
import { EDO_SIGNER } from './signer';
import { EdoKeyStore } from './signing/key-store';
import { SoftwareSigner } from './signing/software-signer';

/**
 * «Электронный документооборот», as Контур.Диадок: the УПД of a posted Реализация sent to the counterparty (trade's
 * ФНС 5.03 generator), delivered inside WorkCloud to a tenant with EDO found by ИНН/КПП, and its flow — ИОП, the
 * buyer's title, уведомление об уточнении, аннулирование — as a state machine (flow.ts), every file checked against
 * its ФНС schema and kept. Accepting an incoming УПД makes a draft Поступление in trade.
 *
 * Every file is signed (detached CMS, ГОСТ Р 34.10-2012, signing/) by the company's signer, and every incoming file's
 * signature is checked against the company's trusted roots and the sender's ИНН (or МЧД) before it can be accepted.
 *
 * Counterparties outside WorkCloud are reached through the company's box at its operator (operator/, Диадок API):
 * a sent УПД is posted there, polling brings documents to us and the answers to ours.
 *
 * Its own UI (microfrontends/edo): «Входящие» / «Исходящие» with filters and unread marks, the document card (the УПД's
 * data, the flow as a timeline, the signature stamps, the allowed steps), sending a posted sale, the certificates, and
 * the home card «Входящие ЭДО».
 *
 * «Отправить по ЭДО» on a posted Реализация's form (documentActions), МЧД of representatives, bulk signing, the printable
 * view with the signature stamps, the operator's settings page; the whole flow (annulment too) through the operator.
 *
 * Not yet: КриптоПро DSS and browser plug-in signers, СЧФ-only documents and acts from trade, bulk download.
 */
export const edoModule = defineModule({
  code: 'edo',
  title: 'Электронный документооборот',
  titleEn: 'E-document exchange',
  description: 'УПД и счета-фактуры с контрагентами',
  descriptionEn: 'UTDs and invoices exchanged with counterparties',
  monthlyPriceKopecks: 90000,
  depends: ['trade'],
  menuGroups: [
    { code: 'incoming', title: 'Входящие', titleEn: 'Inbox' },
    { code: 'outgoing', title: 'Исходящие', titleEn: 'Outbox' },
    { code: 'settings', title: 'Настройки', titleEn: 'Settings' },
  ],
  declarations: edoCatalogs,
  widgets: [{ code: 'edo-inbox', title: 'Входящие ЭДО', titleEn: 'E-document inbox', subject: 'edo.inbox' }],
  ui: { remote: 'edo', version: '0.1.0' },
  // «Отправить по ЭДО» on a posted Реализация's form, for who may send: its УПД is signed and sent, its card opens.
  documentActions: {
    'trade.sale': [{ code: 'edo_send', title: 'Отправить по ЭДО', titleEn: 'Send as e-document', route: '/api/edo/outgoing/from-document', statuses: ['posted'], can: ['create', 'edo.outbox'] }],
  },
  controllers: [EdoController],
  providers: [EdoService, EdoDirectory, IncomingReceipts, EdoKeyStore, SoftwareSigner, EdoOperator, EdoSecrets, { provide: EDO_SIGNER, useExisting: SoftwareSigner }],
});
