import { RESPONSIBILITY_KEYS } from '@gotong/domain/responsibility';
import { validateTemplate } from '@gotong/domain/template';
import {
  draftFromDefinition,
  emptyField,
  emptyStep,
  emptyTemplateDraft,
  graphStages,
  templateBody,
} from './template-draft';

const ctx = { agencyCodes: new Set(['DINKES', 'DPMD', 'BAPPEDA']), responsibilities: RESPONSIBILITY_KEYS };

describe('a template edited in the browser', () => {
  const draft = {
    ...emptyTemplateDraft(),
    code: 'koordinasi-posyandu',
    name: 'Koordinasi Posyandu',
    description: 'Data posyandu aktif, lalu dukungan dana desa.',
    parameters: [{ key: 'kecamatan', label: 'Kecamatan', type: 'kecamatan' as const, required: true }],
    steps: [
      {
        ...emptyStep(),
        key: 'data-posyandu',
        title: 'Data posyandu aktif',
        instructions: 'Isikan jumlah posyandu aktif per desa.',
        agency: 'DINKES',
        fields: [
          {
            ...emptyField(),
            key: 'posyanduAktif',
            label: 'Posyandu aktif',
            type: 'integer' as const,
            perArea: 'desa' as const,
            unit: 'posyandu',
            kept: { min: 0, help: 'Posyandu yang buka bulan ini.' },
          },
          {
            ...emptyField(),
            key: 'status',
            label: 'Status',
            type: 'select' as const,
            options: 'Lengkap\n\n Sebagian ',
          },
        ],
      },
      {
        ...emptyStep(),
        key: 'dana-desa',
        title: 'Dukungan dana desa',
        instructions: 'Isikan alokasi dana desa.',
        agency: 'DPMD',
        slaAmount: '3',
        dependsOn: ['data-posyandu'],
        fields: [{ ...emptyField(), key: 'alokasi', label: 'Alokasi', type: 'number' as const, unit: 'Rp' }],
      },
    ],
  };

  it('becomes a definition the domain rules accept', () => {
    const body = templateBody(draft);
    expect(validateTemplate(body, ctx)).toEqual([]);
    expect(body.steps[0]!.form.fields[1]).toEqual({
      key: 'status',
      label: 'Status',
      type: 'select',
      required: true,
      options: ['Lengkap', 'Sebagian'],
    });
    expect(body.steps[1]).toMatchObject({
      owner: { agency: 'DPMD' },
      sla: { amount: 3, unit: 'workingDays' },
    });
  });

  it('round-trips a definition for a new version, keeping what the form does not edit', () => {
    const body = templateBody(draft);
    const withPolicy = {
      ...body,
      steps: body.steps.map((s, i) =>
        i === 1
          ? {
              ...s,
              escalation: {
                levels: [
                  { level: 1 as const, timeout: { amount: 1, unit: 'workingDays' as const }, repeats: 0 },
                ],
              },
            }
          : s,
      ),
    };
    expect(templateBody(draftFromDefinition(withPolicy))).toEqual(withPolicy);
  });

  it('draws the step graph in stages by dependency', () => {
    expect(
      graphStages([
        { key: 'c', dependsOn: ['a', 'b'] },
        { key: 'a', dependsOn: [] },
        { key: 'b', dependsOn: ['a'] },
        { key: 'd', dependsOn: [] },
        { key: 'x', dependsOn: ['y'] },
        { key: 'y', dependsOn: ['x'] },
      ]),
    ).toEqual([['a', 'd'], ['b'], ['c']]);
  });
});
