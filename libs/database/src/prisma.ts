import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Database = PrismaClient;

/**
 * How long an interactive transaction may wait to start (a connection from the pool, BEGIN) and run, unless a
 * call says otherwise. Prisma's defaults (2 s, 5 s) answered a 500 ("Unable to start a transaction in the
 * given time", P2028) to a template save and failed a test in CI on this 2-core machine under load: a user is
 * better served by a request that waits than by one that fails. The run limit stays well inside the
 * projection activities' 30 s start-to-close timeout, so a retry never overlaps a transaction still running.
 */
export const TRANSACTION_DEFAULTS = { maxWait: 10_000, timeout: 15_000 } as const;

/**
 * One client per process; the pg adapter keeps Prisma free of native engines. `poolSize` caps the process's
 * connections (node-postgres's default, 10, when not given).
 */
export function createPrismaClient(databaseUrl: string, poolSize?: number): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, ...(poolSize ? { max: poolSize } : {}) }),
    transactionOptions: TRANSACTION_DEFAULTS,
  });
}
