import { EngineModuleRoot, type ModuleRootProps } from '@workcloud/shared-ui';

/** basePath is `/m/<module code>`: the same pages serve whichever module this UI is registered for. */
export default function EngineApp({ basePath }: ModuleRootProps) {
  return <EngineModuleRoot module={basePath.split('/').filter(Boolean).pop()!} basePath={basePath} />;
}
