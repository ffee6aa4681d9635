import { KECAMATAN, OPD, kecamatanAgencyCode } from '../../../prisma/data/probolinggo';
import { validateSla } from './calendar';
import {
  ACKNOWLEDGEMENT_FORM,
  type AfterActionInput,
  CLUSTERS,
  CLUSTER_LABELS,
  INCIDENT_STATUSES,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TYPES,
  type IncidentStatus,
  RESPONSE_MATRIX,
  SEVERITIES,
  SEVERITY_POLICY,
  SITREP_FIELDS,
  SITREP_FORM,
  type SitrepFigure,
  afterActionSummary,
  figuresAsOf,
  kecamatanOf,
  mobilisationFor,
  parseInstant,
  rollUpSitreps,
  sitrepFigures,
  statusTransitionRefusal,
} from './emergency';
import { validateContribution, validateFormSchema } from './form-schema';
import { MAX_ESCALATION_REPEATS } from './template';

const SEEDED_AGENCIES = new Set(OPD.map((o) => o.code));
const TONGAS = kecamatanAgencyCode('Tongas');
const SUKAPURA = kecamatanAgencyCode('Sukapura');

function slaMinutes(sla: { amount: number; unit: string }): number {
  const perUnit: Record<string, number> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 };
  const factor = perUnit[sla.unit];
  if (factor === undefined) throw new Error(`unexpected unit ${sla.unit}`);
  return sla.amount * factor;
}

