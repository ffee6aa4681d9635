import {
  type IndicatorStandard,
  type Periodicity,
  cellsFromValues,
  detectConflict,
  indicatorFieldKey,
  indicatorFormFields,
  isSuspiciousJump,
  periodOf,
  previousPeriod,
  validateIndicatorStandard,
  validatePeriod,
} from './data-standard';
import { FIELD_KEY_PATTERN, validateContribution, validateFormSchema } from './form-schema';

/** Poor households per desa, yearly, reported by DINSOS and DPMD (a classic source of conflicts). */
const RT_MISKIN_INPUT = {
  code: 'RT_MISKIN',
  name: '  Jumlah rumah tangga miskin ',
  definition: 'Rumah tangga yang tercatat dalam DTKS dan lolos verifikasi musyawarah desa.',
  unit: 'rumah tangga',
  valueType: 'integer',
  areaLevel: 'desa',
  periodicity: 'yearly',
  breakdown: null,
  producers: ['DINSOS', 'DPMD'],
  metadata: {
    source: 'DTKS',
    method: 'Verifikasi dan validasi melalui musyawarah desa',
    contact: 'Bidang Data dan Informasi DINSOS',
  },
};

/** Stunted toddlers per desa and sex, monthly, from e-PPGBM. */
const BALITA_STUNTING: IndicatorStandard = {
  code: 'BALITA_STUNTING',
  name: 'Jumlah balita stunting',
  definition: 'Balita dengan tinggi badan menurut umur di bawah -2 SD standar WHO.',
  unit: 'anak',
  valueType: 'integer',
  min: 0,
  areaLevel: 'desa',
  periodicity: 'monthly',
  breakdown: {
    dimension: 'sex',
    categories: [
      { code: 'L', label: 'Laki-laki' },
      { code: 'P', label: 'Perempuan' },
    ],
  },
  producers: ['DINKES', 'DP3AP2KB'],
  jumpFactor: 2,
  metadata: { source: 'e-PPGBM', method: 'Pengukuran di posyandu', contact: 'Bidang Kesmas DINKES' },
};

/** Birth certificate coverage for the whole kabupaten, a percent. */
const CAKUPAN_AKTA: IndicatorStandard = {
  code: 'CAKUPAN_AKTA_LAHIR',
  name: 'Cakupan kepemilikan akta kelahiran anak',
  definition: 'Persentase anak 0–18 tahun yang memiliki akta kelahiran.',
  unit: '%',
  valueType: 'percent',
  min: 0,
  max: 100,
  areaLevel: 'kabupaten',
  periodicity: 'semester',
  producers: ['DISPENDUKCAPIL'],
  jumpFactor: 1.5,
  metadata: { source: 'SIAK', method: 'Rekap database kependudukan', contact: 'Bidang PIAK' },
};

function problemsOf(input: unknown): string[] {
  const result = validateIndicatorStandard(input);
  return result.ok ? [] : result.problems;
}

