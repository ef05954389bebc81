import { uuidParam } from '../http/validation';
import { Problem } from '../http/problem';

/**
 * An id taken from a URL path. Something that is not a uuid names nothing that exists, so the answer is
 * the same 404 as for a uuid nobody has: `notFound` is its Russian detail («Клиент не найден.»).
 */
export function pathId(raw: string, notFound: string): string {
  const parsed = uuidParam.safeParse(raw);
  if (!parsed.success) throw Problem.notFound(notFound);
  return parsed.data;
}
