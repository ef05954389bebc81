/**
 * The file that called a define* function, read from the stack, so that a mistake found at start
 * says where to fix it («backend/src/modules/trade/catalogs.ts»). `depth` 3 = the caller of the
 * function that calls this one.
 */
export function callerFile(depth = 3): string {
  const line = new Error().stack?.split('\n')[depth] ?? '';
  const m = line.match(/\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?$/);
  if (!m) return 'неизвестный файл';
  const full = m[1].replace(/^file:\/\//, '');
  const i = full.search(/\/(backend|tenant-provisioner)\//);
  return i >= 0 ? full.slice(i + 1) : full;
}
