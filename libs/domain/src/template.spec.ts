import { stepLadder, stepReview } from './escalation-ladder';
import { KECAMATAN, OPD, kecamatanAgencyCode } from '../../../prisma/data/probolinggo';
import { SEED_TEMPLATES } from '../../../prisma/data/templates';
import { RESPONSIBILITY_KEYS, resolveOwner } from './responsibility';
import {
  DEFAULT_ESCALATION,
  DEFAULT_REVIEW,
  type TemplateContext,
  type TemplateDefinition,
  type TemplateStep,
  readySteps,
  topologicalOrder,
  validateTemplate,
} from './template';

const CTX: TemplateContext = {
  agencyCodes: new Set([...OPD.map((o) => o.code), ...KECAMATAN.map((k) => kecamatanAgencyCode(k.name))]),
  responsibilities: RESPONSIBILITY_KEYS,
};

const KECAMATAN_AGENCY: Record<string, string> = Object.fromEntries(
  KECAMATAN.map((k) => [k.code, kecamatanAgencyCode(k.name)]),
);

function step(key: string, dependsOn: string[] = [], extra: Record<string, unknown> = {}): TemplateStep {
  return {
    key,
    title: `Langkah ${key}`,
    instructions: `Kerjakan ${key}.`,
    owner: { agency: 'DINKES' },
    form: { fields: [{ key: 'jumlah', label: 'Jumlah', type: 'integer', required: true }] },
    sla: { amount: 3, unit: 'workingDays' },
    dependsOn,
    ...extra,
  };
}

function template(steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: 'uji-coba',
    name: 'Uji coba',
    description: 'Template untuk pengujian',
    category: 'PROGRAM',
    parameters: [{ key: 'kecamatan', label: 'Kecamatan', type: 'kecamatan', required: true }],
    steps,
    ...extra,
  };
}

/**
 * A DAG with parallel branches and a join:
 *   verifikasi → { survei, lalu-lintas };  survei → anggaran;  { anggaran, lalu-lintas } → perbaikan → publikasi
 */
const DAG: TemplateStep[] = [
  step('verifikasi'),
  step('survei', ['verifikasi']),
  step('lalu-lintas', ['verifikasi']),
  step('anggaran', ['survei']),
  step('perbaikan', ['anggaran', 'lalu-lintas']),
  step('publikasi', ['perbaikan']),
];

