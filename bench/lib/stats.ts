/** Small statistics and formatting helpers for `npm run bench`. */

/** The q-quantile (0..1) of the samples, nearest-rank; NaN for none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  return {
    n: samples.length,
    p50: quantile(samples, 0.5),
    p95: quantile(samples, 0.95),
    p99: quantile(samples, 0.99),
  };
}

/** "41 / 77 / 103 ms" */
export function formatPercentiles(p: Percentiles): string {
  return `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)} ms`;
}

export function ms(value: number): string {
  if (Number.isNaN(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function ratio(value: number, base: number): string | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return undefined;
  return `${(value / base).toFixed(2)}×`;
}

export function rate(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A number from the environment, else the fallback; a clear error for garbage. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw}: must be a non-negative number`);
  return value;
}

/** A comma-separated list of positive whole numbers from the environment, e.g. BENCH_CONCURRENCY=1,4,16,64. */
export function envList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1))
    throw new Error(`${name}=${raw}: must be comma-separated positive whole numbers, e.g. 1,4,16,64`);
  return values;
}
