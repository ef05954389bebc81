import type { Declaration } from '../platform/engine/declarations';
import { tradeDeclarations } from './trade';

/**
 * Every business module's declarations, in one list. A new module adds its folder under modules/
 * and spreads its declarations here; nothing else in the platform changes.
 */
export const moduleDeclarations: Declaration[] = [...tradeDeclarations];