describe('validateIndicatorStandard', () => {
  it('accepts a standard and normalises it: trimmed texts, min 0, jump factor 2, no null breakdown', () => {
    const result = validateIndicatorStandard(RT_MISKIN_INPUT);
    expect(result).toEqual({
      ok: true,
      standard: {
        code: 'RT_MISKIN',
        name: 'Jumlah rumah tangga miskin',
        definition: RT_MISKIN_INPUT.definition,
        unit: 'rumah tangga',
        valueType: 'integer',
        min: 0,
        areaLevel: 'desa',
        periodicity: 'yearly',
        producers: ['DINSOS', 'DPMD'],
        jumpFactor: 2,
        metadata: RT_MISKIN_INPUT.metadata,
      },
    });
    expect(result.ok && 'max' in result.standard).toBe(false);
    expect(result.ok && 'breakdown' in result.standard).toBe(false);
  });

  it('bounds a percent indicator to 0..100 when no bounds are given', () => {
    const { min: _min, max: _max, ...withoutBounds } = CAKUPAN_AKTA;
    const result = validateIndicatorStandard(withoutBounds);
    expect(result.ok && [result.standard.min, result.standard.max]).toEqual([0, 100]);
  });

  it('keeps explicit bounds, a negative minimum for a decimal and an explicit jump factor', () => {
    const result = validateIndicatorStandard({
      ...RT_MISKIN_INPUT,
      code: 'LAJU_PERTUMBUHAN_PENDUDUK',
      valueType: 'decimal',
      unit: '% per tahun',
      min: -10,
      max: 10,
      jumpFactor: 5,
    });
    expect(result.ok && [result.standard.min, result.standard.max, result.standard.jumpFactor]).toEqual([
      -10, 10, 5,
    ]);
  });

  it('keeps a valid breakdown and accepts a standard that is already normalised', () => {
    expect(validateIndicatorStandard(BALITA_STUNTING)).toEqual({ ok: true, standard: BALITA_STUNTING });
    expect(validateIndicatorStandard(CAKUPAN_AKTA)).toEqual({ ok: true, standard: CAKUPAN_AKTA });
  });

  it('reports every problem at once, each prefixed with its path', () => {
    expect(
      problemsOf({
        code: 'rt miskin',
        name: '',
        definition: 42,
        valueType: 'count',
        min: 'nol',
        areaLevel: 'provinsi',
        periodicity: 'weekly',
        producers: [],
        jumpFactor: 1,
        metadata: { source: 'DTKS', method: ' ' },
        owner: 'DINSOS',
      }),
    ).toEqual([
      'owner: unknown property',
      'code: must be 3 to 64 upper case letters, digits and _ (e.g. RT_MISKIN)',
      'name: is required',
      'definition: must be text',
      'unit: is required',
      'valueType: must be one of integer, decimal, percent',
      'min: must be a finite number',
      'areaLevel: must be one of kabupaten, kecamatan, desa',
      'periodicity: must be one of yearly, semester, quarterly, monthly',
      'producers: must name at least one OPD',
      'jumpFactor: must be a number greater than 1 and at most 100',
      'metadata.method: is required',
      'metadata.contact: is required',
    ]);
  });

  it('rejects a non-object', () => {
    expect(problemsOf(null)).toEqual(['standard: must be an object']);
    expect(problemsOf(['RT_MISKIN'])).toEqual(['standard: must be an object']);
  });

  it.each(['RT', 'rt_miskin', '1RT', 'RT-MISKIN', `A${'B'.repeat(64)}`])('rejects the code %p', (code) => {
    expect(problemsOf({ ...RT_MISKIN_INPUT, code })).toEqual([
      'code: must be 3 to 64 upper case letters, digits and _ (e.g. RT_MISKIN)',
    ]);
  });

  it('limits the length of name, definition and unit', () => {
    expect(
      problemsOf({
        ...RT_MISKIN_INPUT,
        name: 'n'.repeat(201),
        definition: 'd'.repeat(4001),
        unit: 'u'.repeat(41),
      }),
    ).toEqual([
      'name: must be at most 200 characters',
      'definition: must be at most 4000 characters',
      'unit: must be at most 40 characters',
    ]);
    expect(
      problemsOf({
        ...RT_MISKIN_INPUT,
        name: 'n'.repeat(200),
        definition: 'd'.repeat(4000),
        unit: 'u'.repeat(40),
      }),
    ).toEqual([]);
  });

  it('refuses a minimum above the maximum, also when the minimum is the default 0', () => {
    expect(problemsOf({ ...RT_MISKIN_INPUT, min: 10, max: 5 })).toEqual([
      'min: must not be greater than max',
    ]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, valueType: 'decimal', max: -1 })).toEqual([
      'max: must not be less than min, which is 0 when not given',
    ]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, min: 5, max: 5 })).toEqual([]);
  });

  it('keeps a percent within 0..100 and the bounds of an integer whole', () => {
    expect(problemsOf({ ...CAKUPAN_AKTA, min: -1, max: 120 })).toEqual([
      'min: must be between 0 and 100 for a percent indicator',
      'max: must be between 0 and 100 for a percent indicator',
    ]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, max: 10.5 })).toEqual([
      'max: must be a whole number for an integer indicator',
    ]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, max: Infinity })).toEqual(['max: must be a finite number']);
  });

  it('reports every breakdown problem with the category it concerns', () => {
    expect(
      problemsOf({
        ...BALITA_STUNTING,
        breakdown: {
          dimension: 'gender',
          categories: [
            { code: 'L', label: 'Laki-laki' },
            { code: 'L', label: 'Perempuan' },
            { code: 'x y', label: '' },
            { code: 'P', label: 'Perempuan', order: 3 },
          ],
          total: true,
        },
      }),
    ).toEqual([
      'breakdown.total: unknown property',
      'breakdown.dimension: must be one of sex, ageGroup',
      'breakdown.categories[1].code: duplicate "L"',
      'breakdown.categories[2].code: must be 1 to 12 letters or digits (e.g. L, P, u5)',
      'breakdown.categories[2].label: is required',
      'breakdown.categories[3].order: unknown property',
    ]);
  });

  it('needs 2 to 12 breakdown categories', () => {
    const categories = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ code: `u${i}`, label: `< ${i}` }));
    const withCategories = (n: number) => ({
      ...BALITA_STUNTING,
      breakdown: { dimension: 'ageGroup', categories: categories(n) },
    });
    expect(problemsOf(withCategories(1))).toEqual(['breakdown.categories: must have 2 to 12 categories']);
    expect(problemsOf(withCategories(13))).toEqual(['breakdown.categories: must have 2 to 12 categories']);
    expect(problemsOf(withCategories(12))).toEqual([]);
    expect(problemsOf({ ...BALITA_STUNTING, breakdown: 'sex' })).toEqual([
      'breakdown: must be an object { dimension, categories } or null',
    ]);
  });

  it('needs producers that are distinct OPD codes', () => {
    expect(problemsOf({ ...RT_MISKIN_INPUT, producers: ['DINSOS', 'dpmd', 'DINSOS', 7] })).toEqual([
      'producers[1]: must be an OPD code such as DINSOS (upper case letters, digits and -)',
      'producers[2]: duplicate "DINSOS"',
      'producers[3]: must be an OPD code such as DINSOS (upper case letters, digits and -)',
    ]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, producers: 'DINSOS' })).toEqual([
      'producers: must be an array of OPD codes',
    ]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, producers: ['KEC-KRAKSAAN'] })).toEqual([]);
  });

  it('accepts a jump factor above 1 up to 100', () => {
    const message = 'jumpFactor: must be a number greater than 1 and at most 100';
    expect(problemsOf({ ...RT_MISKIN_INPUT, jumpFactor: 0.5 })).toEqual([message]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, jumpFactor: 100.5 })).toEqual([message]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, jumpFactor: '3' })).toEqual([message]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, jumpFactor: 1.01 })).toEqual([]);
    expect(problemsOf({ ...RT_MISKIN_INPUT, jumpFactor: 100 })).toEqual([]);
  });

  it('needs metadata naming source, method and contact, and nothing else', () => {
    expect(problemsOf({ ...RT_MISKIN_INPUT, metadata: undefined })).toEqual([
      'metadata: must be an object { source, method, contact }',
    ]);
    expect(
      problemsOf({ ...RT_MISKIN_INPUT, metadata: { ...RT_MISKIN_INPUT.metadata, source: '', url: 'x' } }),
    ).toEqual(['metadata.url: unknown property', 'metadata.source: is required']);
  });
});

