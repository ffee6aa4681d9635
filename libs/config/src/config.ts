import { z } from 'zod';
import { parseDurationMs } from '../../domain/src/duration';

/** A duration such as "3 days", "90 minutes", "5s" (Temporal's `ms`-style format), kept as milliseconds. */
const duration = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const ms = parseDurationMs(value);
    if (ms !== null) return ms;
    ctx.addIssue({
      code: 'custom',
      message: 'must be a positive duration such as "3 days", "30 minutes" or "10s"',
    });
    return z.NEVER;
  });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgresql://postgres@127.0.0.1:5432/gotong'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().min(1).default('gotong:'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('gotong'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  // Blank is refused: coercing it would give Number('') === 0, i.e. silently listen on a random port.
  API_PORT: z
    .string()
    .trim()
    .min(1, 'must be a port number from 0 to 65535')
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535))
    .default(3000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (generate one with `openssl rand -hex 32`)'),
  /** Lifetime of an access token, in ms after parsing. */
  JWT_TTL: duration.default(8 * 3_600_000),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_WINDOW: duration.default(60_000),
});

export type AppConfig = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Reads and validates the environment once; throws a readable error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
