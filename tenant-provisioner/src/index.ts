export { Provisioner, PROVISION_STEPS, provisionRequestSchema, type ProvisionRequest, type MigrateAllReport, type TenantExport } from './provisioner';
export { buildProvisionerServer } from './server';
