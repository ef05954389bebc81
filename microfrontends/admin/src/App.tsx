import { addTranslations, createModuleApp, EmptyState, navigate, useAbility, useLocationPath, type ModuleMenuItem, type ModuleRootProps, type ModuleWidget } from '@workcloud/shared-ui';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { adminStrings } from './i18n';
import { BillingPage } from './billing/BillingPage';
import { AccountingSettingsPage } from './settings/AccountingSettingsPage';
import { ModulesPage } from './pages/ModulesPage';
import { RolesPage } from './pages/RolesPage';
import { UsersPage } from './pages/UsersPage';
import { UsersWidget } from './components/UsersWidget';

const BASE = '/m/admin';

/** The pages of this module; the shell shows those the role allows in its side menu. */
export const menu: ModuleMenuItem[] = [
  { path: `${BASE}/users`, title: 'Пользователи', titleEn: 'Users', can: ['read', 'User'] },
  { path: `${BASE}/roles`, title: 'Роли', titleEn: 'Roles', can: ['read', 'Role'] },
  { path: `${BASE}/modules`, title: 'Модули', titleEn: 'Modules', can: ['read', 'Subscription'] },
  { path: `${BASE}/billing`, title: 'Подписка и оплата', titleEn: 'Subscription and billing', can: ['read', 'Subscription'] },
  { path: `${BASE}/settings`, title: 'Настройка учёта', titleEn: 'Accounting settings', can: ['read', 'CustomField'] },
];

/** A card on the shell's home page. */
export const widgets: ModuleWidget[] = [{ id: 'admin-users', title: 'Сотрудники', titleEn: 'Employees', can: ['read', 'User'], Component: UsersWidget }];

function AdminRoot({ basePath }: ModuleRootProps) {
  const path = useLocationPath();
  const ability = useAbility();
  const { t } = useTranslation('common');
  const sub = path.slice(basePath.length).split('/')[1] ?? '';
  const allowed = menu.filter((m) => !m.can || ability.can(m.can[0], m.can[1]));
  useEffect(() => {
    // /m/admin alone opens the first page the role allows.
    if (!sub && allowed[0]) navigate(allowed[0].path, true);
  }, [sub, allowed]);
  const page = menu.find((m) => m.path === `${basePath}/${sub}`);
  if (page && page.can && !ability.can(page.can[0], page.can[1])) return <EmptyState title={t('noAccess')} />;
  if (sub === 'users') return <UsersPage />;
  if (sub === 'roles') return <RolesPage />;
  if (sub === 'modules') return <ModulesPage />;
  if (sub === 'billing') return <BillingPage />;
  if (sub === 'settings') return <AccountingSettingsPage />;
  if (!allowed.length) return <EmptyState title={t('noAccess')} />;
  return null;
}

const lifecycles = createModuleApp(AdminRoot, { onMount: (props) => addTranslations(props.i18n, 'admin', adminStrings) });
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;
