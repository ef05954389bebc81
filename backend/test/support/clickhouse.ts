// The starter lives in tools/test/clickhouse.mjs: the bench (plain Node) starts the same server.
import { startClickHouse as start } from '../../../tools/test/clickhouse.mjs';

/** A ClickHouse server of the test's own: a plain process on free ports, its data in a temporary folder. */
export interface TestClickHouse {
  url: string;
  stop(): Promise<void>;
}

export const startClickHouse: () => Promise<TestClickHouse> = start;