describe('validateTemplate', () => {
  it('accepts a valid template', () => {
    expect(validateTemplate(template(DAG), CTX)).toEqual([]);
  });

  it('refuses something that is not a template', () => {
    expect(validateTemplate(null, CTX)).toEqual(['template: must be an object']);
    expect(validateTemplate([DAG], CTX)).toEqual(['template: must be an object']);
  });

  it('checks code, name, description and category', () => {
    expect(
      validateTemplate(
        template(DAG, { code: 'Uji Coba', name: '  ', description: 5, category: 'OTHER' }),
        CTX,
      ),
    ).toEqual([
      'code: must match /^[a-z0-9-]+$/',
      'name: is required',
      'description: must be a string',
      'category: must be one of PROGRAM, INFRASTRUCTURE, DATA, EMERGENCY, PLANNING',
    ]);
  });

  it('checks parameters', () => {
    expect(validateTemplate(template(DAG, { parameters: 'kecamatan' }), CTX)).toEqual([
      'parameters: must be an array',
    ]);
    const parameters = [
      { key: 'kecamatan', label: 'Kecamatan', type: 'kecamatan', required: true },
      { key: 'kecamatan', label: 'Kecamatan lagi', type: 'kecamatan', required: true },
      { key: 'Tahun', label: '', type: 'year', required: 'ya' },
      'desa',
    ];
    expect(validateTemplate(template(DAG, { parameters }), CTX)).toEqual([
      'parameters[1].key: duplicate parameter "kecamatan"',
      'parameters[2].key: must match /^[a-z][a-zA-Z0-9_]*$/',
      'parameters[2].label: is required',
      'parameters[2].type: must be one of kecamatan, desa, date, text',
      'parameters[2].required: must be true or false',
      'parameters[3]: must be an object',
    ]);
  });

  it('needs a non-empty array of steps', () => {
    expect(validateTemplate(template([]), CTX)).toEqual(['steps: must have at least one step']);
    expect(validateTemplate(template([], { steps: undefined }), CTX)).toEqual(['steps: must be an array']);
  });

  it('checks step keys: pattern and duplicates', () => {
    expect(
      validateTemplate(template([step('rekap'), step('Rekap Data'), step('rekap'), 'verifikasi']), CTX),
    ).toEqual([
      'steps[1].key: must match /^[a-z][a-z0-9-]*$/',
      'steps[2].key: duplicate step "rekap"',
      'steps[3]: must be an object',
    ]);
  });

  it('refuses a property a template does not have, as the API refuses unknown fields everywhere', () => {
    expect(validateTemplate({ ...template([step('rekap')]), owner: 'DINKES' }, CTX)).toEqual([
      'template: unknown property "owner"',
    ]);
  });

  it('checks title, instructions and unknown step properties', () => {
    expect(
      validateTemplate(
        template([step('rekap', [], { title: '', instructions: undefined, depends: ['x'] })]),
        CTX,
      ),
    ).toEqual([
      'steps[0]: unknown property "depends"',
      'steps[0].title: is required',
      'steps[0].instructions: is required',
    ]);
  });

  describe('owner', () => {
    it('refers to a known OPD', () => {
      expect(validateTemplate(template([step('data', [], { owner: { agency: 'DINKESS' } })]), CTX)).toEqual([
        'steps[0].owner: unknown OPD "DINKESS"',
      ]);
    });

    it('accepts kecamatan offices as OPDs', () => {
      expect(validateTemplate(template([step('data', [], { owner: { agency: 'KEC-TIRIS' } })]), CTX)).toEqual(
        [],
      );
    });

    it('refers to a known responsibility', () => {
      const steps = [step('a'), step('b'), step('c'), step('d', [], { owner: { responsibility: 'x' } })];
      expect(validateTemplate(template(steps), CTX)).toEqual(['steps[3].owner: unknown responsibility "x"']);
    });

    it.each<[string, unknown]>([
      ['both keys', { agency: 'DINKES', responsibility: 'anggaran' }],
      ['no key', {}],
      ['another key', { opd: 'DINKES' }],
      ['an empty agency', { agency: '' }],
      ['a non-string responsibility', { responsibility: 7 }],
      ['a string', 'DINKES'],
    ])('refuses %s', (_name, owner) => {
      expect(validateTemplate(template([step('data', [], { owner })]), CTX)).toEqual([
        'steps[0].owner: must be { agency } or { responsibility }',
      ]);
    });

    it('needs a required kecamatan parameter for kecamatan-lokasi', () => {
      const steps = [step('verifikasi', [], { owner: { responsibility: 'kecamatan-lokasi' } })];
      expect(validateTemplate(template(steps), CTX)).toEqual([]);
      const problem =
        'steps[0].owner: responsibility "kecamatan-lokasi" needs a required parameter "kecamatan" of type kecamatan';
      expect(validateTemplate(template(steps, { parameters: [] }), CTX)).toEqual([problem]);
      const optional = [{ key: 'kecamatan', label: 'Kecamatan', type: 'kecamatan', required: false }];
      expect(validateTemplate(template(steps, { parameters: optional }), CTX)).toEqual([problem]);
      const wrongType = [{ key: 'kecamatan', label: 'Kecamatan', type: 'text', required: true }];
      expect(validateTemplate(template(steps, { parameters: wrongType }), CTX)).toEqual([problem]);
    });
  });

  it('checks the form', () => {
    expect(validateTemplate(template([step('a'), step('b', [], { form: { fields: [] } })]), CTX)).toEqual([
      'steps[1].form: must have at least one field',
    ]);
    const form = { fields: [{ key: 'pilihan', label: 'Pilihan', type: 'select', required: true }] };
    expect(validateTemplate(template([step('a', [], { form })]), CTX)).toEqual([
      'steps[0].form.fields[0].options: a select field needs at least one option',
    ]);
  });

  it.each<[unknown, string]>([
    [{ amount: 0, unit: 'workingDays' }, 'steps[0].sla: amount must be greater than 0'],
    [
      { amount: 2, unit: 'weeks' },
      'steps[0].sla: unit must be one of seconds, minutes, hours, days, workingHours, workingDays',
    ],
    [{ amount: 1.5, unit: 'workingDays' }, 'steps[0].sla: amount must be a whole number for workingDays'],
    ['3 days', 'steps[0].sla: must be an object { amount, unit }'],
  ])('checks the SLA %p (validateSla)', (sla, problem) => {
    expect(validateTemplate(template([step('a', [], { sla })]), CTX)).toEqual([problem]);
  });

  describe('dependsOn', () => {
    it('refers to known steps, including ones declared later', () => {
      expect(validateTemplate(template([step('rekap', ['data']), step('data')]), CTX)).toEqual([]);
      const steps = [step('data'), step('verifikasi', ['data']), step('rekap', ['verifikasi', 'anggaran'])];
      expect(validateTemplate(template(steps), CTX)).toEqual(['steps[2].dependsOn: unknown step "anggaran"']);
    });

    it('may not name the step itself', () => {
      expect(validateTemplate(template([step('data', ['data'])]), CTX)).toEqual([
        'steps[0].dependsOn: a step may not depend on itself',
      ]);
    });

    it('may not name a step twice', () => {
      expect(validateTemplate(template([step('data'), step('rekap', ['data', 'data'])]), CTX)).toEqual([
        'steps[1].dependsOn: duplicate dependency "data"',
      ]);
    });

    it('must be an array of keys', () => {
      expect(
        validateTemplate(template([step('data', 'awal' as never), step('rekap', [1] as never)]), CTX),
      ).toEqual([
        'steps[0].dependsOn: must be an array of step keys',
        'steps[1].dependsOn: must be an array of step keys',
      ]);
    });

    it('may not form a cycle', () => {
      const steps = [step('data'), step('verifikasi', ['data', 'rekap']), step('rekap', ['verifikasi'])];
      expect(validateTemplate(template(steps), CTX)).toEqual([
        'steps: dependency cycle verifikasi → rekap → verifikasi',
      ]);
    });

    it('names a longer cycle once, from its first declared step, following dependsOn', () => {
      const steps = [
        step('publikasi', ['rekap']),
        step('rekap', ['verifikasi']),
        step('verifikasi', ['data']),
        step('data', ['rekap']),
      ];
      expect(validateTemplate(template(steps), CTX)).toEqual([
        'steps: dependency cycle rekap → verifikasi → data → rekap',
      ]);
    });

    it('reports separate cycles separately', () => {
      const steps = [
        step('a', ['b']),
        step('b', ['a']),
        step('c', ['d']),
        step('d', ['c']),
        step('e', ['a', 'c']),
      ];
      expect(validateTemplate(template(steps), CTX)).toEqual([
        'steps: dependency cycle a → b → a',
        'steps: dependency cycle c → d → c',
      ]);
    });
  });

  describe('escalation', () => {
    it('accepts a custom ladder, also one that starts above level 1', () => {
      const escalation = {
        levels: [
          { level: 2, timeout: { amount: 30, unit: 'minutes' }, repeats: 5 },
          { level: 3, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
        ],
      };
      expect(validateTemplate(template([step('a', [], { escalation })]), CTX)).toEqual([]);
    });

    it.each<[unknown, string[]]>([
      [{}, ['steps[0].escalation: must be an object with levels']],
      [[], ['steps[0].escalation: must be an object with levels']],
      [{ levels: [] }, ['steps[0].escalation.levels: must have at least one level']],
      [{ levels: ['Sekda'] }, ['steps[0].escalation.levels[0]: must be an object']],
      [
        { levels: [{ level: 4, timeout: { amount: 1, unit: 'hours' }, repeats: 0 }] },
        ['steps[0].escalation.levels[0].level: must be 1, 2 or 3'],
      ],
      [
        {
          levels: [
            { level: 2, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
            { level: 1, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
          ],
        },
        ['steps[0].escalation.levels[1].level: levels must be strictly increasing (1 after 2)'],
      ],
      [
        {
          levels: [
            { level: 1, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
            { level: 1, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
          ],
        },
        ['steps[0].escalation.levels[1].level: levels must be strictly increasing (1 after 1)'],
      ],
      [
        { levels: [{ level: 1, timeout: { amount: -5, unit: 'minutes' }, repeats: 0 }] },
        ['steps[0].escalation.levels[0].timeout: amount must be greater than 0'],
      ],
      [
        { levels: [{ level: 1, timeout: { amount: 1, unit: 'hours' }, repeats: 6 }] },
        ['steps[0].escalation.levels[0].repeats: must be a whole number from 0 to 5'],
      ],
      [
        { levels: [{ level: 1, timeout: { amount: 1, unit: 'hours' }, repeats: -1 }] },
        ['steps[0].escalation.levels[0].repeats: must be a whole number from 0 to 5'],
      ],
      [
        { levels: [{ level: 1, timeout: { amount: 1, unit: 'hours' }, repeats: 1.5 }] },
        ['steps[0].escalation.levels[0].repeats: must be a whole number from 0 to 5'],
      ],
      [
        { levels: [{ level: 1, timeout: { amount: 1, unit: 'hours' } }] },
        ['steps[0].escalation.levels[0].repeats: must be a whole number from 0 to 5'],
      ],
    ])('refuses %j', (escalation, problems) => {
      expect(validateTemplate(template([step('a', [], { escalation })]), CTX)).toEqual(problems);
    });
  });

  it('reports every problem of a template, not only the first', () => {
    const steps = [
      step('data', [], { owner: { agency: 'DINKESS' } }),
      step('data'),
      step('rekap', ['data', 'anggaran'], { form: { fields: [] }, sla: { amount: 0, unit: 'hours' } }),
      step('publikasi', ['publikasi'], { owner: { responsibility: 'humas' } }),
    ];
    expect(validateTemplate(template(steps, { code: 'Uji' }), CTX)).toEqual([
      'code: must match /^[a-z0-9-]+$/',
      'steps[1].key: duplicate step "data"',
      'steps[0].owner: unknown OPD "DINKESS"',
      'steps[2].form: must have at least one field',
      'steps[2].sla: amount must be greater than 0',
      'steps[2].dependsOn: unknown step "anggaran"',
      'steps[3].owner: unknown responsibility "humas"',
      'steps[3].dependsOn: a step may not depend on itself',
    ]);
  });
});

describe('DEFAULT_ESCALATION', () => {
  it('is Kepala OPD for 1 working day with one reminder, then Sekda and Bupati for 2 working days each', () => {
    expect(DEFAULT_ESCALATION).toEqual({
      levels: [
        { level: 1, timeout: { amount: 1, unit: 'workingDays' }, repeats: 1 },
        { level: 2, timeout: { amount: 2, unit: 'workingDays' }, repeats: 0 },
        { level: 3, timeout: { amount: 2, unit: 'workingDays' }, repeats: 0 },
      ],
    });
  });

  it('is frozen and is what a step without its own policy gets', () => {
    expect(Object.isFrozen(DEFAULT_ESCALATION.levels[0]?.timeout)).toBe(true);
    expect(stepLadder(step('a'))).toBe(DEFAULT_ESCALATION);
    const own = {
      levels: [{ level: 2 as const, timeout: { amount: 1, unit: 'hours' as const }, repeats: 0 }],
    };
    expect(stepLadder(step('a', [], { escalation: own }))).toBe(own);
  });

  it('passes validation as a step policy', () => {
    expect(validateTemplate(template([step('a', [], { escalation: DEFAULT_ESCALATION })]), CTX)).toEqual([]);
  });
});

describe('review policy (fair clocks)', () => {
  it('gives the lead 2 working days, the OPD a 2-working-day revision window, and climbs the lead’s office', () => {
    expect(DEFAULT_REVIEW).toEqual({
      sla: { amount: 2, unit: 'workingDays' },
      revisionWindow: { amount: 2, unit: 'workingDays' },
      escalation: {
        levels: [
          { level: 1, timeout: { amount: 1, unit: 'workingDays' }, repeats: 0 },
          { level: 2, timeout: { amount: 2, unit: 'workingDays' }, repeats: 0 },
        ],
      },
    });
    expect(Object.isFrozen(DEFAULT_REVIEW.revisionWindow)).toBe(true);
    expect(stepReview(step('a'))).toBe(DEFAULT_REVIEW);
    expect(validateTemplate(template([step('a', [], { review: DEFAULT_REVIEW })]), CTX)).toEqual([]);
  });

  it('takes a step’s own policy', () => {
    const review = {
      sla: { amount: 4, unit: 'hours' as const },
      revisionWindow: { amount: 1, unit: 'workingDays' as const },
      escalation: {
        levels: [{ level: 1 as const, timeout: { amount: 2, unit: 'hours' as const }, repeats: 1 }],
      },
    };
    expect(stepReview(step('a', [], { review }))).toBe(review);
    expect(validateTemplate(template([step('a', [], { review })]), CTX)).toEqual([]);
  });

  it.each<[unknown, string[]]>([
    ['2 days', ['steps[0].review: must be an object with sla, revisionWindow and escalation']],
    [
      {
        sla: { amount: 0, unit: 'hours' },
        revisionWindow: { amount: 1, unit: 'days' },
        escalation: DEFAULT_ESCALATION,
      },
      ['steps[0].review.sla: amount must be greater than 0'],
    ],
    [
      { sla: { amount: 1, unit: 'days' }, escalation: DEFAULT_ESCALATION },
      ['steps[0].review.revisionWindow: must be an object { amount, unit }'],
    ],
    [
      {
        sla: { amount: 1, unit: 'days' },
        revisionWindow: { amount: 1, unit: 'days' },
        escalation: {},
        reminders: 3,
      },
      [
        'steps[0].review.reminders: unknown property (sla, revisionWindow, escalation)',
        'steps[0].review.escalation: must be an object with levels',
      ],
    ],
  ])('names what is wrong with %j', (review, problems) => {
    expect(validateTemplate(template([step('a', [], { review })]), CTX)).toEqual(problems);
  });
});

describe('topologicalOrder', () => {
  it('orders a DAG with parallel branches and a join', () => {
    expect(topologicalOrder(DAG)).toEqual([
      'verifikasi',
      'survei',
      'lalu-lintas',
      'anggaran',
      'perbaikan',
      'publikasi',
    ]);
  });

  it('is stable by declaration order among steps that are ready together', () => {
    const steps = [
      step('publikasi', ['rekap']),
      step('rekap', ['dinsos', 'dinkes', 'dpmd']),
      step('dinsos'),
      step('dinkes'),
      step('dpmd', ['dinkes']),
      step('catatan'),
    ];
    expect(topologicalOrder(steps)).toEqual(['dinsos', 'dinkes', 'dpmd', 'rekap', 'publikasi', 'catatan']);
  });

  it('throws on a cycle, an unknown dependency or a duplicate key', () => {
    expect(() => topologicalOrder([step('a', ['b']), step('b', ['a']), step('c')])).toThrow(
      'dependency cycle among steps a, b',
    );
    expect(() => topologicalOrder([step('a', ['x'])])).toThrow('step "a" depends on unknown step "x"');
    expect(() => topologicalOrder([step('a'), step('a')])).toThrow('duplicate step "a"');
  });

  it('returns an empty order for no steps', () => {
    expect(topologicalOrder([])).toEqual([]);
  });
});

describe('readySteps', () => {
  const none = new Set<string>();

  it('starts with the steps that depend on nothing', () => {
    expect(readySteps(DAG, none, none)).toEqual(['verifikasi']);
  });

  it('opens parallel branches together once their dependency is done', () => {
    const done = new Set(['verifikasi']);
    expect(readySteps(DAG, done, done)).toEqual(['survei', 'lalu-lintas']);
  });

  it('leaves out steps that have already started', () => {
    expect(readySteps(DAG, new Set(['verifikasi']), new Set(['verifikasi', 'survei']))).toEqual([
      'lalu-lintas',
    ]);
  });

  it('waits at a join until every branch is done', () => {
    const started = new Set(['verifikasi', 'survei', 'lalu-lintas', 'anggaran']);
    expect(readySteps(DAG, new Set(['verifikasi', 'survei', 'anggaran']), started)).toEqual([]);
    expect(readySteps(DAG, new Set(['verifikasi', 'survei', 'lalu-lintas', 'anggaran']), started)).toEqual([
      'perbaikan',
    ]);
  });

  it('returns nothing once every step is done', () => {
    const all = new Set(DAG.map((s) => s.key));
    expect(readySteps(DAG, all, all)).toEqual([]);
  });

  it('lists ready steps in declaration order', () => {
    const steps = [step('z'), step('b', ['z']), step('a', ['z']), step('y')];
    expect(readySteps(steps, new Set(['z']), new Set(['z']))).toEqual(['b', 'a', 'y']);
  });
});

describe('SEED_TEMPLATES', () => {
  const byCode = new Map<string, TemplateDefinition>(SEED_TEMPLATES.map((t) => [t.code, t]));
  const get = (code: string): TemplateDefinition => {
    const t = byCode.get(code);
    if (!t) throw new Error(`no template ${code}`);
    return t;
  };

  it('are the four joint efforts the regency asked for (docs/domain.md)', () => {
    expect(SEED_TEMPLATES.map((t) => [t.code, t.category])).toEqual([
      ['percepatan-penurunan-stunting', 'PROGRAM'],
      ['perbaikan-jalan-aduan-warga', 'INFRASTRUCTURE'],
      ['pendataan-kemiskinan-terpadu', 'DATA'],
      ['tanggap-darurat-bencana', 'EMERGENCY'],
      ['usulan-musrenbang', 'PLANNING'], // #18 planning: an OPD's decision on a Musrenbang proposal
    ]);
  });

  it.each(SEED_TEMPLATES.map((t) => [t.code, t] as const))(
    '%s validates against the seeded agencies and responsibilities',
    (_code, t) => {
      expect(validateTemplate(t, CTX)).toEqual([]);
    },
  );

  it.each(SEED_TEMPLATES.map((t) => [t.code, t] as const))(
    '%s resolves every step owner for a project in Kecamatan Sukapura',
    (_code, t) => {
      for (const s of t.steps) {
        const resolved = resolveOwner(s.owner, { kecamatan: '35.13.01' }, KECAMATAN_AGENCY);
        expect(resolved).toHaveProperty('agencyCode');
        expect(CTX.agencyCodes.has((resolved as { agencyCode: string }).agencyCode)).toBe(true);
      }
    },
  );

  it('percepatan-penurunan-stunting: the four OPDs start in parallel; Bappeda joins them; Diskominfo publishes', () => {
    const t = get('percepatan-penurunan-stunting');
    expect(t.parameters.map((p) => [p.key, p.type, p.required])).toEqual([
      ['kecamatan', 'kecamatan', true],
      ['tahun', 'text', true],
      ['targetSelesai', 'date', false],
    ]);
    expect(readySteps(t.steps, new Set(), new Set())).toEqual([
      'data-stunting',
      'keluarga-berisiko',
      'distribusi-pmt',
      'dana-desa-stunting',
    ]);
    expect(topologicalOrder(t.steps)).toEqual([
      'data-stunting',
      'keluarga-berisiko',
      'distribusi-pmt',
      'dana-desa-stunting',
      'verifikasi-kecamatan',
      'rekap-rencana-aksi',
      'publikasi',
    ]);
    const owners = Object.fromEntries(t.steps.map((s) => [s.key, s.owner]));
    expect(owners).toEqual({
      'data-stunting': { agency: 'DINKES' },
      'keluarga-berisiko': { agency: 'DP3AP2KB' },
      'distribusi-pmt': { agency: 'DINSOS' },
      'dana-desa-stunting': { agency: 'DPMD' },
      'verifikasi-kecamatan': { responsibility: 'kecamatan-lokasi' },
      'rekap-rencana-aksi': { responsibility: 'perencanaan' },
      publikasi: { agency: 'DISKOMINFO' },
    });
    const stunting = t.steps[0]?.form.fields.find((f) => f.key === 'jumlahBalitaStunting');
    expect(stunting).toMatchObject({ type: 'integer', perArea: 'desa', unit: 'anak', required: true });
  });

  it('perbaikan-jalan-aduan-warga: survey and traffic in parallel, budget after survey, repair joins both', () => {
    const t = get('perbaikan-jalan-aduan-warga');
    expect(Object.fromEntries(t.steps.map((s) => [s.key, s.dependsOn]))).toEqual({
      'verifikasi-aduan': [],
      'survei-kerusakan': ['verifikasi-aduan'],
      'manajemen-lalu-lintas': ['verifikasi-aduan'],
      penganggaran: ['survei-kerusakan'],
      'perbaikan-selesai': ['penganggaran', 'manajemen-lalu-lintas'],
    });
    expect(readySteps(t.steps, new Set(['verifikasi-aduan']), new Set(['verifikasi-aduan']))).toEqual([
      'survei-kerusakan',
      'manajemen-lalu-lintas',
    ]);
    const resolved = t.steps.map((s) => resolveOwner(s.owner, { kecamatan: '35.13.07' }, KECAMATAN_AGENCY));
    expect(resolved).toEqual([
      { agencyCode: 'KEC-TIRIS' },
      { agencyCode: 'DPUPR' },
      { agencyCode: 'DISHUB' },
      { agencyCode: 'BKD' },
      { agencyCode: 'DPUPR' },
    ]);
  });

  it('pendataan-kemiskinan-terpadu: three sources in parallel, reconciled by the walidata, then published', () => {
    const t = get('pendataan-kemiskinan-terpadu');
    expect(readySteps(t.steps, new Set(), new Set())).toEqual(['data-dtsen', 'validasi-nik', 'data-desa']);
    expect(t.steps.find((s) => s.key === 'rekonsiliasi')).toMatchObject({
      owner: { responsibility: 'walidata' },
      dependsOn: ['data-dtsen', 'validasi-nik', 'data-desa'],
    });
    expect(t.steps.map((s) => resolveOwner(s.owner, {}, KECAMATAN_AGENCY))).toEqual([
      { agencyCode: 'DINSOS' },
      { agencyCode: 'DISPENDUKCAPIL' },
      { agencyCode: 'DPMD' },
      { agencyCode: 'BAPPEDA' },
      { agencyCode: 'DISKOMINFO' },
    ]);
  });

  it('tanggap-darurat-bencana: BPBD assesses first, seven responders in parallel, BPBD joins them; hours not days', () => {
    const t = get('tanggap-darurat-bencana');
    const responders = [
      'layanan-kesehatan',
      'logistik-pengungsi',
      'akses-jalan',
      'pengamanan',
      'jalur-evakuasi',
      'informasi-publik',
      'data-kecamatan',
    ];
    expect(readySteps(t.steps, new Set(), new Set())).toEqual(['kaji-cepat']);
    expect(readySteps(t.steps, new Set(['kaji-cepat']), new Set(['kaji-cepat']))).toEqual(responders);
    expect(t.steps.at(-1)).toMatchObject({
      key: 'rekap-penanganan',
      owner: { responsibility: 'komando-bencana' },
      dependsOn: responders,
    });
    expect(t.steps.map((s) => resolveOwner(s.owner, { kecamatan: '35.13.01' }, KECAMATAN_AGENCY))).toEqual(
      ['BPBD', 'DINKES', 'DINSOS', 'DPUPR', 'SATPOLPP', 'DISHUB', 'DISKOMINFO', 'KEC-SUKAPURA', 'BPBD'].map(
        (agencyCode) => ({ agencyCode }),
      ),
    );
    for (const s of t.steps) {
      expect(s.sla.unit).toBe('hours');
      expect(s.sla.amount).toBeLessThanOrEqual(12);
      const units = stepLadder(s).levels.map((l) => l.timeout.unit);
      expect(units.every((u) => u === 'minutes' || u === 'hours')).toBe(true);
    }
  });
});
