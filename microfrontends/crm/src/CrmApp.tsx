import { EngineModuleRoot, useLocationPath, type ModuleRootProps } from '@workcloud/shared-ui';
import { BoardPage } from './pages/BoardPage';
import { DealPage } from './pages/DealPage';

/** /m/crm/board (the module's home), /m/crm/deal/:id; everything else (catalogs, reports) is the engine's generic pages. */
export default function CrmApp({ basePath }: ModuleRootProps) {
  const [section, id] = useLocationPath().slice(basePath.length).split('/').filter(Boolean);
  if (section === 'deal' && id) return <DealPage key={id} basePath={basePath} id={id} />;
  if (!section || section === 'board') return <BoardPage basePath={basePath} />;
  return <EngineModuleRoot module="crm" basePath={basePath} />;
}
