import { Chip } from '@workcloud/shared-ui';
import type { TenantStatus } from '../api/ownerApi';
import { useOwnerT } from '../useOwnerT';

const colors: Record<TenantStatus, 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  provisioning: 'info',
  trial: 'info',
  active: 'success',
  past_due: 'warning',
  suspended: 'error',
  archived: 'default',
};

export function StatusChip({ status }: { status: TenantStatus }) {
  const { t } = useOwnerT();
  return <Chip size="small" variant="outlined" color={colors[status] ?? 'default'} label={t(`statuses.${status}`)} />;
}
