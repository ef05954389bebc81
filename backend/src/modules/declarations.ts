import type { SubjectInfo } from '../platform/access/subjects';
import type { Declaration } from '../platform/engine/declarations';
import { tradeDeclarations, tradeSubjects } from './trade';

/**
 * Every business module's declarations, in one list. A new module adds its folder under modules/
 * and spreads its declarations here; nothing else in the platform changes.
 */
export const moduleDeclarations: Declaration[] = [...tradeDeclarations];

/** Permission subjects of the modules' own routes (beyond the one per declaration the engine derives). */
export const moduleSubjects: SubjectInfo[] = [...tradeSubjects];
