import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * The monitoring half of docker-compose.yml, read as Compose would (Docker is not available here): Prometheus
 * scrapes the three apps where they listen, Grafana is provisioned with that Prometheus and a dashboard whose
 * queries name metrics the code defines. The apps' own endpoints are tested in observability.e2e.spec.ts.
 */

const ROOT = resolve(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Service {
  image?: string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] };
}

/** The compose file with merge keys resolved; `${VAR:-default}` replaced by its default. */
function services(): Record<string, Service> {
  const text = read('docker-compose.yml').replace(
    /\$\{(\w+)(?::?[-?])([^}]*)\}/g,
    (_m, _name, fallback: string) => (fallback.startsWith('set ') ? 'secret' : fallback),
  );
  return (parse(text, { merge: true }) as { services: Record<string, Service> }).services;
}

/** Where a Prometheus job scrapes: host:port targets and the metrics path. */
function scrapeJobs(): Record<string, { targets: string[]; path: string }> {
  const config = parse(read('deploy/prometheus/prometheus.yml')) as {
    scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
  };
  return Object.fromEntries(
    config.scrape_configs.map((job) => [
      job.job_name,
      { targets: job.static_configs.flatMap((c) => c.targets), path: job.metrics_path ?? '/metrics' },
    ]),
  );
}

describe('monitoring in docker-compose.yml', () => {
  it('runs Prometheus and Grafana from version-pinned official images, on loopback only, health-checked', () => {
    const all = services();
    for (const [name, repository] of [
      ['prometheus', 'prom/prometheus'],
      ['grafana', 'grafana/grafana'],
    ] as const) {
      const svc = all[name]!;
      const [image, tag] = (svc.image ?? '').split(':');
      expect(image).toBe(repository);
      expect(tag).toMatch(/^v?\d+\.\d+\.\d+$/);
      for (const port of svc.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
      expect(svc.healthcheck?.test?.join(' ')).toMatch(/http:\/\/127\.0\.0\.1:\d+\//);
      // Every file mounted from the repository exists.
      for (const volume of svc.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(join(ROOT, source))).toBe(true);
      }
    }
  });

  it('scrapes the API, the worker and the notifier on the ports they listen on in the compose file', () => {
    const all = services();
    const jobs = scrapeJobs();
    expect(Object.keys(jobs).sort()).toEqual(['api', 'notifier', 'worker']);
    const api = all.api!.environment!;
    const notifier = all.notifier!.environment!;
    const worker = all.worker!.environment!;
    expect(jobs.api!.targets).toEqual([`api:${api.API_PORT}`]);
    expect(jobs.notifier!.targets).toEqual([`notifier:${notifier.NOTIFIER_PORT}`]);
    // The worker's metrics listen on the container's network, at the port Prometheus scrapes.
    expect(worker.WORKER_METRICS_ADDRESS).toMatch(/^0\.0\.0\.0:\d+$/);
    expect(jobs.worker!.targets).toEqual([`worker:${String(worker.WORKER_METRICS_ADDRESS).split(':')[1]}`]);
    for (const job of Object.values(jobs)) expect(job.path).toBe('/metrics');
    // The apps' metrics ports other than the API's are not published.
    expect(all.worker!.ports).toBeUndefined();
    expect(all.notifier!.ports).toBeUndefined();
  });

  it("provisions Grafana with Prometheus as the dashboard's data source", () => {
    const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { uid: string; type: string; url: string }[];
    };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({ uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
    const providers = parse(read('deploy/grafana/provisioning/dashboards/gotong.yml')) as {
      providers: { options: { path: string } }[];
    };
    const mount = services().grafana!.volumes!.find((v) => v.startsWith('./deploy/grafana/dashboards:'));
    expect(mount?.split(':')[1]).toBe(providers.providers[0]!.options.path);
  });

  it('has one dashboard with throughput, p95 latency by route, overdue tasks by OPD and outbox lag, on metrics the code defines', () => {
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/gotong.json')) as {
      panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
    };
    const titles = dashboard.panels.map((p) => p.title.toLowerCase());
    for (const wanted of [/throughput/, /p95 latency by route/, /overdue tasks by opd/, /outbox lag/])
      expect(titles.some((t) => wanted.test(t))).toBe(true);
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe('prometheus');
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.join('\n')).toMatch(/histogram_quantile\(0\.95, sum by \(le, route\)/);
    // Every gotong_* series a panel reads is one the apps define (by base name, without the histogram suffixes).
    const sources = [
      'libs/observability/src/metrics.ts',
      'apps/notifier/src/metrics.ts',
      'apps/worker/src/activity-observability.ts',
    ]
      .map(read)
      .join('\n');
    const used = new Set(
      exprs.flatMap((e) =>
        [
          ...e.matchAll(/\b(?:temporal_)?(gotong_[a-z_]+?)(?:_total|_seconds)?(?:_bucket|_count|_sum)?\b/g),
        ].map((m) => m[1]!),
      ),
    );
    expect(used.size).toBeGreaterThan(5);
    for (const name of used)
      expect({ name, defined: sources.includes(`'${name}`) }).toEqual({ name, defined: true });
  });
});
