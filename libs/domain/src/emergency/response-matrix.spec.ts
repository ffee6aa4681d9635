import { KECAMATAN, OPD, kecamatanAgencyCode } from '../../../../prisma/data/probolinggo';
import { INCIDENT_TYPES } from './incident-types';
import { CLUSTERS, CLUSTER_LABELS, RESPONSE_MATRIX, mobilisationFor } from './response-matrix';

const SEEDED_AGENCIES = new Set(OPD.map((o) => o.code));
const TONGAS = kecamatanAgencyCode('Tongas');
const SUKAPURA = kecamatanAgencyCode('Sukapura');

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
