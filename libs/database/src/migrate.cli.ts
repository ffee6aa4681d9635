import { join } from 'node:path';
import { ensureDatabase, migrate } from './migrator';

const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/gotong';

async function main(): Promise<void> {
  await ensureDatabase(databaseUrl);
  const result = await migrate(
    databaseUrl,
    process.env.MIGRATIONS_DIR ?? join(process.cwd(), 'prisma/migrations'),
    (line) => console.log(`[db:migrate] ${line}`),
  );
  console.log(
    `[db:migrate] ${result.applied.length} applied, ${result.alreadyApplied.length} already applied (${new URL(databaseUrl).pathname.slice(1)})`,
  );
}

main().catch((error: unknown) => {
  console.error(`[db:migrate] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
