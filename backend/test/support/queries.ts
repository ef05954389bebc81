import type { TestStack } from './stack';

/**
 * The SQL statements the stack's pool sends while `fn` runs (the outbox dispatcher's own polling
 * left out): what the query-count tests count. WORKCLOUD_SHOW_QUERIES=1 prints them.
 */
export async function queriesOf(stack: TestStack, fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (q: { sql: string }) => {
    if (/outbox_deliveries|outbox_failures/.test(q.sql)) return;
    seen.push(q.sql);
  };
  stack.db.knex.on('query', listener);
  try {
    await fn();
  } finally {
    stack.db.knex.removeListener('query', listener);
  }
  if (process.env.WORKCLOUD_SHOW_QUERIES === '1') console.log(seen.map((s, i) => `${i + 1}. ${s.slice(0, 200)}`).join('\n'));
  return seen;
}
