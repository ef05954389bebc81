import { Checkbox, FormControlLabel, FormGroup, FormLabel } from '@workcloud/shared-ui';
import type { Role } from '../api/adminApi';

/** Tick the roles a user gets; built-in roles first, as the server orders them. */
export function RoleChecklist({ roles, value, onChange, label }: { roles: Role[]; value: string[]; onChange: (ids: string[]) => void; label: string }) {
  return (
    <FormGroup role="group" aria-label={label}>
      <FormLabel component="legend" sx={{ mb: 0.5 }}>
        {label}
      </FormLabel>
      {roles.map((r) => (
        <FormControlLabel
          key={r.id}
          control={<Checkbox checked={value.includes(r.id)} onChange={(e) => onChange(e.target.checked ? [...value, r.id] : value.filter((id) => id !== r.id))} />}
          label={r.name}
        />
      ))}
    </FormGroup>
  );
}
