import {
  AddIcon, Alert, Box, Button, Checkbox, Chip, Dialog, DialogActions, DialogContent, DialogContentText,
  DialogTitle, ErrorState, List, ListItem, ListItemButton, ListItemText, Loading, LockIcon, PageHeader, Paper, Snackbar,
  Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, TextInput, Typography,
  fieldErrors, useAbility
} from '@workcloud/shared-ui';
import { useEffect, useMemo, useState } from 'react';
import { useCreateRoleMutation, useDeleteRoleMutation, useRolesQuery, useSubjectsQuery, useUpdateRoleMutation, type Role, type Subjects } from '../api/adminApi';
import { matrixToRules, rulesToMatrix, type Matrix } from '../components/roleMatrix';
import { useAdminT } from '../useAdminT';

const NEW = 'new';

/** Roles on the left; the selected role's rights as a matrix (objects × actions) on the right. */
export function RolesPage() {
  const { t } = useAdminT();
  const { data: roles, error, isLoading, refetch } = useRolesQuery();
  const { data: subjects } = useSubjectsQuery();
  const [selected, setSelected] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const ability = useAbility();

  useEffect(() => {
    if (!selected && roles?.length) setSelected(roles[0].id);
  }, [roles, selected]);
  const role = roles?.find((r) => r.id === selected);

  return (
    <Box>
      <PageHeader
        title={t('roles')}
        subtitle={t('rolesSubtitle')}
        crumbs={[{ label: t('section'), path: '/m/admin' }, { label: t('roles') }]}
        actions={
          ability.can('create', 'Role') && (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setSelected(NEW)}>
              {t('newRole')}
            </Button>
          )
        }
      />
      {error && <ErrorState error={error} onRetry={refetch} />}
      {isLoading && <Loading />}
      {roles && subjects && (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: '240px minmax(0, 1fr)' }, alignItems: 'start' }}>
          <Paper variant="outlined">
            <List aria-label={t('roles')} dense>
              {roles.map((r) => (
                <ListItem key={r.id} disablePadding>
                <ListItemButton selected={r.id === selected} onClick={() => setSelected(r.id)}>
                  <ListItemText
                    primary={
                      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                        <span>{r.name}</span>
                        {r.isSystem && <Chip size="small" label={t('system')} icon={<LockIcon />} variant="outlined" />}
                      </Stack>
                    }
                    secondary={t('usersCount', { count: r.userCount })}
                  />
                </ListItemButton>
                </ListItem>
              ))}
            </List>
          </Paper>
          {selected ? (
            <RoleEditor
              key={selected}
              role={selected === NEW ? undefined : role}
              subjects={subjects}
              onSaved={(id) => {
                setSelected(id);
                setSaved(true);
              }}
              onDeleted={() => setSelected(null)}
            />
          ) : (
            <Typography color="text.secondary">{t('pickRole')}</Typography>
          )}
        </Box>
      )}
      <Snackbar open={saved} autoHideDuration={2500} onClose={() => setSaved(false)} message={t('saved')} />
    </Box>
  );
}

