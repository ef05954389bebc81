/** «2026-03-10» → «10.03.2026», as Russian documents and messages write a date. */
export function ruDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

// Today (the default date of a new document) is the tenant's: tenantToday(ctx.tenant) in ../time/clock.ts.
