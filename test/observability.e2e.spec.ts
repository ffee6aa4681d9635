import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createPrismaClient, type Database } from '@gotong/database/prisma';
import { createLogger } from '@gotong/observability/logging';
import { installTemporalRuntime } from '@gotong/observability/temporal-runtime';
import { initTracing, temporalClientInterceptors, type Tracing } from '@gotong/observability/tracing';
import { createApiApp } from '../apps/api/src/app.factory';
import { createNotifierApp } from '../apps/notifier/src/notifier.factory';
import { createGotongWorker } from '../apps/worker/src/temporal-worker';
import { isolateTestFile } from './support/database';
import { freePort } from './support/notifier';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import { workCalendar } from '@gotong/domain/calendar';
import { TRACING_FOLLOWS_THE_CALLER } from '@gotong/observability/workflow-interceptors';
import { recordHistory } from './support/histories';
import { eventually, http, testDataConverter } from './support/stack';
import { projectWorkflowIdOf, taskWorkflowIdOf } from './support/workflow-ids';

/** JSON log lines written to it, parsed (a pino destination). */
class LogLines {
  readonly lines: Record<string, any>[] = [];
  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line.trim()) this.lines.push(JSON.parse(line));
  }
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus's text format, one sample per series line. */
function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
        labels[key!] = value!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parseMetrics(await res.text());
}

const find = (samples: Sample[], name: string, labels: Record<string, string | RegExp> = {}) =>
  samples.filter(
    (s) =>
      s.name === name &&
      Object.entries(labels).every(([k, v]) =>
        typeof v === 'string' ? s.labels[k] === v : v.test(s.labels[k] ?? ''),
      ),
  );

/**
 * What an operator sees of one contribution (issue #16): the API, the worker and the notifier each expose
 * their named Prometheus series, the contribution is one trace from the HTTP request through the Temporal
 * client, the workflow's update handler and the activity it runs, and the log lines carry the request id, the
 * user's OPD and, in the worker, the workflow and activity.
 */
