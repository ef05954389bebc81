import type { WorkcloudModule } from '../platform/modules/define-module';
import { accountingModule } from './accounting/module';
import { analyticsModule } from './analytics/module';
import { billingModule } from './billing/module';
import { crmModule } from './crm/module';
import { edoModule } from './edo/module';
import { projectsModule } from './projects/module';
import { staffModule } from './staff/module';
import { tradeModule } from './trade/module';

/**
 * Every module of WorkCloud, in the order the catalogue and the menu show them. A new module is a
 * folder under modules/ with a `module.ts` calling defineModule (see docs/extending.md), added here;
 * nothing under platform/, shell/ or shared-ui/ changes.
 */
export const workcloudModules: WorkcloudModule[] = [tradeModule, accountingModule, billingModule, edoModule, staffModule, crmModule, projectsModule, analyticsModule];
