import { createModuleApp, type ModuleMenuItem, type ModuleWidget } from '@workcloud/shared-ui/core';
import { lazy } from 'react';
import { InboxWidget } from './widgets';

const BASE = '/m/edo';
const groups = {
  incoming: { code: 'incoming', title: 'Входящие', titleEn: 'Inbox' },
  outgoing: { code: 'outgoing', title: 'Исходящие', titleEn: 'Outbox' },
  settings: { code: 'settings', title: 'Настройки', titleEn: 'Settings' },
};

/** The module's pages, each for the roles that may read (or, for sending, create) what it shows. */
export const menu: ModuleMenuItem[] = [
  { path: `${BASE}/inbox`, title: 'Входящие', titleEn: 'Inbox', can: ['read', 'edo.inbox'], group: groups.incoming },
  { path: `${BASE}/outbox`, title: 'Исходящие', titleEn: 'Outbox', can: ['read', 'edo.outbox'], group: groups.outgoing },
  { path: `${BASE}/send`, title: 'Отправить документ', titleEn: 'Send a document', can: ['create', 'edo.outbox'], group: groups.outgoing },
  { path: `${BASE}/settings`, title: 'Сертификаты ЭДО', titleEn: 'E-document certificates', can: ['read', 'edo.certificates'], group: groups.settings },
  { path: `${BASE}/operator`, title: 'Оператор ЭДО', titleEn: 'E-document operator', can: ['read', 'edo.operator_settings'], group: groups.settings },
  { path: `${BASE}/catalogs/product_mappings`, title: 'Сопоставление номенклатуры поставщиков', titleEn: 'Supplier product mapping', can: ['read', 'edo.product_mappings'], group: groups.settings },
];

/** «Входящие ЭДО» on the home page: how many documents wait for the company's signature. */
export const widgets: ModuleWidget[] = [{ id: 'edo-inbox', module: 'edo', title: 'Входящие ЭДО', titleEn: 'E-document inbox', can: ['read', 'edo.inbox'], Component: InboxWidget }];

/** The pages load when one is opened: the shell loads this file on every page (menu, cards). */
const EdoApp = lazy(() => import('./EdoApp'));

const lifecycles = createModuleApp(EdoApp);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;
