import { AuditController } from './audit.controller';

export const auditControllers = [AuditController];
export { SensitiveReadAudit } from './sensitive-reads';
