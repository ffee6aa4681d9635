/**
 * The Node flags every launcher gives the worker process: `npm start` (scripts/start.sh), docker-compose.yml's
 * `worker` service, `npm run production` (scripts/production/topology.ts) and the benchmark's stacks. The shell
 * and YAML launchers carry a copy; node-flags.spec.ts holds them to this list.
 *
 * A heap limit per V8 isolate: the main thread's (activities, Prisma, logs) and the workflow thread's sandbox.
 * Without it V8 sizes its heaps for this machine's memory and lets each grow to about three times what is live
 * before a full collection: the workflow sandbox held about 305 MB live with 1,000 cached workflows and grew to
 * 909 MB before collecting, and the worker peaked at 2.0–2.2 GB of RSS while projects started at 3–6 a second
 * (docs/benchmarks.md, P3). With the limit V8 collects sooner; the live heap stays where the workflow cache
 * (WORKER_MAX_CACHED_WORKFLOWS) puts it. Raising the cache far above its default of 1,000 needs a higher limit:
 * docs/scale-out.md.
 */
export const WORKER_HEAP_LIMIT_MB = 1024;

export const WORKER_NODE_FLAGS: readonly string[] = [`--max-old-space-size=${WORKER_HEAP_LIMIT_MB}`];
