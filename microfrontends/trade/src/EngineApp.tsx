import { EngineModuleRoot, useLocationPath, type ModuleRootProps } from '@workcloud/shared-ui';
import BankStatementsPage, { BANK_STATEMENTS_PATH } from './bank/BankStatementsPage';

/** basePath is `/m/<module code>`: the same pages serve whichever module this UI is registered for; trade has its bank page too. */
export default function EngineApp({ basePath }: ModuleRootProps) {
  const module = basePath.split('/').filter(Boolean).pop()!;
  const path = useLocationPath();
  if (module === 'trade' && path.startsWith(`${basePath}/${BANK_STATEMENTS_PATH}`)) return <BankStatementsPage basePath={basePath} />;
  return <EngineModuleRoot module={module} basePath={basePath} />;
}
