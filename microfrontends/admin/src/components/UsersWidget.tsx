import { Button, Typography, linkProps } from '@workcloud/shared-ui/core';
import { useAdminT } from '../useAdminT';
import { useUsersQuery } from '../api/adminApi';

/** Home-page card: how many active employees, with a link to the list. */
export function UsersWidget() {
  const { t } = useAdminT();
  const { data } = useUsersQuery({ status: 'active', limit: 1, offset: 0 });
  return (
    <>
      <Typography variant="h2" component="p">
        {data ? data.total : '…'}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('widgetUsersText', { count: data?.total ?? 0 })}
      </Typography>
      <Button size="small" {...linkProps('/m/admin/users')}>
        {t('users')}
      </Button>
    </>
  );
}
