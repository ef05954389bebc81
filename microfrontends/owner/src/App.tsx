import { createModuleApp, navigate, useLocationPath, type ModuleMenuItem, type ModuleRootProps } from '@workcloud/shared-ui';
import { useEffect } from 'react';
import { BillingSection } from './billing/BillingSection';
import { CataloguePage } from './pages/CataloguePage';
import { OnboardPage } from './pages/OnboardPage';
import { TenantPage } from './pages/TenantPage';
import { TenantsPage } from './pages/TenantsPage';

const BASE = '/m/owner';

export const menu: ModuleMenuItem[] = [
  { path: `${BASE}/tenants`, title: 'Клиенты', titleEn: 'Customers' },
  { path: `${BASE}/onboard`, title: 'Подключить клиента', titleEn: 'Onboard a customer' },
  { path: `${BASE}/modules`, title: 'Модули и версии', titleEn: 'Modules and versions' },
  { path: `${BASE}/billing/clients`, title: 'Биллинг: клиенты', titleEn: 'Billing: customers' },
  { path: `${BASE}/billing/invoices`, title: 'Биллинг: счета и платежи', titleEn: 'Billing: invoices and payments' },
  { path: `${BASE}/billing/metrics`, title: 'Биллинг: метрики', titleEn: 'Billing: metrics' },
  { path: `${BASE}/billing/settings`, title: 'Биллинг: настройки', titleEn: 'Billing: settings' },
];

function OwnerRoot({ basePath }: ModuleRootProps) {
  const path = useLocationPath();
  const parts = path.slice(basePath.length).split('/').filter(Boolean);
  useEffect(() => {
    if (!parts.length) navigate(`${basePath}/tenants`, true);
  }, [parts.length, basePath]);
  if (parts[0] === 'tenants' && parts[1]) return <TenantPage id={parts[1]} />;
  if (parts[0] === 'tenants') return <TenantsPage />;
  if (parts[0] === 'onboard') return <OnboardPage />;
  if (parts[0] === 'modules') return <CataloguePage />;
  if (parts[0] === 'billing') return <BillingSection parts={parts.slice(1)} />;
  return null;
}

const lifecycles = createModuleApp(OwnerRoot);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;