describe('incident types and the response matrix', () => {
  it('lists the eight incident types with labels, and the matrix covers exactly them', () => {
    expect(INCIDENT_TYPES.map((t) => t.code)).toEqual([
      'banjir',
      'tanah-longsor',
      'kebakaran',
      'angin-puting-beliung',
      'gempa',
      'erupsi',
      'kekeringan',
      'gelombang-pasang',
    ]);
    for (const t of INCIDENT_TYPES) expect(t.label.trim()).not.toBe('');
    expect(Object.keys(RESPONSE_MATRIX).sort()).toEqual(INCIDENT_TYPES.map((t) => t.code).sort());
    for (const cluster of CLUSTERS) expect(CLUSTER_LABELS[cluster].trim()).not.toBe('');
  });

  it.each(INCIDENT_TYPES.map((t) => t.code))(
    '%s: KOMANDO is BPBD, KECAMATAN is present, every OPD is seeded',
    (type) => {
      const matrix = RESPONSE_MATRIX[type];
      expect(matrix.KOMANDO).toEqual(['BPBD']);
      expect(matrix.KECAMATAN).toBeDefined();
      for (const [cluster, codes] of Object.entries(matrix)) {
        expect(CLUSTERS).toContain(cluster);
        for (const code of codes ?? []) expect(SEEDED_AGENCIES).toContain(code);
        expect(new Set(codes).size).toBe(codes?.length);
      }
      const mobilised = mobilisationFor(type, [TONGAS]);
      expect(mobilised[0]).toEqual({ agencyCode: 'BPBD', clusters: expect.arrayContaining(['KOMANDO']) });
      expect(mobilised.at(-1)).toEqual({ agencyCode: TONGAS, clusters: ['KECAMATAN'] });
    },
  );

  it('banjir in Tongas mobilises BPBD first, the cluster OPDs and KEC-TONGAS, merging clusters', () => {
    const mobilised = mobilisationFor('banjir', [TONGAS]);
    expect(mobilised).toEqual([
      { agencyCode: 'BPBD', clusters: ['KOMANDO', 'PENGUNGSIAN_LOGISTIK'] },
      { agencyCode: 'DINKES', clusters: ['KESEHATAN'] },
      { agencyCode: 'DINSOS', clusters: ['PENGUNGSIAN_LOGISTIK'] },
      { agencyCode: 'DP3AP2KB', clusters: ['PENGUNGSIAN_LOGISTIK'] },
      { agencyCode: 'DPUPR', clusters: ['SARANA_PRASARANA'] },
      { agencyCode: 'SATPOLPP', clusters: ['KEAMANAN_KETERTIBAN'] },
      { agencyCode: 'DISHUB', clusters: ['TRANSPORTASI'] },
      { agencyCode: 'DISKOMINFO', clusters: ['INFORMASI_PUBLIK'] },
      { agencyCode: 'DISPENDIK', clusters: ['PENDIDIKAN'] },
      { agencyCode: 'DLH', clusters: ['LINGKUNGAN'] },
      { agencyCode: 'KEC-TONGAS', clusters: ['KECAMATAN'] },
    ]);
    const codes = mobilised.map((m) => m.agencyCode);
    for (const code of ['DINKES', 'DINSOS', 'DPUPR', 'SATPOLPP', 'DISHUB', 'DISKOMINFO', 'KEC-TONGAS']) {
      expect(codes).toContain(code);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('erupsi in Sukapura (Bromo) mobilises the full cluster set and KEC-SUKAPURA', () => {
    const mobilised = mobilisationFor('erupsi', [SUKAPURA]);
    expect(mobilised.map((m) => m.agencyCode)).toEqual([
      'BPBD',
      'DINKES',
      'DINSOS',
      'DP3AP2KB',
      'DPUPR',
      'SATPOLPP',
      'DISHUB',
      'DISKOMINFO',
      'DISPENDIK',
      'DLH',
      'KEC-SUKAPURA',
    ]);
    expect(mobilised.find((m) => m.agencyCode === 'BPBD')?.clusters).toEqual([
      'KOMANDO',
      'PENGUNGSIAN_LOGISTIK',
    ]);
  });

  it('kekeringan needs no security, transport or education cluster', () => {
    const codes = mobilisationFor('kekeringan', [kecamatanAgencyCode('Lumbang')]).map((m) => m.agencyCode);
    expect(codes).toEqual(['BPBD', 'DINKES', 'DINSOS', 'DPUPR', 'DISKOMINFO', 'DLH', 'KEC-LUMBANG']);
  });

  it('several affected kecamatan are all mobilised once, in the order given', () => {
    const mobilised = mobilisationFor('tanah-longsor', ['KEC-TIRIS', 'KEC-KRUCIL', 'KEC-TIRIS']);
    expect(mobilised.slice(-2)).toEqual([
      { agencyCode: 'KEC-TIRIS', clusters: ['KECAMATAN'] },
      { agencyCode: 'KEC-KRUCIL', clusters: ['KECAMATAN'] },
    ]);
    expect(mobilisationFor('tanah-longsor', []).some((m) => m.clusters.includes('KECAMATAN'))).toBe(false);
  });

  it('every seeded kecamatan office is accepted; other codes and unknown types are refused', () => {
    for (const k of KECAMATAN) {
      expect(mobilisationFor('gempa', [kecamatanAgencyCode(k.name)]).at(-1)?.agencyCode).toBe(
        kecamatanAgencyCode(k.name),
      );
    }
    expect(() => mobilisationFor('banjir', ['DINSOS'])).toThrow(RangeError);
    expect(() => mobilisationFor('banjir', ['35.13.23'])).toThrow(RangeError);
    expect(() => mobilisationFor('tsunami' as never, [TONGAS])).toThrow(RangeError);
  });

  it('the matrix is frozen data', () => {
    expect(Object.isFrozen(RESPONSE_MATRIX.banjir.KOMANDO)).toBe(true);
    expect(() => (RESPONSE_MATRIX.banjir.KOMANDO as string[]).push('SETDA')).toThrow(TypeError);
  });
});

describe('severity policy', () => {
  it('has the documented values for BERAT, SEDANG and RINGAN', () => {
    expect(SEVERITY_POLICY.BERAT.acknowledgeWithin).toEqual({ amount: 15, unit: 'minutes' });
    expect(SEVERITY_POLICY.BERAT.sitrepEvery).toEqual({ amount: 6, unit: 'hours' });
    expect(SEVERITY_POLICY.BERAT.escalation.levels.map((l) => [l.level, slaMinutes(l.timeout)])).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    expect(SEVERITY_POLICY.SEDANG.acknowledgeWithin).toEqual({ amount: 30, unit: 'minutes' });
    expect(SEVERITY_POLICY.SEDANG.sitrepEvery).toEqual({ amount: 12, unit: 'hours' });
    expect(SEVERITY_POLICY.RINGAN.acknowledgeWithin).toEqual({ amount: 60, unit: 'minutes' });
    expect(SEVERITY_POLICY.RINGAN.sitrepEvery).toEqual({ amount: 24, unit: 'hours' });
  });

  it('is valid and strictly faster for heavier incidents', () => {
    const order = ['RINGAN', 'SEDANG', 'BERAT'] as const;
    expect(SEVERITIES).toEqual(order);
    for (const severity of order) {
      const policy = SEVERITY_POLICY[severity];
      expect(validateSla(policy.acknowledgeWithin)).toBeNull();
      expect(validateSla(policy.sitrepEvery)).toBeNull();
      expect(policy.escalation.levels.map((l) => l.level)).toEqual([1, 2, 3]);
      for (const level of policy.escalation.levels) {
        expect(validateSla(level.timeout)).toBeNull();
        expect(['seconds', 'minutes']).toContain(level.timeout.unit);
        expect(level.repeats).toBeGreaterThanOrEqual(0);
        expect(level.repeats).toBeLessThanOrEqual(MAX_ESCALATION_REPEATS);
      }
    }
    for (let i = 1; i < order.length; i++) {
      const lighter = SEVERITY_POLICY[order[i - 1]!];
      const heavier = SEVERITY_POLICY[order[i]!];
      expect(slaMinutes(heavier.acknowledgeWithin)).toBeLessThan(slaMinutes(lighter.acknowledgeWithin));
      expect(slaMinutes(heavier.sitrepEvery)).toBeLessThan(slaMinutes(lighter.sitrepEvery));
      heavier.escalation.levels.forEach((level, j) => {
        expect(slaMinutes(level.timeout)).toBeLessThan(slaMinutes(lighter.escalation.levels[j]!.timeout));
      });
    }
  });
});

describe('statusTransitionRefusal', () => {
  const allowed: [IncidentStatus, IncidentStatus][] = [
    ['SIAGA_DARURAT', 'TANGGAP_DARURAT'],
    ['SIAGA_DARURAT', 'TRANSISI_DARURAT'],
    ['SIAGA_DARURAT', 'CLOSED'],
    ['TANGGAP_DARURAT', 'TRANSISI_DARURAT'],
    ['TANGGAP_DARURAT', 'CLOSED'],
    ['TRANSISI_DARURAT', 'CLOSED'],
    ['TRANSISI_DARURAT', 'TANGGAP_DARURAT'],
  ];
  const isAllowed = (from: IncidentStatus, to: IncidentStatus) =>
    allowed.some(([f, t]) => f === from && t === to);
  const pairs = INCIDENT_STATUSES.flatMap((from) => INCIDENT_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s', (from, to) => {
    const refusal = statusTransitionRefusal(from, to);
    if (isAllowed(from, to)) expect(refusal).toBeNull();
    else expect(refusal).toEqual(expect.any(String));
  });

  it('explains the refusals', () => {
    expect(statusTransitionRefusal('TANGGAP_DARURAT', 'SIAGA_DARURAT')).toBe(
      'cannot go back from Tanggap darurat to Siaga darurat',
    );
    expect(statusTransitionRefusal('CLOSED', 'TANGGAP_DARURAT')).toMatch(/closed/);
    expect(statusTransitionRefusal('SIAGA_DARURAT', 'SIAGA_DARURAT')).toMatch(/already/);
    expect(statusTransitionRefusal('SIAGA_DARURAT', 'DIBATALKAN' as never)).toMatch(/unknown status/);
  });

  it('labels every status', () => {
    expect(INCIDENT_STATUS_LABELS).toEqual({
      SIAGA_DARURAT: 'Siaga darurat',
      TANGGAP_DARURAT: 'Tanggap darurat',
      TRANSISI_DARURAT: 'Transisi darurat ke pemulihan',
      CLOSED: 'Ditutup',
    });
  });
});

describe('forms', () => {
  it('ACKNOWLEDGEMENT_FORM is valid, needs siap and refuses negative personnel', () => {
    expect(validateFormSchema(ACKNOWLEDGEMENT_FORM, 'acknowledgement')).toEqual([]);
    expect(validateContribution(ACKNOWLEDGEMENT_FORM, { siap: true })).toEqual({
      ok: true,
      values: { siap: true },
    });
    expect(
      validateContribution(ACKNOWLEDGEMENT_FORM, {
        siap: true,
        personelDikerahkan: 25,
        posKomando: ' Balai Desa Tongas Kulon ',
        catatan: 'Perahu karet 2 unit menuju lokasi',
      }),
    ).toEqual({
      ok: true,
      values: {
        siap: true,
        personelDikerahkan: 25,
        posKomando: 'Balai Desa Tongas Kulon',
        catatan: 'Perahu karet 2 unit menuju lokasi',
      },
    });
    expect(validateContribution(ACKNOWLEDGEMENT_FORM, {})).toEqual({
      ok: false,
      errors: [{ field: 'siap', message: 'is required' }],
    });
    expect(validateContribution(ACKNOWLEDGEMENT_FORM, { siap: true, personelDikerahkan: -1 })).toEqual({
      ok: false,
      errors: [{ field: 'personelDikerahkan', message: 'must be at least 0' }],
    });
  });

  it('SITREP_FORM has every SITREP_FIELDS entry as an optional per-desa integer ≥ 0 plus narasi and kebutuhan', () => {
    expect(validateFormSchema(SITREP_FORM, 'sitrep')).toEqual([]);
    expect(SITREP_FIELDS.map((f) => [f.key, f.unit])).toEqual([
      ['terdampak', 'jiwa'],
      ['mengungsi', 'jiwa'],
      ['lukaLuka', 'jiwa'],
      ['meninggal', 'jiwa'],
      ['hilang', 'jiwa'],
      ['rumahRusakRingan', 'unit'],
      ['rumahRusakSedang', 'unit'],
      ['rumahRusakBerat', 'unit'],
      ['posPengungsian', 'lokasi'],
      ['fasilitasUmumRusak', 'unit'],
    ]);
    expect(SITREP_FORM.fields.map((f) => f.key)).toEqual([
      ...SITREP_FIELDS.map((f) => f.key),
      'narasi',
      'kebutuhan',
    ]);
    for (const f of SITREP_FIELDS) {
      expect(SITREP_FORM.fields.find((x) => x.key === f.key)).toEqual({
        key: f.key,
        label: f.label,
        type: 'integer',
        required: false,
        unit: f.unit,
        min: 0,
        perArea: 'desa',
      });
    }
    expect(SITREP_FORM.fields.find((f) => f.key === 'narasi')).toMatchObject({
      type: 'longtext',
      required: true,
    });
    expect(SITREP_FORM.fields.find((f) => f.key === 'kebutuhan')).toMatchObject({
      type: 'longtext',
      required: false,
    });
  });

  const REALISTIC_SITREP = {
    terdampak: { '35.13.23.2001': 420, '35.13.23.2002': 185 },
    mengungsi: { '35.13.23.2001': 96 },
    lukaLuka: { '35.13.23.2001': 3 },
    meninggal: { '35.13.23.2001': 0 },
    rumahRusakRingan: { '35.13.23.2001': 12, '35.13.23.2002': 4 },
    rumahRusakBerat: { '35.13.23.2002': 1 },
    posPengungsian: { '35.13.23.2001': 2 },
    narasi: 'Banjir luapan Sungai Kedunggaleng setinggi 60–80 cm sejak pukul 02.00 WIB. Air mulai surut.',
    kebutuhan: 'Air bersih 2 tangki per hari, selimut 150 lembar, makanan siap saji.',
  };

  it('accepts a realistic sitrep for Tongas', () => {
    const result = validateContribution(SITREP_FORM, REALISTIC_SITREP);
    expect(result).toEqual({ ok: true, values: REALISTIC_SITREP });
  });

  it('refuses negative numbers, fractions, a missing narasi and kecamatan codes in a per-desa field', () => {
    const result = validateContribution(SITREP_FORM, {
      mengungsi: { '35.13.23.2001': -5 },
      lukaLuka: { '35.13.23.2001': 1.5 },
      terdampak: { '35.13.23': 10 },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'terdampak.35.13.23', message: 'is not a kode wilayah desa (e.g. 35.13.08.2001)' },
        { field: 'mengungsi.35.13.23.2001', message: 'must be at least 0' },
        { field: 'lukaLuka.35.13.23.2001', message: 'must be a whole number' },
        { field: 'narasi', message: 'is required' },
      ],
    });
  });

  it('sitrepFigures turns validated sitrep values into figures', () => {
    const at = '2025-01-20T08:00:00+07:00';
    const figures = sitrepFigures('DINSOS', REALISTIC_SITREP, at);
    expect(figures).toHaveLength(9);
    expect(figures.slice(0, 3)).toEqual([
      { agencyCode: 'DINSOS', desaCode: '35.13.23.2001', field: 'terdampak', value: 420, reportedAt: at },
      { agencyCode: 'DINSOS', desaCode: '35.13.23.2002', field: 'terdampak', value: 185, reportedAt: at },
      { agencyCode: 'DINSOS', desaCode: '35.13.23.2001', field: 'mengungsi', value: 96, reportedAt: at },
    ]);
    expect(figures.some((f) => f.field === 'narasi' || f.field === 'kebutuhan')).toBe(false);
    expect(() => sitrepFigures('DINSOS', REALISTIC_SITREP, '2025-01-20 08:00')).toThrow(RangeError);
  });
});