describe('periods', () => {
  it.each<[Periodicity, string]>([
    ['yearly', '2026'],
    ['yearly', '2000'],
    ['yearly', '2100'],
    ['semester', '2026-S1'],
    ['semester', '2026-S2'],
    ['quarterly', '2026-Q1'],
    ['quarterly', '2026-Q4'],
    ['monthly', '2026-01'],
    ['monthly', '2026-12'],
  ])('accepts %s %s', (periodicity, period) => {
    expect(validatePeriod(periodicity, period)).toBeNull();
  });

  it.each<[Periodicity, unknown, string]>([
    ['yearly', '26', 'must be a year such as 2026'],
    ['yearly', 2026, 'must be a year such as 2026'],
    ['yearly', '2026-Q1', 'must be a year such as 2026'],
    ['semester', '2026-S3', 'must be a semester such as 2026-S1'],
    ['semester', '2026-Q1', 'must be a semester such as 2026-S1'],
    ['quarterly', '2026-Q5', 'must be a quarter such as 2026-Q3'],
    ['quarterly', '2026-q1', 'must be a quarter such as 2026-Q3'],
    ['quarterly', '2026-03', 'must be a quarter such as 2026-Q3'],
    ['monthly', '2026-13', 'must be a month such as 2026-07'],
    ['monthly', '2026-1', 'must be a month such as 2026-07'],
    ['monthly', ' 2026-01', 'must be a month such as 2026-07'],
    ['monthly', null, 'must be a month such as 2026-07'],
    ['yearly', '1999', 'must be in the years 2000 to 2100'],
    ['monthly', '2101-01', 'must be in the years 2000 to 2100'],
  ])('refuses %s %p', (periodicity, period, message) => {
    expect(validatePeriod(periodicity, period)).toBe(message);
  });

  it.each<[Periodicity, string, string]>([
    ['yearly', '2026', '2025'],
    ['semester', '2026-S2', '2026-S1'],
    ['semester', '2026-S1', '2025-S2'],
    ['quarterly', '2026-Q3', '2026-Q2'],
    ['quarterly', '2026-Q1', '2025-Q4'],
    ['monthly', '2026-10', '2026-09'],
    ['monthly', '2026-01', '2025-12'],
  ])('the period before %s %s is %s', (periodicity, period, previous) => {
    expect(previousPeriod(periodicity, period)).toBe(previous);
  });

  it('refuses to step back from a malformed period', () => {
    expect(() => previousPeriod('quarterly', '2026-03')).toThrow(RangeError);
    expect(() => previousPeriod('monthly', '2026-00')).toThrow('must be a month such as 2026-07');
  });

  it('places an instant in its WIB period: 2026-12-31T18:00Z is already 2027 in Probolinggo', () => {
    const instant = Date.parse('2026-12-31T18:00:00Z');
    expect(periodOf(instant, 'yearly')).toBe('2027');
    expect(periodOf(instant, 'semester')).toBe('2027-S1');
    expect(periodOf(instant, 'quarterly')).toBe('2027-Q1');
    expect(periodOf(instant, 'monthly')).toBe('2027-01');
  });

  it('keeps the last WIB millisecond of a period in that period', () => {
    // 2026-06-30 23:59:59.999 WIB and, one millisecond later, 2026-07-01 00:00 WIB.
    const lastOfJune = Date.parse('2026-06-30T16:59:59.999Z');
    expect(
      (['yearly', 'semester', 'quarterly', 'monthly'] as const).map((p) => periodOf(lastOfJune, p)),
    ).toEqual(['2026', '2026-S1', '2026-Q2', '2026-06']);
    expect(
      (['yearly', 'semester', 'quarterly', 'monthly'] as const).map((p) => periodOf(lastOfJune + 1, p)),
    ).toEqual(['2026', '2026-S2', '2026-Q3', '2026-07']);
  });

  it('agrees with previousPeriod month after month, over year boundaries', () => {
    // The 15th of each month at noon WIB, from January 2025 to December 2027.
    for (let month = 1; month < 36; month++) {
      const at = (m: number) => Date.UTC(2025, m, 15, 5, 0, 0);
      for (const p of ['monthly', 'quarterly', 'semester', 'yearly'] as const) {
        const now = periodOf(at(month), p);
        const before = periodOf(at(month - 1), p);
        expect(validatePeriod(p, now)).toBeNull();
        expect(before === now || before === previousPeriod(p, now)).toBe(true);
      }
      expect(periodOf(at(month - 1), 'monthly')).toBe(
        previousPeriod('monthly', periodOf(at(month), 'monthly')),
      );
    }
  });

  it('refuses instants it cannot place', () => {
    expect(() => periodOf(Number.NaN, 'yearly')).toThrow(RangeError);
    expect(() => periodOf(Date.parse('1999-06-01T00:00:00Z'), 'yearly')).toThrow(RangeError);
  });
});

