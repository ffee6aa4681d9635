import type { IndicatorStandard } from '@gotong/domain/data-standard';

const BPS_SUSENAS = 'Susenas BPS; Data Terpadu Kesejahteraan Sosial (DTKS)';

/** The first indicators of the regency's catalogue: integrated poverty data and stunting (docs/domain.md, "Data satu pintu"). */
export const SEED_INDICATORS: IndicatorStandard[] = [
  {
    code: 'RT_MISKIN',
    name: 'Rumah tangga miskin',
    definition:
      'Jumlah rumah tangga dengan pengeluaran per kapita di bawah garis kemiskinan kabupaten, menurut data terpadu hasil verifikasi.',
    unit: 'rumah tangga',
    valueType: 'integer',
    min: 0,
    areaLevel: 'desa',
    periodicity: 'yearly',
    breakdown: null,
    producers: ['DINSOS', 'DPMD'],
    jumpFactor: 2,
    metadata: {
      source: BPS_SUSENAS,
      method: 'Verifikasi dan validasi DTKS per desa',
      contact: 'Walidata Diskominfo',
    },
  },
  {
    code: 'PENDUDUK_MISKIN',
    name: 'Penduduk miskin',
    definition: 'Jumlah jiwa anggota rumah tangga miskin, dipadankan dengan NIK pada data kependudukan.',
    unit: 'jiwa',
    valueType: 'integer',
    min: 0,
    areaLevel: 'desa',
    periodicity: 'yearly',
    breakdown: null,
    producers: ['DINSOS', 'DISPENDUKCAPIL'],
    jumpFactor: 2,
    metadata: { source: BPS_SUSENAS, method: 'Padanan NIK DTKS dengan SIAK', contact: 'Walidata Diskominfo' },
  },
  {
    code: 'JUMLAH_PENDUDUK',
    name: 'Jumlah penduduk',
    definition: 'Penduduk terdaftar menurut jenis kelamin pada akhir periode.',
    unit: 'jiwa',
    valueType: 'integer',
    min: 0,
    areaLevel: 'desa',
    periodicity: 'yearly',
    breakdown: {
      dimension: 'sex',
      categories: [
        { code: 'L', label: 'Laki-laki' },
        { code: 'P', label: 'Perempuan' },
      ],
    },
    producers: ['DISPENDUKCAPIL'],
    jumpFactor: 1.5,
    metadata: {
      source: 'SIAK Dispendukcapil',
      method: 'Agregat data kependudukan',
      contact: 'Walidata Diskominfo',
    },
  },
  {
    code: 'BALITA_STUNTING',
    name: 'Balita stunting',
    definition:
      'Jumlah balita dengan tinggi badan menurut umur di bawah -2 SD standar WHO, hasil pengukuran di posyandu.',
    unit: 'anak',
    valueType: 'integer',
    min: 0,
    areaLevel: 'desa',
    periodicity: 'yearly',
    breakdown: null,
    producers: ['DINKES', 'DP3AP2KB'],
    jumpFactor: 2,
    metadata: {
      source: 'e-PPGBM Dinkes; pendataan keluarga BKKBN',
      method: 'Pengukuran antropometri',
      contact: 'Walidata Diskominfo',
    },
  },
  {
    code: 'JUMLAH_PENGUNGSI',
    name: 'Warga mengungsi',
    definition:
      'Jumlah jiwa yang meninggalkan rumah karena bencana dan tinggal di pos pengungsian atau di tempat kerabat, menurut laporan situasi (sitrep) OPD selama kejadian; periodenya bulan kejadian ditetapkan.',
    unit: 'jiwa',
    valueType: 'integer',
    min: 0,
    areaLevel: 'desa',
    periodicity: 'monthly',
    breakdown: null,
    producers: ['BPBD', 'DINSOS', 'DINKES'],
    jumpFactor: 10,
    metadata: {
      source: 'Laporan situasi (sitrep) kejadian darurat, diterbitkan walidata setelah kejadian ditutup',
      method: 'Sitrep terakhir yang diterima per OPD dan desa',
      contact: 'Walidata Diskominfo',
    },
  },
];