function RoleEditor({ role, subjects, onSaved, onDeleted }: { role?: Role; subjects: Subjects; onSaved: (id: string) => void; onDeleted: () => void }) {
  const { t, i18n } = useAdminT();
  const ability = useAbility();
  const [create, createState] = useCreateRoleMutation();
  const [update, updateState] = useUpdateRoleMutation();
  const [remove, removeState] = useDeleteRoleMutation();
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [matrix, setMatrix] = useState<Matrix>(() => rulesToMatrix(role?.rules ?? [], subjects.subjects));
  const [invalid, setInvalid] = useState<string[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const fullAccess = role?.code === 'admin' || (role?.rules ?? []).some((r) => r.subject === 'all' && r.action === 'manage');
  const readOnly = fullAccess || !(role ? ability.can('update', 'Role') : ability.can('create', 'Role'));
  const error = createState.error ?? updateState.error ?? removeState.error;
  const server = fieldErrors(error);
  const en = i18n.language === 'en';
  const actions = useMemo(() => subjects.actions, [subjects]);

  const toggle = (subject: string, action: string, on: boolean) =>
    setMatrix((m) => {
      const current = m.checked[subject] ?? [];
      return { ...m, checked: { ...m.checked, [subject]: on ? [...current, action] : current.filter((a) => a !== action) } };
    });

  const save = async () => {
    const { rules, invalid: bad } = matrixToRules(matrix);
    setInvalid(bad);
    if (bad.length) return;
    const body = { name: name.trim(), description: description.trim(), rules };
    try {
      const res = role ? await update({ id: role.id, ...body }).unwrap() : await create(body).unwrap();
      onSaved(res.id);
    } catch {
      /* shown above the form */
    }
  };

  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }} aria-label={role?.name ?? t('newRole')} role="region">
      <Stack spacing={2}>
        {error && !Object.keys(server).length && <ErrorState error={error} />}
        {fullAccess && <Alert severity="info">{t('fullAccess')}</Alert>}
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextInput label={t('roleName')} required value={name} onChange={setName} disabled={readOnly || role?.isSystem} error={server.name} />
          <TextInput label={t('description')} value={description} onChange={setDescription} disabled={readOnly} error={server.description} />
        </Stack>
        {/* The matrix scrolls sideways on narrow screens: focusable so the keyboard can scroll it too. */}
        <TableContainer tabIndex={0} role="region" aria-label={t('roles')} sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
          <Table size="small" aria-label={t('roles')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('subject')}</TableCell>
                {actions.map((a) => (
                  <TableCell key={a.action} align="center" sx={{ px: 0.5, fontSize: 13, lineHeight: 1.2 }}>
                    {en ? a.titleEn : a.title}
                  </TableCell>
                ))}
                <TableCell sx={{ minWidth: 170 }}>{t('conditions')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {subjects.subjects.map((s) => {
                const title = en ? s.titleEn : s.title;
                return (
                  <TableRow key={s.subject} hover>
                    <TableCell component="th" scope="row" sx={{ fontWeight: 500 }}>
                      {title}
                    </TableCell>
                    {actions.map((a) => {
                      const applicable = a.action === 'manage' || s.actions.includes(a.action);
                      const checked = fullAccess || (matrix.checked[s.subject] ?? []).includes(a.action);
                      return (
                        <TableCell key={a.action} align="center" padding="checkbox">
                          {applicable && (
                            <Checkbox
                              checked={checked}
                              disabled={readOnly}
                              onChange={(e) => toggle(s.subject, a.action, e.target.checked)}
                              slotProps={{ input: { 'aria-label': `${title}: ${en ? a.titleEn : a.title}` } as never }}
                            />
                          )}
                        </TableCell>
                      );
                    })}
                    <TableCell>
                      <TextField
                        size="small"
                        fullWidth
                        placeholder={t('conditionsHint')}
                        value={matrix.conditions[s.subject] ?? ''}
                        disabled={readOnly}
                        onChange={(e) => setMatrix((m) => ({ ...m, conditions: { ...m.conditions, [s.subject]: e.target.value } }))}
                        error={invalid.includes(s.subject)}
                        helperText={invalid.includes(s.subject) ? t('conditionsInvalid') : undefined}
                        slotProps={{ htmlInput: { 'aria-label': `${title}: ${t('conditions')}`, style: { fontFamily: 'monospace' } } }}
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
        {!readOnly && (
          <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
            {role && !role.isSystem && ability.can('delete', 'Role') && (
              <Button color="error" onClick={() => setConfirmDelete(true)}>
                {t('deleteRole')}
              </Button>
            )}
            <Button variant="contained" onClick={save} disabled={createState.isLoading || updateState.isLoading}>
              {t('common:save')}
            </Button>
          </Stack>
        )}
      </Stack>
      <Dialog open={confirmDelete} onClose={() => setConfirmDelete(false)}>
        <DialogTitle>{t('deleteRole')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('deleteRoleConfirm', { name: role?.name })}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmDelete(false)}>{t('common:cancel')}</Button>
          <Button
            color="error"
            variant="contained"
            onClick={async () => {
              setConfirmDelete(false);
              try {
                await remove(role!.id).unwrap();
                onDeleted();
              } catch {
                /* shown above */
              }
            }}
          >
            {t('common:delete')}
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
}