describe('indicatorFieldKey', () => {
  it('is the camelCase of the code, with the category after an underscore', () => {
    expect(indicatorFieldKey('RT_MISKIN')).toBe('rtMiskin');
    expect(indicatorFieldKey('BALITA_STUNTING')).toBe('balitaStunting');
    expect(indicatorFieldKey('BALITA_STUNTING', 'L')).toBe('balitaStunting_L');
    expect(indicatorFieldKey('PENDUDUK', 'u18')).toBe('penduduk_u18');
    expect(indicatorFieldKey('IPM')).toBe('ipm');
  });

  it.each([
    ['A_BC', 'AB_C'],
    ['RT_2', 'RT2'],
    ['A__B', 'A_B'],
    ['ABC_', 'ABC'],
    ['RT_MISKIN', 'RTM_ISKIN'],
  ])('gives %s and %s different keys', (a, b) => {
    expect(indicatorFieldKey(a)).not.toBe(indicatorFieldKey(b));
  });

  it('never gives two indicators or categories the same key, and every key is a valid field key', () => {
    // Every code of 3 to 5 characters over A, B, 1 and _, with and without a category.
    const codes: string[] = [];
    const grow = (prefix: string): void => {
      if (prefix.length >= 3) codes.push(prefix);
      if (prefix.length < 5) for (const c of ['A', 'B', '1', '_']) grow(prefix + c);
    };
    grow('A');
    grow('B');
    const owners = new Map<string, string>();
    for (const code of codes) {
      for (const category of [undefined, 'L', 'b', '1', 'A1']) {
        const key = indicatorFieldKey(code, category);
        expect(key).toMatch(FIELD_KEY_PATTERN);
        const who = `${code}/${category ?? ''}`;
        expect([key, owners.get(key) ?? who]).toEqual([key, who]);
        owners.set(key, who);
      }
    }
    expect(owners.size).toBe(codes.length * 5);
  });

  it('refuses what is not an indicator code or category code', () => {
    expect(() => indicatorFieldKey('rt_miskin')).toThrow(RangeError);
    expect(() => indicatorFieldKey('RT_MISKIN', 'laki_laki')).toThrow(RangeError);
    expect(() => indicatorFieldKey('RT_MISKIN', '')).toThrow(RangeError);
  });
});

