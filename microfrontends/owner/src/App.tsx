import { createModuleApp, navigate, useLocationPath, type ModuleMenuItem, type ModuleRootProps } from '@workcloud/shared-ui';
import { useEffect } from 'react';
import { CataloguePage } from './pages/CataloguePage';
import { OnboardPage } from './pages/OnboardPage';
import { TenantPage } from './pages/TenantPage';
import { TenantsPage } from './pages/TenantsPage';

const BASE = '/m/owner';

export const menu: ModuleMenuItem[] = [
  { path: `${BASE}/tenants`, title: 'Клиенты', titleEn: 'Customers' },
  { path: `${BASE}/onboard`, title: 'Подключить клиента', titleEn: 'Onboard a customer' },
  { path: `${BASE}/modules`, title: 'Модули и версии', titleEn: 'Modules and versions' },
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
  return null;
}

const lifecycles = createModuleApp(OwnerRoot);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;