describe('kecamatanOf', () => {
  it('takes the first eight characters of a desa code', () => {
    expect(kecamatanOf('35.13.23.2001')).toBe('35.13.23');
    expect(kecamatanOf('35.13.01.2005')).toBe('35.13.01');
  });

  it('refuses anything that is not a kode wilayah desa', () => {
    expect(() => kecamatanOf('35.13.23')).toThrow(RangeError);
    expect(() => kecamatanOf('Tongas Kulon')).toThrow(RangeError);
  });
});

describe('rollUpSitreps', () => {
  const fig = (
    agencyCode: string,
    desaCode: string,
    field: string,
    value: number,
    reportedAt: string,
  ): SitrepFigure => ({ agencyCode, desaCode, field, value, reportedAt });

  it('is empty for no figures', () => {
    expect(rollUpSitreps([])).toEqual({ desa: {}, kecamatan: {}, kabupaten: {}, conflicts: [] });
  });

  it('keeps the latest figure per OPD, desa and field; an older figure of the same OPD is replaced', () => {
    const rollUp = rollUpSitreps([
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 120, '2025-01-20T14:00:00+07:00'),
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 80, '2025-01-20T08:00:00+07:00'),
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 95, '2025-01-20T02:00:00Z'), // 09:00 WIB
    ]);
    expect(rollUp.desa).toEqual({ '35.13.23.2001': { mengungsi: 120 } });
    expect(rollUp.conflicts).toEqual([]);
    expect(rollUp.kabupaten).toEqual({ mengungsi: 120 });
  });

  it('on an equal reportedAt the later figure in the list wins', () => {
    const at = '2025-01-20T08:00:00+07:00';
    const rollUp = rollUpSitreps([
      fig('DINSOS', '35.13.23.2001', 'terdampak', 300, at),
      fig('DINSOS', '35.13.23.2001', 'terdampak', 310, at),
    ]);
    expect(rollUp.desa['35.13.23.2001']).toEqual({ terdampak: 310 });
  });

  it('counts two agreeing OPDs once, with no conflict', () => {
    const rollUp = rollUpSitreps([
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T09:30:00+07:00'),
      fig('KEC-TONGAS', '35.13.23.2001', 'mengungsi', 70, '2025-01-20T07:00:00+07:00'),
      fig('KEC-TONGAS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T10:00:00+07:00'),
    ]);
    expect(rollUp.desa).toEqual({ '35.13.23.2001': { mengungsi: 96 } });
    expect(rollUp.kecamatan).toEqual({ '35.13.23': { mengungsi: 96 } });
    expect(rollUp.kabupaten).toEqual({ mengungsi: 96 });
    expect(rollUp.conflicts).toEqual([]);
  });

  it('flags disagreeing OPDs as a conflict listing both, uses the highest, never the sum', () => {
    const rollUp = rollUpSitreps([
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 60, '2025-01-20T07:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 110, '2025-01-20T09:00:00+07:00'),
      fig('DINKES', '35.13.23.2001', 'lukaLuka', 3, '2025-01-20T09:00:00+07:00'),
    ]);
    expect(rollUp.desa).toEqual({ '35.13.23.2001': { lukaLuka: 3, mengungsi: 110 } });
    expect(rollUp.kabupaten).toEqual({ lukaLuka: 3, mengungsi: 110 });
    expect(rollUp.conflicts).toEqual([
      {
        desaCode: '35.13.23.2001',
        field: 'mengungsi',
        reports: [
          { agencyCode: 'BPBD', value: 110, reportedAt: '2025-01-20T09:00:00+07:00' },
          { agencyCode: 'DINSOS', value: 96, reportedAt: '2025-01-20T08:00:00+07:00' },
        ],
      },
    ]);
  });

  it('a later agreeing report clears an earlier conflict', () => {
    const figures = [
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 110, '2025-01-20T09:00:00+07:00'),
    ];
    expect(rollUpSitreps(figures).conflicts).toHaveLength(1);
    const reconciled = [
      ...figures,
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 110, '2025-01-20T11:00:00+07:00'),
    ];
    expect(rollUpSitreps(reconciled).conflicts).toEqual([]);
    expect(rollUpSitreps(reconciled).kabupaten).toEqual({ mengungsi: 110 });
  });

  it('sums desa into kecamatan and everything into kabupaten', () => {
    const at = '2025-01-20T08:00:00+07:00';
    const rollUp = rollUpSitreps([
      // Tongas (35.13.23): two desa
      fig('DINSOS', '35.13.23.2001', 'terdampak', 420, at),
      fig('DINSOS', '35.13.23.2002', 'terdampak', 185, at),
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, at),
      // Wonomerto (35.13.21): one desa, reported by the kecamatan office
      fig('KEC-WONOMERTO', '35.13.21.2003', 'terdampak', 50, at),
      fig('KEC-WONOMERTO', '35.13.21.2003', 'rumahRusakBerat', 2, at),
      // a conflict in Tongas: counts once, with the higher figure
      fig('BPBD', '35.13.23.2002', 'terdampak', 200, at),
    ]);
    expect(rollUp.desa).toEqual({
      '35.13.21.2003': { rumahRusakBerat: 2, terdampak: 50 },
      '35.13.23.2001': { mengungsi: 96, terdampak: 420 },
      '35.13.23.2002': { terdampak: 200 },
    });
    expect(rollUp.kecamatan).toEqual({
      '35.13.21': { rumahRusakBerat: 2, terdampak: 50 },
      '35.13.23': { mengungsi: 96, terdampak: 620 },
    });
    expect(rollUp.kabupaten).toEqual({ mengungsi: 96, rumahRusakBerat: 2, terdampak: 670 });
    expect(Object.keys(rollUp.kecamatan)).toEqual(['35.13.21', '35.13.23']);
    expect(rollUp.conflicts.map((c) => [c.desaCode, c.field])).toEqual([['35.13.23.2002', 'terdampak']]);
  });

  it('is independent of the order of the figures', () => {
    const figures = [
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T08:00:00+07:00'),
      fig('BPBD', '35.13.23.2001', 'mengungsi', 110, '2025-01-20T09:00:00+07:00'),
      fig('DINSOS', '35.13.23.2002', 'mengungsi', 10, '2025-01-20T09:00:00+07:00'),
      fig('DINSOS', '35.13.23.2002', 'mengungsi', 12, '2025-01-20T10:00:00+07:00'),
    ];
    expect(JSON.stringify(rollUpSitreps([...figures].reverse()))).toBe(
      JSON.stringify(rollUpSitreps(figures)),
    );
  });

  it('figuresAsOf gives the picture at an earlier time', () => {
    const figures = [
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 40, '2025-01-20T06:00:00+07:00'),
      fig('DINSOS', '35.13.23.2001', 'mengungsi', 96, '2025-01-20T12:00:00+07:00'),
    ];
    expect(rollUpSitreps(figuresAsOf(figures, '2025-01-20T08:00:00+07:00')).kabupaten).toEqual({
      mengungsi: 40,
    });
    expect(rollUpSitreps(figuresAsOf(figures, '2025-01-20T12:00:00+07:00')).kabupaten).toEqual({
      mengungsi: 96,
    });
  });

  it('refuses invalid desa codes, instants without offset and non-finite values', () => {
    const at = '2025-01-20T08:00:00+07:00';
    expect(() => rollUpSitreps([fig('DINSOS', '35.13.23', 'mengungsi', 1, at)])).toThrow(RangeError);
    expect(() =>
      rollUpSitreps([fig('DINSOS', '35.13.23.2001', 'mengungsi', 1, '2025-01-20T08:00:00')]),
    ).toThrow(RangeError);
    expect(() => rollUpSitreps([fig('DINSOS', '35.13.23.2001', 'mengungsi', Number.NaN, at)])).toThrow(
      RangeError,
    );
    expect(parseInstant('2025-01-20T08:00+07:00')).toBe(Date.UTC(2025, 0, 20, 1, 0));
  });
});