describe('indicatorFormFields', () => {
  const DESA = ['35.13.08.2002', '35.13.01.2003', '35.13.08.2001', '35.13.08.2002'];

  it('asks one required number per breakdown category and desa, covering the requested desa', () => {
    const fields = indicatorFormFields(BALITA_STUNTING, DESA);
    const expectedAreas = ['35.13.01.2003', '35.13.08.2001', '35.13.08.2002'];
    expect(fields).toEqual([
      {
        key: 'balitaStunting_L',
        label: 'Jumlah balita stunting — Laki-laki',
        type: 'integer',
        required: true,
        unit: 'anak',
        min: 0,
        perArea: 'desa',
        areas: expectedAreas,
        help: BALITA_STUNTING.definition,
      },
      {
        key: 'balitaStunting_P',
        label: 'Jumlah balita stunting — Perempuan',
        type: 'integer',
        required: true,
        unit: 'anak',
        min: 0,
        perArea: 'desa',
        areas: expectedAreas,
        help: BALITA_STUNTING.definition,
      },
    ]);
    expect(validateFormSchema({ fields }, 'form')).toEqual([]);
  });

  it('asks a kabupaten-level percent as a single number between 0 and 100', () => {
    const fields = indicatorFormFields(CAKUPAN_AKTA, ['35.13.08.2001']);
    expect(fields).toEqual([
      {
        key: 'cakupanAktaLahir',
        label: 'Cakupan kepemilikan akta kelahiran anak',
        type: 'number',
        required: true,
        unit: '%',
        min: 0,
        max: 100,
        help: CAKUPAN_AKTA.definition,
      },
    ]);
    expect(validateFormSchema({ fields }, 'form')).toEqual([]);
  });

  it('gives a kecamatan-level decimal a number field per kecamatan', () => {
    const standard: IndicatorStandard = {
      ...CAKUPAN_AKTA,
      code: 'RASIO_GURU_MURID',
      valueType: 'decimal',
      unit: 'murid per guru',
      max: 200,
      areaLevel: 'kecamatan',
    };
    const fields = indicatorFormFields(standard, ['35.13.08', '35.13.02']);
    expect(fields).toMatchObject([
      { key: 'rasioGuruMurid', type: 'number', perArea: 'kecamatan', areas: ['35.13.02', '35.13.08'] },
    ]);
    expect(validateFormSchema({ fields }, 'form')).toEqual([]);
  });

  it('shortens a long definition to a 500-character help text', () => {
    const standard = { ...rtMiskinStandard(), definition: 'Rumah tangga miskin. '.repeat(100).trim() };
    const [field] = indicatorFormFields(standard, ['35.13.08.2001']);
    expect(field?.help?.length).toBeLessThanOrEqual(500);
    expect(field?.help?.endsWith('…')).toBe(true);
    expect(standard.definition.startsWith(field?.help?.slice(0, -1) ?? 'x')).toBe(true);
    expect(validateFormSchema({ fields: [field] }, 'form')).toEqual([]);
  });

  it('refuses areas of the wrong level and a per-area indicator without areas', () => {
    expect(() => indicatorFormFields(BALITA_STUNTING, ['35.13.08'])).toThrow(RangeError);
    expect(() => indicatorFormFields(BALITA_STUNTING, [])).toThrow(RangeError);
  });

  it('lets OPDs submit exactly the requested desa, and reads the submission back into cells', () => {
    const form = { fields: indicatorFormFields(BALITA_STUNTING, ['35.13.08.2001', '35.13.08.2002']) };
    const submitted = {
      balitaStunting_L: { '35.13.08.2002': 4, '35.13.08.2001': 7 },
      balitaStunting_P: { '35.13.08.2001': 5, '35.13.08.2002': 0 },
    };
    const accepted = validateContribution(form, submitted);
    expect(accepted.ok).toBe(true);
    expect(validateContribution(form, { ...submitted, balitaStunting_P: { '35.13.08.2001': 5 } }).ok).toBe(
      false,
    );
    expect(cellsFromValues(BALITA_STUNTING, accepted.ok ? accepted.values : {})).toEqual([
      { indicatorCode: 'BALITA_STUNTING', areaCode: '35.13.08.2001', breakdown: 'L', value: 7 },
      { indicatorCode: 'BALITA_STUNTING', areaCode: '35.13.08.2002', breakdown: 'L', value: 4 },
      { indicatorCode: 'BALITA_STUNTING', areaCode: '35.13.08.2001', breakdown: 'P', value: 5 },
      { indicatorCode: 'BALITA_STUNTING', areaCode: '35.13.08.2002', breakdown: 'P', value: 0 },
    ]);
  });
});