describe('observability: metrics, traces and logs of one contribution (real API, worker, notifier)', () => {
  const spans = new InMemorySpanExporter();
  const apiLogs = new LogLines();
  const workerLogs = new LogLines();
  let tracing: Tracing;
  let db: Database;
  let api: INestApplication;
  let notifier: INestApplication;
  let apiUrl: string;
  let notifierUrl: string;
  let workerMetricsUrl: string;
  let worker: Worker;
  let running: Promise<void>;
  let connections: { close(): Promise<void> }[] = [];
  let taskQueue: string;
  /** A client without tracing interceptors: what a caller that does not trace starts carries no context. */
  let plainClient: Client;

  beforeAll(async () => {
    await isolateTestFile('observability');
    taskQueue = `gotong-test-obs-${randomBytes(4).toString('hex')}`;
    process.env.TEMPORAL_TASK_QUEUE = taskQueue;
    process.env.LOG_LEVEL = 'info';
    // The worker process's Runtime, as apps/worker/src/main.ts installs it: pino logger, Prometheus endpoint.
    // (test/setup installed a plain one for every test file; it is replaced before any connection exists.)
    await Runtime.instance().shutdown();
    const metricsPort = await freePort();
    workerMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    installTemporalRuntime({
      logger: createLogger('worker', 'debug', workerLogs),
      level: 'warn',
      metricsAddress: `127.0.0.1:${metricsPort}`,
    });
    tracing = initTracing({ serviceName: 'gotong-test', processors: [new SimpleSpanProcessor(spans)] })!;

    db = createPrismaClient(process.env.DATABASE_URL!);
    const native = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const clientConnection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    connections = [native, clientConnection];
    plainClient = new Client({
      connection: clientConnection,
      namespace: 'default',
      dataConverter: testDataConverter(),
    });
    worker = await createGotongWorker({
      connection: native,
      namespace: 'default',
      taskQueue,
      db,
      dataConverter: testDataConverter(),
      client: new Client({
        connection: clientConnection,
        namespace: 'default',
        dataConverter: testDataConverter(),
        interceptors: temporalClientInterceptors(),
      }),
      workflowBundlePath: process.env.WORKFLOW_BUNDLE,
      tracing,
      logActivityCompletions: true,
    });
    running = worker.run();

    api = await createApiApp({ logDestination: apiLogs });
    await api.listen(0, '127.0.0.1');
    apiUrl = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    notifier = await createNotifierApp({ logger: ['error'] });
    await notifier.listen(0, '127.0.0.1');
    notifierUrl = (await notifier.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await api?.close();
    await notifier?.close();
    worker?.shutdown();
    await running;
    for (const connection of connections) await connection.close();
    await db?.$disconnect();
    await tracing?.shutdown();
    delete process.env.LOG_LEVEL;
  });

  async function login(username: string): Promise<string> {
    const res = await http(apiUrl).post('/auth/login', {
      username,
      password: process.env.GOTONG_TEST_PASSWORD,
    });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  /** A two-OPD project; DINKES submits its contribution with the given request id. */
  async function contribute(requestId: string) {
    const lead = await login('lead.bappeda');
    const dinkes = await login('staff.dinkes');
    const started = await http(apiUrl, lead).post('/projects', {
      title: 'Pendataan balita stunting Kecamatan Tiris',
      agencyCodes: ['DINKES', 'DINSOS'],
      instructions: 'Kirim rekap per desa.',
      sla: { amount: 1, unit: 'hours' },
    });
    expect(started.status).toBe(201);
    const projectId = started.body.id as string;
    const task = await eventually(async () => {
      const inbox = await http(apiUrl, dinkes).get(`/inbox?status=ASSIGNED&projectId=${projectId}`);
      return inbox.body?.items?.find((t: any) => t.project.id === projectId) as { id: string } | undefined;
    });
    const res = await fetch(`${apiUrl}/tasks/${task.id}/contribution`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${dinkes}`,
        'content-type': 'application/json',
        'x-request-id': requestId,
      },
      body: JSON.stringify({ values: { summary: 'Rekap 12 desa terlampir.' } }),
    });
    expect(res.status).toBeLessThan(300);
    return { projectId, taskId: task.id, response: res };
  }

  it('follows one contribution from the HTTP request to the activity, in metrics, one trace and the logs', async () => {
    const requestId = `obs-${randomBytes(6).toString('hex')}`;
    const { projectId, taskId, response } = await contribute(requestId);

    // The request id comes back; one is made up when the caller sends none (or an implausible one).
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const anonymous = await fetch(`${apiUrl}/health/live`, {
      headers: { 'x-request-id': 'no spaces allowed' },
    });
    expect(anonymous.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    // The trace: HTTP request → Temporal client update → the workflow's update handler → an activity it runs.
    const trace = await eventually(() => {
      const finished = spans.getFinishedSpans();
      const server = finished.find(
        (s) => s.name === 'POST /tasks/:id/contribution' && s.attributes['gotong.request_id'] === requestId,
      );
      if (!server) return undefined;
      const inTrace = finished.filter((s) => s.spanContext().traceId === server.spanContext().traceId);
      const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
      const ancestors = (span: ReadableSpan): ReadableSpan[] => {
        const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
        return parent ? [parent, ...ancestors(parent)] : [];
      };
      const client = inTrace.find(
        (s) => s.name.startsWith('StartWorkflowUpdate') && s.parentSpanId === server.spanContext().spanId,
      );
      const handler = inTrace.find(
        (s) => s.name.startsWith('HandleUpdate') && client && s.parentSpanId === client.spanContext().spanId,
      );
      const activity = inTrace.find(
        (s) => s.name.startsWith('RunActivity') && handler && ancestors(s).includes(handler),
      );
      return server && client && handler && activity ? { server, client, handler, activity } : undefined;
    });
    expect(trace.server.attributes).toMatchObject({
      'http.route': '/tasks/:id/contribution',
      'gotong.opd': 'DINKES',
      'enduser.role': 'STAFF',
    });
    expect(trace.activity.attributes['temporalWorkflowId']).toBe(
      trace.handler.attributes['temporalWorkflowId'] ?? trace.activity.attributes['temporalWorkflowId'],
    );
    const traceId = trace.server.spanContext().traceId;

    // The API's log line for the request carries its id and who made it.
    const line = await eventually(() =>
      apiLogs.lines.find(
        (l) => l.requestId === requestId && /^POST \/tasks\/:id\/contribution 2\d\d$/.test(l.msg),
      ),
    );
    expect(line).toMatchObject({
      service: 'api',
      level: 'info',
      opd: 'DINKES',
      role: 'STAFF',
      username: 'staff.dinkes',
    });
    expect(line.userId).toEqual(expect.any(String));
    expect(JSON.stringify(apiLogs.lines)).not.toMatch(/Bearer /);

    // The worker's line for that activity names the workflow, the activity and the trace.
    const activityType = trace.activity.name.split(':')[1];
    const activityLine = await eventually(() =>
      workerLogs.lines.find(
        (l) => l.msg === 'activity completed' && l.trace_id === traceId && l.activityType === activityType,
      ),
    );
    expect(activityLine).toMatchObject({
      service: 'worker',
      workflowId: expect.any(String),
      workflowType: expect.any(String),
    });

    // Metrics. The API: the latency histogram by route pattern (never the raw URL), and Node's own.
    const apiMetrics = await scrape(`${apiUrl}/metrics`);
    const contributions = find(apiMetrics, 'gotong_http_request_duration_seconds_count', {
      method: 'POST',
      route: '/tasks/:id/contribution',
      status: /^2\d\d$/,
    });
    expect(contributions.reduce((sum, s) => sum + s.value, 0)).toBeGreaterThanOrEqual(1);
    expect(apiMetrics.some((s) => s.labels.route?.includes(taskId))).toBe(false);
    expect(find(apiMetrics, 'process_cpu_seconds_total', { app: 'api' })).toHaveLength(1);

    // The worker: the SDK's own series and the activity outcomes, on one endpoint.
    const workerMetrics = await eventually(async () => {
      const samples = await scrape(workerMetricsUrl);
      const completed = find(samples, 'gotong_activity_executions_total', {
        activity_type: activityType!,
        outcome: 'completed',
      });
      return completed.some((s) => s.value > 0) ? samples : undefined;
    });
    expect(
      find(workerMetrics, 'gotong_activity_duration_seconds_count', { activity_type: activityType! }).length,
    ).toBeGreaterThan(0);
    expect(
      find(workerMetrics, 'temporal_workflow_task_execution_latency_count').some((s) => s.value > 0),
    ).toBe(true);

    // The notifier: outbox lag, queue depth, dead letters, overdue tasks by OPD. DINSOS's task is made overdue.
    await db.task.updateMany({
      where: { projectId, agency: { code: 'DINSOS' } },
      data: { dueAt: new Date(Date.now() - 60_000) },
    });
    const notifierMetrics = await scrape(`${notifierUrl}/metrics`);
    expect(find(notifierMetrics, 'gotong_tasks_overdue', { opd: 'DINSOS' })[0]?.value).toBeGreaterThanOrEqual(
      1,
    );
    expect(find(notifierMetrics, 'gotong_tasks_overdue', { opd: 'DINKES' })[0]?.value).toBe(0);
    expect(find(notifierMetrics, 'gotong_outbox_lag_seconds')).toHaveLength(1);
    expect(find(notifierMetrics, 'gotong_outbox_pending')).toHaveLength(1);
    expect(find(notifierMetrics, 'gotong_notification_deliveries_dead', { channel: 'EMAIL' })).toHaveLength(
      1,
    );
    expect(
      find(notifierMetrics, 'gotong_notify_queue_jobs', { queue: 'notify-events', state: 'wait' }),
    ).toHaveLength(1);
    expect(find(notifierMetrics, 'process_resident_memory_bytes', { app: 'notifier' })).toHaveLength(1);
  });
  /** The patch markers a workflow's history holds. */
  async function patchesOf(workflowId: string): Promise<string[]> {
    const history = await plainClient.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? [])
      .filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')
      .map((event) => {
        const data = event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
        return (JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { id: string }).id;
      });
  }

  /** Spans the workflow code made for a workflow (its run, its update handlers, what it scheduled). */
  const workflowSpansOf = (workflowId: string) =>
    spans
      .getFinishedSpans()
      .filter(
        (s) =>
          (s.attributes['workflowId'] ?? s.attributes['temporalWorkflowId']) === workflowId &&
          /^(RunWorkflow|HandleUpdate|HandleSignal|StartActivity|StartChildWorkflowExecution)/.test(s.name),
      );

  it('traces a run only when its caller traced the start, and then the whole tree of it', async () => {
    const lead = await login('lead.bappeda');
    const dinkes = await login('staff.dinkes');
    /** DINKES submits and the lead accepts, through the (traced) API; the one-step project then completes. */
    const completeStep = async (projectId: string) => {
      const task = await eventually(async () => {
        const inbox = await http(apiUrl, dinkes).get(`/inbox?status=ASSIGNED&projectId=${projectId}`);
        return inbox.body?.items?.find((t: any) => t.project.id === projectId) as { id: string } | undefined;
      });
      const values = { summary: 'Rekap 12 desa terlampir.' };
      expect((await http(apiUrl, dinkes).post(`/tasks/${task.id}/contribution`, { values })).status).toBe(
        200,
      );
      expect((await http(apiUrl, lead).post(`/tasks/${task.id}/review`, { decision: 'ACCEPT' })).status).toBe(
        200,
      );
      const project = plainClient.workflow.getHandle(await projectWorkflowIdOf(db, projectId));
      await project.result();
      return { project, task: plainClient.workflow.getHandle(await taskWorkflowIdOf(db, task.id)) };
    };

    // Started through the API, which traces: the project and its task are traced, updates included.
    const started = await http(apiUrl, lead).post('/projects', {
      title: 'Rekap posyandu Kecamatan Sumber',
      agencyCodes: ['DINKES'],
      instructions: 'Kirim rekap per desa.',
      sla: { amount: 1, unit: 'hours' },
    });
    expect(started.status).toBe(201);
    const traced = await completeStep(started.body.id as string);
    await eventually(() =>
      workflowSpansOf(traced.task.workflowId).some((s) => s.name.startsWith('HandleUpdate')),
    );
    expect(workflowSpansOf(traced.project.workflowId).some((s) => s.name.startsWith('RunWorkflow'))).toBe(
      true,
    );
    expect(await patchesOf(traced.task.workflowId)).toContain(TRACING_FOLLOWS_THE_CALLER);

    // Started by a caller that does not trace: no workflow spans, although the same traced API sends its updates.
    const [dinkesId, leadUser] = await Promise.all([
      db.agency.findUniqueOrThrow({ where: { code: 'DINKES' }, select: { id: true } }),
      db.user.findUniqueOrThrow({
        where: { username: 'lead.bappeda' },
        select: { id: true, agencyId: true, role: true },
      }),
    ]);
    const projectId = randomUUID();
    const input: ProjectInput = {
      projectId,
      title: 'Rekap posyandu Kecamatan Tiris',
      description: null,
      lead: { userId: leadUser.id, agencyId: leadUser.agencyId, role: leadUser.role },
      templateId: null,
      parameters: {},
      steps: [
        {
          key: 'rekap',
          title: 'Rekap posyandu',
          instructions: 'Kirim rekap per desa.',
          agencyId: dinkesId.id,
          agencyCode: 'DINKES',
          form: { fields: [{ key: 'summary', label: 'Ringkasan', type: 'text', required: true }] },
          sla: { amount: 1, unit: 'hours' },
          dependsOn: [],
          escalation: { levels: [{ level: 1, timeout: { amount: 1, unit: 'hours' }, repeats: 0 }] },
        },
      ],
      calendar: workCalendar([], 'ALWAYS'),
    };
    await plainClient.workflow.start('jointProjectWorkflow', {
      workflowId: projectWorkflowId(projectId),
      taskQueue,
      args: [input],
    });
    const untraced = await completeStep(projectId);
    expect(await patchesOf(untraced.task.workflowId)).toContain(TRACING_FOLLOWS_THE_CALLER);
    expect(await patchesOf(untraced.project.workflowId)).toContain(TRACING_FOLLOWS_THE_CALLER);
    // The traced run's spans are exported by now (the sink exports each span as it ends); none of this one's.
    expect(workflowSpansOf(untraced.project.workflowId)).toEqual([]);
    expect(workflowSpansOf(untraced.task.workflowId)).toEqual([]);

    await recordHistory(traced.task, 'agencyTaskWorkflow-v4-traced-follows-the-caller');
    await recordHistory(untraced.task, 'agencyTaskWorkflow-v4-untraced-follows-the-caller');
    await recordHistory(untraced.project, 'jointProjectWorkflow-v4-untraced-follows-the-caller');
  });
});
