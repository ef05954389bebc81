import { navigate, useLocationPath, type ModuleRootProps } from '@workcloud/shared-ui';
import { useEffect } from 'react';
import { BillingSection } from './billing/BillingSection';
import { CataloguePage } from './pages/CataloguePage';
import { OnboardPage } from './pages/OnboardPage';
import { TenantPage } from './pages/TenantPage';
import { TenantsPage } from './pages/TenantsPage';

/** The owner console's pages under /m/owner; loaded when one is opened (see App.tsx). */
export default function OwnerRoot({ basePath }: ModuleRootProps) {
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
