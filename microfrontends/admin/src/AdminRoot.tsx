import { EmptyState, navigate, useAbility, useLocationPath, type ModuleRootProps } from '@workcloud/shared-ui';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BillingPage } from './billing/BillingPage';
import { menu } from './menu';
import { AccountingSettingsPage } from './settings/AccountingSettingsPage';
import { ModulesPage } from './pages/ModulesPage';
import { RolesPage } from './pages/RolesPage';
import { UsersPage } from './pages/UsersPage';
import { ApiKeysPage } from './security/ApiKeysPage';
import { AuditLogPage } from './security/AuditLogPage';
import { WebhooksPage } from './security/WebhooksPage';
import { LoginJournalPage } from './sign-in/LoginJournalPage';

/** The module's pages under /m/admin; loaded when one is opened (see App.tsx). */
export default function AdminRoot({ basePath }: ModuleRootProps) {
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
  if (sub === 'api-keys') return <ApiKeysPage />;
  if (sub === 'webhooks') return <WebhooksPage />;
  if (sub === 'audit-log') return <AuditLogPage />;
  if (sub === 'login-journal') return <LoginJournalPage />;
  if (!allowed.length) return <EmptyState title={t('noAccess')} />;
  return null;
}
