import { apiFetch } from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';

export interface Manager {
  id: string;
  name: string;
}

/** The company's people a deal's manager is picked from (GET /api/crm/managers); the deal keeps the id. */
export function useManagers(): Manager[] {
  const [managers, setManagers] = useState<Manager[]>([]);
  useEffect(() => {
    let alive = true;
    // Without the list the deal still shows and works: names are a convenience, the id stays.
    apiFetch<{ items: Manager[] }>('/api/crm/managers').then(
      (r) => alive && setManagers(r.items),
      () => undefined,
    );
    return () => void (alive = false);
  }, []);
  return managers;
}
