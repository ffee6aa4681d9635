import type { Client } from '@temporalio/client';
import type { CpuMeter } from './cpu';

/**
 * What a scenario of `npm run bench` gets from the runner (bench/bench.ts): a running stack (a Temporal server,
 * the API, the worker and the notifier in processes of their own, a fresh PostgreSQL database, a Redis prefix).
 */
export interface BenchContext {
  /** 'dev' (the Temporal CLI's dev server) or 'production' (the real Temporal server on PostgreSQL). */
  topology: 'dev' | 'production';
  /** The API's base URL, e.g. http://127.0.0.1:3900 */
  apiUrl: string;
  /** A connection string to the bench's own database (superuser; drop/insert freely). */
  databaseUrl: string;
  /** A Temporal client with the stack's data converter (payload encryption) and namespace. */
  temporal: Client;
  taskQueue: string;
  /** The Temporal frontend (host:port) and namespace, for clients of a scenario's own (the raw baseline). */
  temporalAddress: string;
  namespace: string;
  /** A bearer token for a demo user (prisma/seed.ts DEMO_USERS username), cached. */
  token(username: string): Promise<string>;
  /**
   * Process ids per component, for CPU and RSS readings: temporal, api, worker, notifier, mail, raw-worker,
   * postgres (the bench database's backends and the server's background processes), redis.
   */
  pids(): Promise<Record<string, number[]>>;
  /** A new meter of CPU (and peak RSS) per component over a window: `await m.start()` … `await m.stop()`. */
  cpuMeter(): CpuMeter;
  /**
   * Figures scenarios hand to later ones, e.g. 'raw.update.p50' (ms) and 'raw.updates_per_s.c16', which P1
   * and P2 take their ratios against. Also written to the JSON result.
   */
  figures: Map<string, number>;
  /** Prints a progress line (stderr). */
  log(message: string): void;
}

/** One line of the bench's result table. */
export interface BenchRow {
  scenario: string; // e.g. 'P1 submit'
  figure: string; // e.g. 'p50 / p95 / p99'
  value: string; // e.g. '41 / 77 / 103 ms'
  /** Ratio to the raw-Temporal baseline or raw SQL, where the scenario has one. */
  ratio?: string;
  /** The goal for this figure and whether it is met. */
  goal?: string;
  met?: boolean;
}
