import { EngineModuleRoot, useLocationPath, type ModuleRootProps } from '@workcloud/shared-ui';
import type { Box } from './api';
import { BoxListPage } from './pages/BoxListPage';
import { DocumentPage } from './pages/DocumentPage';
import { OperatorPage } from './pages/OperatorPage';
import { SendPage } from './pages/SendPage';
import { SettingsPage } from './pages/SettingsPage';

/**
 * /m/edo/{inbox|outbox}[/:id], /m/edo/send, /m/edo/settings, /m/edo/operator; the module's home is the inbox. The module's other
 * catalogs (the supplier product mappings, files, history) keep the engine's generic pages under /m/edo/catalogs/.
 */
export default function EdoApp({ basePath }: ModuleRootProps) {
  const [section, id] = useLocationPath().slice(basePath.length).split('/').filter(Boolean);
  if (section === 'catalogs') return <EngineModuleRoot module="edo" basePath={basePath} />;
  if (section === 'send') return <SendPage basePath={basePath} />;
  if (section === 'settings') return <SettingsPage />;
  if (section === 'operator') return <OperatorPage />;
  const box: Box = section === 'outbox' ? 'outbox' : 'inbox';
  return id ? <DocumentPage key={`${box}/${id}`} basePath={basePath} box={box} id={id} /> : <BoxListPage key={box} basePath={basePath} box={box} />;
}
