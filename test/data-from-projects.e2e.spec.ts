import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * A figure is entered once: a joint project's form field that names an indicator feeds the one-door data
 * store when the lead accepts the contribution, and is published like a data request's figure.
 */
describe('figures from joint projects flow into the one-door data store', () => {
  let stack: Stack;
  let lead: string;
  let dinkes: string;

  beforeAll(async () => {
    stack = await startStack();
    lead = await stack.login('lead.bappeda');
    dinkes = await stack.login('staff.dinkes');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('publishes an accepted stunting figure under its indicator, traced to the project task', async () => {
    const code = `uji-data-${randomBytes(3).toString('hex')}`;
    // A real desa (Selogudig Kulon, Kecamatan Pajarakan) no other test file reports on.
    const desa = '35.13.16.2001';
    const template = await http(stack.baseUrl, lead).post('/templates', {
      code,
      name: 'Pengukuran balita (uji data)',
      description: 'Dinkes melaporkan balita stunting per desa.',
      category: 'PROGRAM',
      parameters: [],
      steps: [
        {
          key: 'pengukuran',
          title: 'Pengukuran balita di posyandu',
          instructions: 'Laporkan jumlah balita stunting per desa.',
          owner: { agency: 'DINKES' },
          form: {
            fields: [
              {
                key: 'balitaStunting',
                label: 'Balita stunting',
                type: 'integer',
                required: true,
                min: 0,
                perArea: 'desa',
                indicator: 'BALITA_STUNTING',
              },
            ],
          },
          sla: { amount: 1, unit: 'hours' },
          dependsOn: [],
        },
      ],
    });
    expect(template.status).toBe(201);
    // A field naming an indicator that does not look like one is refused with the path.
    const bad = await http(stack.baseUrl, lead).post('/templates', {
      ...template.body.definition,
      code: `${code}-x`,
      name: 'x',
      description: 'x',
      category: 'PROGRAM',
      steps: [
        {
          ...template.body.definition.steps[0],
          form: {
            fields: [{ key: 'a', label: 'A', type: 'text', required: true, indicator: 'BALITA_STUNTING' }],
          },
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain(
      'steps[0].form.fields[0].indicator: only integer and number fields report an indicator',
    );

    const started = await http(stack.baseUrl, lead).post('/projects/from-template', {
      templateCode: code,
      parameters: {},
    });
    expect(started.status).toBe(201);
    const task = await eventually(async () => {
      const project = await http(stack.baseUrl, lead).get(`/projects/${started.body.id}`);
      return project.body.steps?.[0]?.task ?? undefined;
    });
    const submitted = await http(stack.baseUrl, dinkes).post(`/tasks/${task.id}/contribution`, {
      values: { balitaStunting: { [desa]: 17 } },
    });
    expect(submitted.status).toBe(200);
    // Nothing is published before the lead verifies it.
    const before = await http(stack.baseUrl).get(`/data/published?indicator=BALITA_STUNTING&area=${desa}`);
    expect(before.body.items).toEqual([]);

    expect(
      (await http(stack.baseUrl, lead).post(`/tasks/${task.id}/review`, { decision: 'ACCEPT' })).status,
    ).toBe(200);
    const published = await http(stack.baseUrl).get(`/data/published?indicator=BALITA_STUNTING&area=${desa}`);
    expect(published.status).toBe(200);
    const year = DateTime.now().setZone('Asia/Jakarta').toFormat('yyyy');
    expect(published.body.items).toEqual([
      expect.objectContaining({
        indicator: expect.objectContaining({ code: 'BALITA_STUNTING', unit: 'anak' }),
        areaCode: desa,
        period: year,
        value: 17,
        basis: 'SINGLE',
        disputed: false,
        sources: [
          expect.objectContaining({
            agency: { code: 'DINKES', name: 'Dinas Kesehatan' },
            source: 'PROJECT',
            taskId: task.id,
            value: 17,
            submittedBy: expect.objectContaining({ name: 'Siti Aminah' }),
            verifiedBy: expect.objectContaining({ name: 'Nur Hidayati' }),
          }),
        ],
      }),
    ]);
  });
});
