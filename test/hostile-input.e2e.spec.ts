import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { INT4_MAX, MAX_BODY_DEPTH } from '../apps/api/src/common/hostile-input';
import type { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { INVALID_REQUEST } from '@gotong/contracts/failures';
import { projectWorkflowId } from '@gotong/contracts/project';
import { workCalendar } from '@gotong/domain/calendar';
import { DEFAULT_ESCALATION } from '@gotong/domain/template';
import { startStack, type Stack } from './support/stack';

/**
 * Hostile input over real HTTP (issue #15): what an outside probe sent that got 500s — bodies nested 5,000
 * levels deep, NUL characters and lone surrogates in bodies, queries and paths, __proto__ keys, numbers and
 * dates no column can hold — is a 400 in the app's shape naming the problem, and a token signed with another
 * algorithm than HS256 is refused even with the right secret.
 */
describe('hostile input gets a 400 at the edge, never a 500 (real API)', () => {
  let stack: Stack;
  let lead: string;
  let admin: string;

  beforeAll(async () => {
    stack = await startStack();
    lead = await stack.login('lead.bappeda');
    admin = await stack.login('admin');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** One request, its body sent as given (raw JSON text) or serialised; never waits more than 15 s. */
  async function send(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; raw?: string } = {},
  ): Promise<{ status: number; body: any }> {
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: payload,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: res.status, body: text };
    }
  }

  /** A 400 in the app's shape whose messages include one matching `pattern`. */
  function expectRefused(res: { status: number; body: any }, pattern: RegExp): void {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
  }

  const deepJson = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const DEEP = new RegExp(`^body: nested deeper than ${MAX_BODY_DEPTH} levels$`);

  describe('deep nesting', () => {
    it('a body nested 5,000 levels is a 400 on login (no token) and on project creation', async () => {
      expectRefused(await send('POST', '/auth/login', { raw: deepJson(5000) }), DEEP);
      expectRefused(await send('POST', '/projects', { token: lead, raw: deepJson(5000) }), DEEP);
      // Deep inside an otherwise valid body, in an array.
      const raw = `{"title":"Uji","agencyCodes":["DINKES"],"x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      expectRefused(await send('POST', '/projects', { token: lead, raw }), DEEP);
    });
  });

  describe('NUL characters and lone surrogates', () => {
    it('in a login body (no token): 400 naming the field, not a 500', async () => {
      expectRefused(
        await send('POST', '/auth/login', { body: { username: 'admin\u0000', password: 'x' } }),
        /^username: contains a NUL character$/,
      );
      expectRefused(
        await send('POST', '/auth/login', { body: { username: 'admin', password: 'pass\uD800' } }),
        /^password: contains a lone UTF-16 surrogate/,
      );
      // The same user with an ordinary wrong password is the usual 401.
      expect((await send('POST', '/auth/login', { body: { username: 'admin', password: 'x' } })).status).toBe(
        401,
      );
    });

    it('in a path without login: GET /data/indicators/%00 answers 400, and bytes that are not UTF-8 too', async () => {
      expectRefused(await send('GET', '/data/indicators/%00'), /^path: contains a NUL character$/);
      expectRefused(
        await send('GET', '/data/indicators/%ED%A0%80'),
        /^path: is not valid percent-encoded UTF-8$/,
      );
      // On a route that needs a login, too: refused before anything reads the database.
      expectRefused(
        await send('GET', '/templates/x%00y', { token: lead }),
        /^path: contains a NUL character$/,
      );
    });

    it('in a query, public or signed in', async () => {
      expectRefused(
        await send('GET', '/public/data/figures?indicator=%00'),
        /^indicator: contains a NUL character$/,
      );
      expectRefused(await send('GET', '/inbox?status=A%00', { token: lead }), /^status: contains a NUL/);
    });

    it('in a title, an agency list and a field name of a project body', async () => {
      const res = await send('POST', '/projects', {
        token: lead,
        body: {
          title: 'Pendataan \uDC00',
          agencyCodes: ['DINKES', 'DIN\u0000SOS'],
          sla: { amount: 1, unit: 'hours' },
        },
      });
      expectRefused(res, /^title: contains a lone UTF-16 surrogate/);
      expectRefused(res, /^agencyCodes\.1: contains a NUL character$/);
      expectRefused(
        await send('POST', '/projects', { token: lead, body: { title: 'x', ['a\u0000b']: 1 } }),
        /^body: a field name contains a NUL character$/,
      );
    });
  });

  describe('prototype keys', () => {
    it('__proto__, constructor and prototype are not fields, at the top or nested', async () => {
      expectRefused(
        await send('POST', '/projects', {
          token: lead,
          raw: '{"title":"Uji","agencyCodes":["DINKES"],"__proto__":{"isAdmin":true}}',
        }),
        /^__proto__: not a field$/,
      );
      expectRefused(
        await send('POST', '/projects', {
          token: lead,
          raw: '{"title":"Uji","agencyCodes":["DINKES"],"sla":{"amount":1,"unit":"hours","constructor":{}}}',
        }),
        /^sla\.constructor: not a field$/,
      );
      expectRefused(
        await send('POST', '/auth/login', { raw: '{"username":"admin","password":"x","prototype":1}' }),
        /^prototype: not a field$/,
      );
    });
  });

  describe('numbers beyond the columns', () => {
    it('a template version beyond int4 in the path is a 400 naming it; a real version still answers', async () => {
      const res = await send(
        'GET',
        '/templates/percepatan-penurunan-stunting/versions/99999999999999999999',
        {
          token: lead,
        },
      );
      expectRefused(res, /^version: is out of range/);
      expectRefused(
        await send('GET', '/templates/percepatan-penurunan-stunting/versions/1.5', { token: lead }),
        /^version: must be a whole number$/,
      );
      expect(
        (await send('GET', '/templates/percepatan-penurunan-stunting/versions/1', { token: lead })).status,
      ).toBe(200);
    });

    it('templateVersion 1e21 in a body is a 400 naming the field', async () => {
      const res = await send('POST', '/projects/from-template', {
        token: lead,
        raw: '{"templateCode":"percepatan-penurunan-stunting","templateVersion":1e21,"params":{}}',
      });
      expectRefused(res, new RegExp(`^templateVersion must not be greater than ${INT4_MAX}$`));
    });

    it('a resource request for 1e21 units is a 400, not a request that can never be stored', async () => {
      const bpbd = await stack.login('staff.bpbd');
      const res = await send('POST', `/incidents/${randomUUID()}/requests`, {
        token: bpbd,
        raw: '{"toAgencyCode":"DPUPR","item":"mobil tangki air bersih","quantity":1e21,"unit":"unit"}',
      });
      expectRefused(res, new RegExp(`^quantity must not be greater than ${INT4_MAX}$`));
    });

    it('a page beyond the last page anyone may ask for is a 400, not a failed query', async () => {
      expectRefused(await send('GET', '/inbox?page=1e21', { token: lead }), /^page must not be greater than/);
    });
  });

  describe('what the API accepts, a workflow can run (one set of rules, libs/domain input-rules)', () => {
    const project = (sla: unknown) => ({ title: 'Uji SLA', agencyCodes: ['DINKES'], sla });

    it('an SLA of half a working day or of 1e21 hours is a 400 naming sla.amount, and starts nothing', async () => {
      const before = await stack.db.jointProject.count();
      expectRefused(
        await send('POST', '/projects', { token: lead, body: project({ amount: 0.5, unit: 'workingDays' }) }),
        /^sla\.amount must be a whole number for workingDays$/,
      );
      expectRefused(
        await send('POST', '/projects', {
          token: lead,
          raw: JSON.stringify(project({ amount: 1, unit: 'hours' })).replace('"amount":1', '"amount":1e21'),
        }),
        /^sla\.amount must be at most 87600 for hours/,
      );
      expect(await stack.db.jointProject.count()).toBe(before);
      // Half an hour is a real SLA: the same rule lets it through.
      const ok = await send('POST', '/projects', {
        token: lead,
        body: project({ amount: 0.5, unit: 'hours' }),
      });
      expect(ok.status).toBe(201);
    });

    it('adding an OPD with half a day is a 400 before the running project is asked', async () => {
      const created = await send('POST', '/projects', {
        token: lead,
        body: project({ amount: 2, unit: 'workingDays' }),
      });
      expect(created.status).toBe(201);
      const res = await send('POST', `/projects/${created.body.id}/agencies`, {
        token: lead,
        body: { agencyCode: 'DINSOS', title: 'Data PKH', sla: { amount: 0.5, unit: 'days' } },
      });
      expectRefused(res, /^sla\.amount must be a whole number for days$/);
    });

    it('a workflow given such input anyway (another caller) fails at once without retrying, naming the problem', async () => {
      const projectId = randomUUID();
      const handle = await stack.temporal.workflow.start('jointProjectWorkflow', {
        workflowId: projectWorkflowId(projectId),
        taskQueue: stack.taskQueue,
        args: [
          {
            projectId,
            title: 'Dari pemanggil lain\u0000',
            description: null,
            lead: { userId: randomUUID(), agencyId: randomUUID(), role: 'LEAD' },
            templateId: null,
            parameters: {},
            steps: [
              {
                key: 'dinkes',
                title: 'Data',
                instructions: '',
                agencyId: randomUUID(),
                agencyCode: 'DINKES',
                form: { fields: [] },
                sla: { amount: 0.5, unit: 'workingDays' },
                dependsOn: [],
                escalation: DEFAULT_ESCALATION,
              },
            ],
            calendar: workCalendar([]),
          },
        ],
      });
      const failure = await handle.result().then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe(INVALID_REQUEST);
      expect(cause.nonRetryable).toBe(true);
      expect(cause.message).toBe(
        'the project cannot run: title: contains a NUL character; steps[0].sla.amount must be a whole number for workingDays',
      );
      // It failed in its first workflow task: no retried task, no activity, no task started.
      const history = await handle.fetchHistory();
      const failedTasks = history.events!.filter((e) => e.workflowTaskFailedEventAttributes);
      expect(failedTasks).toHaveLength(0);
      expect(history.events!.some((e) => e.activityTaskScheduledEventAttributes)).toBe(false);
      expect(
        history.events!.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity'),
      ).toBe(false);
    });
  });

  describe('impossible dates', () => {
    it('PUT /calendar/holidays/1999-02-30 is a 400 and stores nothing', async () => {
      const res = await send('PUT', '/calendar/holidays/1999-02-30', {
        token: admin,
        body: { name: 'Hari yang tidak ada', kind: 'NATIONAL_HOLIDAY' },
      });
      expectRefused(res, /^date: 1999-02-30 is not a date/);
      const stored = await stack.db.holiday.findMany({
        where: { date: { in: ['1999-02-30', '1999-03-02'] } },
      });
      expect(stored).toEqual([]);
    });

    it('?from=1999-02-30 on scorecards and ?dueBefore=1999-02-30 on the inbox are 400s naming the field', async () => {
      expectRefused(
        await send('GET', '/scorecards?from=1999-02-30', { token: lead }),
        /^from must be a real date/,
      );
      expectRefused(await send('GET', '/scorecards?to=2026-W45', { token: lead }), /^to must be a real date/);
      expectRefused(
        await send('GET', '/inbox?dueBefore=1999-02-30', { token: lead }),
        /^dueBefore must be a real date/,
      );
      // Real dates and instants still work.
      const staff = await stack.login('staff.dinkes');
      expect(
        (await send('GET', '/inbox?dueBefore=2026-03-02T00:00:00%2B07:00', { token: staff })).status,
      ).toBe(200);
      expect(
        (
          await send('GET', '/scorecards?from=2026-10-01&to=2026-11-01', {
            token: await stack.login('sekda'),
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('tokens', () => {
    it('a token signed with HS512 (the right secret, a forged alg) is 401; the same claims in HS256 are not', async () => {
      const [, payload] = lead.split('.');
      const { sub, ver } = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as {
        sub: string;
        ver: number;
      };
      const jwt = new JwtService({ secret: process.env.JWT_SECRET! });
      const forged = await jwt.signAsync(
        { sub, ver },
        { algorithm: 'HS512', expiresIn: 3600, jwtid: randomUUID() },
      );
      const control = await jwt.signAsync(
        { sub, ver },
        { algorithm: 'HS256', expiresIn: 3600, jwtid: randomUUID() },
      );
      expect((await send('GET', '/auth/me', { token: forged })).status).toBe(401);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
      expect((await send('GET', '/auth/me', { token: none })).status).toBe(401);
      expect((await send('GET', '/auth/me', { token: control })).status).toBe(200);
    });
  });

  describe('every operation with a JSON body (from the OpenAPI document)', () => {
    it('answers deep nesting, a NUL character and a __proto__ key with a 400, never a 5xx', async () => {
      const docs = await send('GET', '/docs/json');
      expect(docs.status).toBe(200);
      const operations: { method: string; path: string }[] = [];
      for (const [path, item] of Object.entries(docs.body.paths as Record<string, Record<string, any>>)) {
        for (const [method, operation] of Object.entries(item)) {
          const content = operation?.requestBody?.content as Record<string, unknown> | undefined;
          if (content && 'application/json' in content) operations.push({ method, path });
        }
      }
      // The API has about twenty operations that validate a JSON body: an empty list would prove nothing.
      expect(operations.length).toBeGreaterThanOrEqual(20);
      const probes: { name: string; raw: string; pattern: RegExp }[] = [
        { name: 'deep', raw: deepJson(5000), pattern: DEEP },
        { name: 'NUL', raw: '{"title":"a\\u0000b"}', pattern: /^title: contains a NUL character$/ },
        { name: '__proto__', raw: '{"__proto__":{"role":"ADMIN"}}', pattern: /^__proto__: not a field$/ },
      ];
      const failures: string[] = [];
      for (const { method, path } of operations) {
        // Any UUID fits the path: the refusal comes before routing reads it.
        const url = path.replace(/\{[^}]+\}/g, randomUUID());
        for (const probe of probes) {
          const res = await send(method.toUpperCase(), url, { token: admin, raw: probe.raw });
          const named =
            Array.isArray(res.body?.message) && res.body.message.some((m: string) => probe.pattern.test(m));
          if (res.status !== 400 || !named)
            failures.push(
              `${method.toUpperCase()} ${path} (${probe.name}): ${res.status} ${JSON.stringify(res.body)}`,
            );
        }
      }
      expect(failures).toEqual([]);
    });
  });
});