describe('afterActionSummary', () => {
  const input: AfterActionInput = {
    declaredAt: '2025-01-20T02:00:00+07:00',
    closedAt: '2025-01-22T14:30:45+07:00',
    opd: [
      {
        agencyCode: 'BPBD',
        mobilisedAt: '2025-01-20T02:00:00+07:00',
        acknowledgedAt: '2025-01-20T02:03:30+07:00',
        sitreps: [
          { dueAt: '2025-01-20T08:00:00+07:00', submittedAt: '2025-01-20T07:45:10+07:00' },
          { dueAt: '2025-01-20T14:00:00+07:00', submittedAt: '2025-01-20T13:50:00+07:00' },
        ],
        escalations: 0,
      },
      {
        agencyCode: 'DINSOS',
        mobilisedAt: '2025-01-20T02:00:30+07:00',
        acknowledgedAt: '2025-01-20T02:15:29+07:00',
        sitreps: [
          { dueAt: '2025-01-20T08:00:30+07:00', submittedAt: null },
          // submitted late: still counts as submitted, and is the first one
          { dueAt: '2025-01-20T14:00:30+07:00', submittedAt: '2025-01-20T15:10:59+07:00' },
          { dueAt: '2025-01-20T20:00:30+07:00', submittedAt: null },
        ],
        escalations: 2,
      },
      {
        agencyCode: 'DISHUB',
        mobilisedAt: '2025-01-20T02:00:00+07:00',
        acknowledgedAt: null,
        sitreps: [
          { dueAt: '2025-01-20T08:00:00+07:00', submittedAt: null },
          // due after closing: not yet owed, so not missed
          { dueAt: '2025-01-22T20:00:00+07:00', submittedAt: null },
        ],
        escalations: 3,
      },
    ],
    requests: [
      {
        id: 'r1',
        fromAgency: 'DINSOS',
        toAgency: 'DPUPR',
        item: 'Mobil tangki air bersih',
        status: 'RECEIVED',
      },
      { id: 'r2', fromAgency: 'DINKES', toAgency: 'DISHUB', item: 'Ambulans tambahan', status: 'REFUSED' },
      { id: 'r3', fromAgency: 'BPBD', toAgency: 'DINSOS', item: 'Selimut 150 lembar', status: 'SENT' },
      { id: 'r4', fromAgency: 'KEC-TONGAS', toAgency: 'DLH', item: 'Truk sampah', status: 'CANCELLED' },
      { id: 'r5', fromAgency: 'DINSOS', toAgency: 'BPBD', item: 'Tenda keluarga', status: 'COMMITTED' },
      { id: 'r6', fromAgency: 'DINSOS', toAgency: 'DISPENDIK', item: 'Ruang kelas', status: 'REQUESTED' },
    ],
    figures: [
      {
        agencyCode: 'DINSOS',
        desaCode: '35.13.23.2001',
        field: 'mengungsi',
        value: 96,
        reportedAt: '2025-01-20T15:10:59+07:00',
      },
      {
        agencyCode: 'BPBD',
        desaCode: '35.13.23.2001',
        field: 'mengungsi',
        value: 110,
        reportedAt: '2025-01-20T13:50:00+07:00',
      },
    ],
  };

  it('computes whole minutes (floor), sitreps submitted and missed, escalations and totals', () => {
    const summary = afterActionSummary(input);
    // 2 days 12 h 30 min 45 s
    expect(summary.durationMinutes).toBe(2 * 1440 + 12 * 60 + 30);
    expect(summary.opd).toEqual([
      {
        agencyCode: 'BPBD',
        minutesToAcknowledge: 3,
        minutesToFirstSitrep: 5 * 60 + 45,
        sitrepsSubmitted: 2,
        sitrepsMissed: 0,
        escalations: 0,
      },
      {
        agencyCode: 'DINSOS',
        minutesToAcknowledge: 14, // 14 min 59 s
        minutesToFirstSitrep: 13 * 60 + 10, // 13 h 10 min 29 s
        sitrepsSubmitted: 1,
        sitrepsMissed: 2,
        escalations: 2,
      },
      {
        agencyCode: 'DISHUB',
        minutesToAcknowledge: null,
        minutesToFirstSitrep: null,
        sitrepsSubmitted: 0,
        sitrepsMissed: 1,
        escalations: 3,
      },
    ]);
    expect(summary.totals).toEqual({
      opdMobilised: 3,
      opdAcknowledged: 2,
      sitrepsSubmitted: 3,
      sitrepsMissed: 3,
      escalations: 5,
      requests: 6,
      unmetRequests: 4,
    });
  });

  it('lists unmet requests: open ones and REFUSED; RECEIVED and CANCELLED are not unmet', () => {
    expect(afterActionSummary(input).unmetRequests.map((r) => [r.id, r.status])).toEqual([
      ['r2', 'REFUSED'],
      ['r3', 'SENT'],
      ['r5', 'COMMITTED'],
      ['r6', 'REQUESTED'],
    ]);
  });

  it('includes the final roll-up with its conflicts', () => {
    const { finalFigures } = afterActionSummary(input);
    expect(finalFigures.kabupaten).toEqual({ mengungsi: 110 });
    expect(finalFigures.conflicts).toHaveLength(1);
  });

  it('counts an acknowledgement stamped before mobilisation (clock skew) as 0 minutes', () => {
    const summary = afterActionSummary({
      ...input,
      opd: [{ ...input.opd[0]!, acknowledgedAt: '2025-01-20T01:59:50+07:00' }],
    });
    expect(summary.opd[0]!.minutesToAcknowledge).toBe(0);
  });

  it('refuses a closing before the declaration and unparseable instants', () => {
    expect(() => afterActionSummary({ ...input, closedAt: '2025-01-20T01:00:00+07:00' })).toThrow(RangeError);
    expect(() => afterActionSummary({ ...input, declaredAt: 'kemarin' })).toThrow(RangeError);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(input);
    afterActionSummary(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
