import { EngineModuleRoot, useLocationPath, type ModuleRootProps } from '@workcloud/shared-ui';
import { ApprovePage } from './pages/ApprovePage';
import { BillPage } from './pages/BillPage';
import { BoardPage } from './pages/BoardPage';
import { CalendarPage } from './pages/CalendarPage';
import { TimelinePage } from './pages/TimelinePage';

/**
 * /m/projects/board (the module's home), /m/projects/calendar, /m/projects/timeline, /m/projects/approve, /m/projects/bill; the catalogs, documents and reports
 * keep the engine's generic pages under /m/projects/{catalogs|documents|reports}/.
 */
export default function ProjectsApp({ basePath }: ModuleRootProps) {
  const [section] = useLocationPath().slice(basePath.length).split('/').filter(Boolean);
  if (section === 'calendar') return <CalendarPage />;
  if (section === 'timeline') return <TimelinePage />;
  if (section === 'approve') return <ApprovePage />;
  if (section === 'bill') return <BillPage />;
  if (section === 'catalogs' || section === 'documents' || section === 'reports') return <EngineModuleRoot module="projects" basePath={basePath} />;
  return <BoardPage basePath={basePath} />;
}
