import { createModuleApp } from '@workcloud/shared-ui/core';
import { lazy } from 'react';

/** What the shell loads on every page: lifecycles and the side menu; the pages load when opened. */
export { menu } from './menu';

const OwnerRoot = lazy(() => import('./OwnerRoot'));

const lifecycles = createModuleApp(OwnerRoot);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;
