import type { ModuleMenuItem } from '@workcloud/shared-ui/core';

const BASE = '/m/owner';

export const menu: ModuleMenuItem[] = [
  { path: `${BASE}/tenants`, title: 'Клиенты', titleEn: 'Customers' },
  { path: `${BASE}/onboard`, title: 'Подключить клиента', titleEn: 'Onboard a customer' },
  { path: `${BASE}/modules`, title: 'Модули и версии', titleEn: 'Modules and versions' },
  { path: `${BASE}/billing/clients`, title: 'Биллинг: клиенты', titleEn: 'Billing: customers' },
  { path: `${BASE}/billing/invoices`, title: 'Биллинг: счета и платежи', titleEn: 'Billing: invoices and payments' },
  { path: `${BASE}/billing/attention`, title: 'Биллинг: требуют внимания', titleEn: 'Billing: needs attention' },
  { path: `${BASE}/billing/mail`, title: 'Биллинг: письма', titleEn: 'Billing: e-mails' },
  { path: `${BASE}/billing/metrics`, title: 'Биллинг: метрики', titleEn: 'Billing: metrics' },
  { path: `${BASE}/billing/promo-codes`, title: 'Биллинг: промокоды', titleEn: 'Billing: promo codes' },
  { path: `${BASE}/billing/settings`, title: 'Биллинг: настройки', titleEn: 'Billing: settings' },
];
