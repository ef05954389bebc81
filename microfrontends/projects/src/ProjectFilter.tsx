import { MenuItem, TextField } from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { projectsList, type Item } from './api';
import { useProjectsT } from './i18n';

/** The project whose tasks a page shows (all by default); remembered for the board and the calendar. */
export function useProjectFilter() {
  const [project, setProject] = useState(() => localStorage.getItem('wc.projects.project') ?? '');
  const [projects, setProjects] = useState<Item[]>([]);
  useEffect(() => void projectsList().then(setProjects, () => setProjects([])), []);
  const choose = (id: string) => {
    localStorage.setItem('wc.projects.project', id);
    setProject(id);
  };
  // A remembered project that is gone shows all.
  const current = projects.some((p) => p.id === project) ? project : '';
  return { project: current, projects, choose };
}

export function ProjectFilter({ project, projects, choose }: ReturnType<typeof useProjectFilter>) {
  const { t } = useProjectsT();
  return (
    <TextField
      select
      size="small"
      label={t('project')}
      value={project}
      onChange={(e) => choose(e.target.value)}
      slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
      sx={{ minWidth: 240, maxWidth: '100%', mb: 2 }}
    >
      <MenuItem value="">{t('allProjects')}</MenuItem>
      {projects.map((p) => (
        <MenuItem key={p.id} value={p.id}>
          {p.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
