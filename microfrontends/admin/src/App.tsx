import { addTranslations, createModuleApp, type ModuleWidget } from '@workcloud/shared-ui/core';
import { lazy } from 'react';
import { adminStrings } from './i18n';
import { UsersWidget } from './components/UsersWidget';

/**
 * What the shell loads from this module on every page: lifecycles, the side menu, the home card.
 * It imports only '@workcloud/shared-ui/core'; the pages load when one is opened.
 */
export { menu } from './menu';

/** A card on the shell's home page. */
export const widgets: ModuleWidget[] = [{ id: 'admin-users', title: 'Сотрудники', titleEn: 'Employees', can: ['read', 'User'], Component: UsersWidget }];

const AdminRoot = lazy(() => import('./AdminRoot'));

const lifecycles = createModuleApp(AdminRoot, { onMount: (props) => addTranslations(props.i18n, 'admin', adminStrings) });
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;
