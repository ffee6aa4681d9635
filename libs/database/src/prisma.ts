import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Database = PrismaClient;

/**
 * One client per process; the pg adapter keeps Prisma free of native engines. `poolSize` caps the process's
 * connections (node-postgres's default, 10, when not given).
 */
export function createPrismaClient(databaseUrl: string, poolSize?: number): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, ...(poolSize ? { max: poolSize } : {}) }),
  });
}