function rtMiskinStandard(): IndicatorStandard {
  const result = validateIndicatorStandard(RT_MISKIN_INPUT);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.standard;
}

describe('cellsFromValues', () => {
  it('reads per-desa values without breakdown into cells with breakdown ""', () => {
    expect(
      cellsFromValues(rtMiskinStandard(), { rtMiskin: { '35.13.08.2001': 120, '35.13.08.2002': 98 } }),
    ).toEqual([
      { indicatorCode: 'RT_MISKIN', areaCode: '35.13.08.2001', breakdown: '', value: 120 },
      { indicatorCode: 'RT_MISKIN', areaCode: '35.13.08.2002', breakdown: '', value: 98 },
    ]);
  });

  it('puts a kabupaten-level value on the kabupaten code', () => {
    expect(cellsFromValues(CAKUPAN_AKTA, { cakupanAktaLahir: 97.25 })).toEqual([
      { indicatorCode: 'CAKUPAN_AKTA_LAHIR', areaCode: '35.13', breakdown: '', value: 97.25 },
    ]);
    expect(cellsFromValues(CAKUPAN_AKTA, { cakupanAktaLahir: 97.25 }, '35.74')).toEqual([
      { indicatorCode: 'CAKUPAN_AKTA_LAHIR', areaCode: '35.74', breakdown: '', value: 97.25 },
    ]);
  });

  it('ignores fields of other indicators, free-text fields and values that are not numbers', () => {
    const values = {
      rtMiskin: { '35.13.08.2001': 120, '35.13.08.2002': '98', '35.13.08.2003': null },
      balitaStunting_L: { '35.13.08.2001': 7 },
      rtMiskinLama: { '35.13.08.2001': 1 },
      catatan: 'Data sementara',
    };
    expect(cellsFromValues(rtMiskinStandard(), values)).toEqual([
      { indicatorCode: 'RT_MISKIN', areaCode: '35.13.08.2001', breakdown: '', value: 120 },
    ]);
    expect(cellsFromValues(CAKUPAN_AKTA, { cakupanAktaLahir: Number.NaN })).toEqual([]);
    expect(cellsFromValues(CAKUPAN_AKTA, { cakupanAktaLahir: { '35.13': 90 } })).toEqual([]);
    expect(cellsFromValues(rtMiskinStandard(), { rtMiskin: 120 })).toEqual([]);
    expect(cellsFromValues(BALITA_STUNTING, { balitaStunting: { '35.13.08.2001': 3 } })).toEqual([]);
  });
});

