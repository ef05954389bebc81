import type { ModuleMenuItem } from '@workcloud/shared-ui/core';

const BASE = '/m/admin';

/** The pages of this module; the shell shows those the role allows in its side menu. */
export const menu: ModuleMenuItem[] = [
  { path: `${BASE}/users`, title: 'Пользователи', titleEn: 'Users', can: ['read', 'User'] },
  { path: `${BASE}/roles`, title: 'Роли', titleEn: 'Roles', can: ['read', 'Role'] },
  { path: `${BASE}/modules`, title: 'Модули', titleEn: 'Modules', can: ['read', 'Subscription'] },
  { path: `${BASE}/billing`, title: 'Подписка и оплата', titleEn: 'Subscription and billing', can: ['read', 'Subscription'] },
  // Every role reads custom fields (its forms show them); the page is for who closes periods (the accountant, the admin).
  { path: `${BASE}/settings`, title: 'Настройка учёта', titleEn: 'Accounting settings', can: ['update', 'PeriodLock'] },
  { path: `${BASE}/api-keys`, title: 'API-ключи', titleEn: 'API keys', can: ['read', 'Role'] },
  { path: `${BASE}/webhooks`, title: 'Вебхуки', titleEn: 'Webhooks', can: ['update', 'CompanySettings'] },
  { path: `${BASE}/audit-log`, title: 'Журнал действий', titleEn: 'Activity log', can: ['read', 'AuditLog'] },
  { path: `${BASE}/login-journal`, title: 'Журнал входов', titleEn: 'Sign-in journal', can: ['read', 'AuditLog'] },
];