describe('detectConflict', () => {
  it('has nothing to reconcile without values', () => {
    expect(detectConflict([])).toEqual({ kind: 'none' });
  });

  it('takes a single OPD at its word', () => {
    expect(detectConflict([{ agencyCode: 'DINSOS', value: 1250 }])).toEqual({ kind: 'agreed', value: 1250 });
  });

  it('treats values that are equal to 4 decimals as agreement', () => {
    expect(
      detectConflict([
        { agencyCode: 'DINSOS', value: 12.50001 },
        { agencyCode: 'DPMD', value: 12.49996 },
      ]),
    ).toEqual({ kind: 'agreed', value: 12.5 });
    expect(
      detectConflict([
        { agencyCode: 'DINSOS', value: 0.1 + 0.2 },
        { agencyCode: 'DPMD', value: 0.3 },
      ]),
    ).toEqual({ kind: 'agreed', value: 0.3 });
  });

  it('lists each OPD once, by agency code, with the value it submitted, when they disagree', () => {
    expect(
      detectConflict([
        { agencyCode: 'DPMD', value: 1180 },
        { agencyCode: 'DINSOS', value: 1250 },
        { agencyCode: 'DISPENDUKCAPIL', value: 1250 },
      ]),
    ).toEqual({
      kind: 'conflict',
      values: [
        { agencyCode: 'DINSOS', value: 1250 },
        { agencyCode: 'DISPENDUKCAPIL', value: 1250 },
        { agencyCode: 'DPMD', value: 1180 },
      ],
    });
    expect(
      detectConflict([
        { agencyCode: 'DINSOS', value: 1.00004 },
        { agencyCode: 'DPMD', value: 1.00006 },
      ]),
    ).toEqual({
      kind: 'conflict',
      values: [
        { agencyCode: 'DINSOS', value: 1.00004 },
        { agencyCode: 'DPMD', value: 1.00006 },
      ],
    });
  });

  it('uses the later entry when an OPD appears twice', () => {
    expect(
      detectConflict([
        { agencyCode: 'DINSOS', value: 1300 },
        { agencyCode: 'DPMD', value: 1250 },
        { agencyCode: 'DINSOS', value: 1250 },
      ]),
    ).toEqual({ kind: 'agreed', value: 1250 });
    expect(
      detectConflict([
        { agencyCode: 'DINSOS', value: 1250 },
        { agencyCode: 'DPMD', value: 1250 },
        { agencyCode: 'DINSOS', value: 1300 },
      ]),
    ).toEqual({
      kind: 'conflict',
      values: [
        { agencyCode: 'DINSOS', value: 1300 },
        { agencyCode: 'DPMD', value: 1250 },
      ],
    });
  });
});

describe('isSuspiciousJump', () => {
  it.each<[number | null, number, number, boolean]>([
    [100, 150, 2, false],
    [100, 200, 2, false],
    [100, 201, 2, true],
    [100, 50, 2, false],
    [100, 49, 2, true],
    [100, 0, 2, true],
    [100, 400, 5, false],
    [100, 19, 5, true],
    [null, 1000, 2, false],
    [0, 1000, 2, false],
    [0.5, 0.9, 2, false],
  ])('previous %p, next %p, factor %p: %p', (previous, next, factor, suspicious) => {
    expect(isSuspiciousJump(previous, next, factor)).toBe(suspicious);
  });

  it('refuses a factor that would flag every change', () => {
    expect(() => isSuspiciousJump(100, 100, 1)).toThrow(RangeError);
  });
});
