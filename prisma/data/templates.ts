/**
 * The joint-work templates seeded for Kabupaten Probolinggo (docs/domain.md, "Templates and the
 * responsibility matrix"). Long on purpose: four templates as data, one per joint effort. Workflow as data: each is a
 * DAG of OPD steps with a contribution form, an SLA and, where it differs from
 * the default ladder, an escalation policy. validateTemplate must accept every
 * one of them against the seeded agencies (template.spec.ts checks it).
 */
import {
  DEFAULT_TEMPLATE_OWNER,
  type EscalationPolicy,
  type TemplateDefinition,
  type TemplateParameter,
} from '@gotong/domain/template';
import { PLANNING_DECISION_FORM, PLANNING_PROPOSAL_TEMPLATE } from '@gotong/domain/planning'; // #18 planning

const KECAMATAN_PARAMETER: TemplateParameter = {
  key: 'kecamatan',
  label: 'Kecamatan lokasi',
  type: 'kecamatan',
  required: true,
};

/** Emergencies count calendar time in minutes and hours, not working days (docs/domain.md, "Calendars"). */
const EMERGENCY_ESCALATION: EscalationPolicy = {
  levels: [
    { level: 1, timeout: { amount: 30, unit: 'minutes' }, repeats: 1 },
    { level: 2, timeout: { amount: 1, unit: 'hours' }, repeats: 1 },
    { level: 3, timeout: { amount: 2, unit: 'hours' }, repeats: 0 },
  ],
};

/** The command step of an emergency escalates faster still: nothing moves until BPBD has assessed. */
const EMERGENCY_COMMAND_ESCALATION: EscalationPolicy = {
  levels: [
    { level: 1, timeout: { amount: 15, unit: 'minutes' }, repeats: 1 },
    { level: 2, timeout: { amount: 30, unit: 'minutes' }, repeats: 0 },
    { level: 3, timeout: { amount: 1, unit: 'hours' }, repeats: 0 },
  ],
};

const PERCEPATAN_PENURUNAN_STUNTING: TemplateDefinition = {
  code: 'percepatan-penurunan-stunting',
  name: 'Percepatan Penurunan Stunting',
  description:
    'Aksi konvergensi percepatan penurunan stunting tingkat kecamatan: data sasaran dari Dinkes dan DP3AP2KB ' +
    'diverifikasi kecamatan, intervensi PMT dan dana desa dihimpun, lalu Bappeda menyusun rekap dan rencana aksi ' +
    'yang dipublikasikan Diskominfo.',
  category: 'PROGRAM',
  parameters: [
    KECAMATAN_PARAMETER,
    { key: 'tahun', label: 'Tahun pelaksanaan', type: 'text', required: true },
    { key: 'targetSelesai', label: 'Target penyelesaian rencana aksi', type: 'date', required: false },
  ],
  steps: [
    {
      key: 'data-stunting',
      title: 'Data balita stunting per desa',
      instructions:
        'Isikan jumlah balita yang diukur dan jumlah balita stunting (TB/U < -2 SD) per desa dari hasil bulan ' +
        'penimbangan dan e-PPGBM terakhir. Koordinasikan dengan puskesmas di kecamatan lokasi.',
      owner: { agency: 'DINKES' },
      form: {
        fields: [
          {
            key: 'jumlahBalitaDiukur',
            label: 'Jumlah balita diukur',
            type: 'integer',
            required: true,
            unit: 'anak',
            min: 0,
            perArea: 'desa',
          },
          {
            key: 'jumlahBalitaStunting',
            label: 'Jumlah balita stunting',
            type: 'integer',
            required: true,
            unit: 'anak',
            min: 0,
            perArea: 'desa',
            help: 'Balita dengan tinggi badan menurut umur di bawah -2 standar deviasi.',
            // Accepted figures flow into the one-door data store as the indicator (unit anak, per desa, yearly).
            indicator: 'BALITA_STUNTING',
          },
          {
            key: 'tanggalPengukuran',
            label: 'Tanggal akhir pengukuran',
            type: 'date',
            required: true,
          },
          { key: 'catatan', label: 'Catatan', type: 'longtext', required: false },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: [],
    },
    {
      key: 'keluarga-berisiko',
      title: 'Keluarga berisiko stunting per desa',
      instructions:
        'Isikan jumlah keluarga berisiko stunting per desa hasil pendataan keluarga dan verifikasi Tim Pendamping ' +
        'Keluarga (TPK), serta jumlah TPK yang aktif mendampingi.',
      owner: { agency: 'DP3AP2KB' },
      form: {
        fields: [
          {
            key: 'jumlahKeluargaBerisiko',
            label: 'Jumlah keluarga berisiko stunting',
            type: 'integer',
            required: true,
            unit: 'keluarga',
            min: 0,
            perArea: 'desa',
          },
          {
            key: 'jumlahTpkAktif',
            label: 'Jumlah Tim Pendamping Keluarga aktif',
            type: 'integer',
            required: false,
            unit: 'tim',
            min: 0,
          },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: [],
    },
    {
      key: 'distribusi-pmt',
      title: 'Distribusi Pemberian Makanan Tambahan (PMT)',
      instructions:
        'Laporkan jumlah paket PMT yang telah disalurkan kepada balita dan ibu hamil per desa beserta sumber ' +
        'dananya.',
      owner: { agency: 'DINSOS' },
      form: {
        fields: [
          {
            key: 'paketPmt',
            label: 'Paket PMT tersalurkan',
            type: 'integer',
            required: true,
            unit: 'paket',
            min: 0,
            perArea: 'desa',
          },
          {
            key: 'sumberDana',
            label: 'Sumber dana',
            type: 'select',
            required: true,
            options: ['APBD Kabupaten', 'APBD Provinsi', 'APBN', 'CSR / mitra'],
          },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: [],
    },
    {
      key: 'dana-desa-stunting',
      title: 'Alokasi dana desa untuk stunting',
      instructions:
        'Isikan alokasi Dana Desa tahun berjalan untuk kegiatan pencegahan stunting (posyandu, PMT lokal, ' +
        'sanitasi, kelas ibu) per desa sesuai APBDes yang ditetapkan.',
      owner: { agency: 'DPMD' },
      form: {
        fields: [
          {
            key: 'alokasiDanaDesa',
            label: 'Alokasi Dana Desa untuk stunting',
            type: 'integer',
            required: true,
            unit: 'Rp',
            min: 0,
            perArea: 'desa',
          },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: [],
    },
    {
      key: 'verifikasi-kecamatan',
      title: 'Verifikasi data sasaran oleh kecamatan',
      instructions:
        'Bersama TPPS kecamatan dan kepala desa, periksa data balita stunting dan keluarga berisiko per desa. ' +
        'Tandai apakah data sesuai kondisi lapangan dan tetapkan jumlah desa lokus.',
      owner: { responsibility: 'kecamatan-lokasi' },
      form: {
        fields: [
          { key: 'dataSesuai', label: 'Data sesuai kondisi lapangan', type: 'boolean', required: true },
          {
            key: 'jumlahDesaLokus',
            label: 'Jumlah desa lokus stunting',
            type: 'integer',
            required: true,
            unit: 'desa',
            min: 0,
          },
          { key: 'catatanVerifikasi', label: 'Catatan verifikasi', type: 'longtext', required: false },
        ],
      },
      sla: { amount: 3, unit: 'workingDays' },
      dependsOn: ['data-stunting', 'keluarga-berisiko'],
    },
    {
      key: 'rekap-rencana-aksi',
      title: 'Rekapitulasi dan rencana aksi',
      instructions:
        'Rekap seluruh data sasaran dan intervensi, hitung prevalensi stunting kecamatan dan susun rencana aksi ' +
        'untuk dibahas dalam rembuk stunting.',
      owner: { responsibility: 'perencanaan' },
      form: {
        fields: [
          {
            key: 'prevalensiStunting',
            label: 'Prevalensi stunting',
            type: 'number',
            required: true,
            unit: '%',
            min: 0,
            max: 100,
          },
          {
            key: 'targetPrevalensi',
            label: 'Target prevalensi akhir tahun',
            type: 'number',
            required: true,
            unit: '%',
            min: 0,
            max: 100,
          },
          { key: 'rencanaAksi', label: 'Rencana aksi', type: 'longtext', required: true },
          { key: 'tanggalRembuk', label: 'Tanggal rembuk stunting', type: 'date', required: false },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: ['verifikasi-kecamatan', 'distribusi-pmt', 'dana-desa-stunting'],
    },
    {
      key: 'publikasi',
      title: 'Publikasi data dan rencana aksi',
      instructions:
        'Terbitkan rekap data stunting dan rencana aksi di portal Satu Data dan kanal resmi Pemerintah ' +
        'Kabupaten Probolinggo, lalu isikan tautannya.',
      owner: { agency: 'DISKOMINFO' },
      form: {
        fields: [
          { key: 'tautanPublikasi', label: 'Tautan publikasi', type: 'text', required: true },
          {
            key: 'kanal',
            label: 'Kanal publikasi',
            type: 'select',
            required: true,
            options: ['Portal Satu Data', 'Website Pemkab', 'Media sosial resmi'],
          },
          { key: 'tanggalTerbit', label: 'Tanggal terbit', type: 'date', required: true },
        ],
      },
      sla: { amount: 2, unit: 'workingDays' },
      dependsOn: ['rekap-rencana-aksi'],
    },
  ],
};

const PERBAIKAN_JALAN_ADUAN_WARGA: TemplateDefinition = {
  code: 'perbaikan-jalan-aduan-warga',
  name: 'Perbaikan Jalan Rusak dari Aduan Warga',
  description:
    'Tindak lanjut aduan warga tentang jalan rusak: kecamatan memverifikasi aduan, DPUPR menyurvei kerusakan ' +
    'sementara Dishub mengatur lalu lintas, BKD menyiapkan anggaran, lalu DPUPR menuntaskan perbaikan.',
  category: 'INFRASTRUCTURE',
  parameters: [
    KECAMATAN_PARAMETER,
    { key: 'desa', label: 'Desa lokasi', type: 'desa', required: false },
    { key: 'nomorAduan', label: 'Nomor aduan (SP4N-LAPOR!)', type: 'text', required: true },
    { key: 'lokasi', label: 'Nama ruas / lokasi jalan', type: 'text', required: true },
  ],
  steps: [
    {
      key: 'verifikasi-aduan',
      title: 'Verifikasi aduan warga',
      instructions:
        'Cek lokasi yang diadukan bersama perangkat desa. Pastikan ruas jalan, foto kondisi dan dampaknya bagi ' +
        'warga, lalu nyatakan apakah aduan valid.',
      owner: { responsibility: 'kecamatan-lokasi' },
      form: {
        fields: [
          { key: 'aduanValid', label: 'Aduan valid', type: 'boolean', required: true },
          { key: 'lokasiRuas', label: 'Nama ruas dan titik lokasi', type: 'text', required: true },
          {
            key: 'wargaTerdampak',
            label: 'Perkiraan warga terdampak',
            type: 'integer',
            required: false,
            unit: 'jiwa',
            min: 0,
          },
          { key: 'catatan', label: 'Catatan', type: 'longtext', required: false },
        ],
      },
      sla: { amount: 2, unit: 'workingDays' },
      dependsOn: [],
    },
    {
      key: 'survei-kerusakan',
      title: 'Survei kerusakan jalan',
      instructions:
        'Lakukan survei teknis: ukur panjang dan lebar kerusakan, tentukan tingkat kerusakan dan status jalan, ' +
        'serta perkirakan biaya perbaikan.',
      owner: { agency: 'DPUPR' },
      form: {
        fields: [
          {
            key: 'panjangKerusakan',
            label: 'Panjang kerusakan',
            type: 'number',
            required: true,
            unit: 'km',
            min: 0,
            max: 100,
          },
          {
            key: 'tingkatKerusakan',
            label: 'Tingkat kerusakan',
            type: 'select',
            required: true,
            options: ['Ringan', 'Sedang', 'Berat'],
          },
          {
            key: 'statusJalan',
            label: 'Status jalan',
            type: 'select',
            required: true,
            options: ['Jalan kabupaten', 'Jalan desa', 'Jalan provinsi', 'Jalan nasional'],
            help: 'Jalan provinsi dan nasional diteruskan ke instansi yang berwenang.',
          },
          {
            key: 'perkiraanBiaya',
            label: 'Perkiraan biaya perbaikan',
            type: 'integer',
            required: true,
            unit: 'Rp',
            min: 0,
          },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: ['verifikasi-aduan'],
    },
    {
      key: 'manajemen-lalu-lintas',
      title: 'Manajemen lalu lintas di lokasi',
      instructions:
        'Pasang rambu peringatan di titik kerusakan dan siapkan pengalihan arus bila perbaikan menutup jalan.',
      owner: { agency: 'DISHUB' },
      form: {
        fields: [
          {
            key: 'rambuTerpasang',
            label: 'Rambu peringatan terpasang',
            type: 'integer',
            required: true,
            unit: 'unit',
            min: 0,
          },
          { key: 'perluPengalihanArus', label: 'Perlu pengalihan arus', type: 'boolean', required: true },
          { key: 'rencanaPengalihan', label: 'Rencana pengalihan arus', type: 'longtext', required: false },
        ],
      },
      sla: { amount: 3, unit: 'workingDays' },
      dependsOn: ['verifikasi-aduan'],
    },
    {
      key: 'penganggaran',
      title: 'Penyediaan anggaran perbaikan',
      instructions:
        'Berdasarkan hasil survei DPUPR, tetapkan nilai dan sumber anggaran perbaikan serta kode rekening ' +
        'belanjanya.',
      owner: { responsibility: 'anggaran' },
      form: {
        fields: [
          {
            key: 'nilaiAnggaran',
            label: 'Nilai anggaran disetujui',
            type: 'integer',
            required: true,
            unit: 'Rp',
            min: 0,
          },
          {
            key: 'sumberAnggaran',
            label: 'Sumber anggaran',
            type: 'select',
            required: true,
            options: ['APBD murni', 'APBD perubahan', 'Belanja tidak terduga', 'DAK'],
          },
          { key: 'kodeRekening', label: 'Kode rekening belanja', type: 'text', required: false },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: ['survei-kerusakan'],
    },
    {
      key: 'perbaikan-selesai',
      title: 'Perbaikan jalan selesai',
      instructions:
        'Laksanakan perbaikan sesuai anggaran dan pengaturan lalu lintas yang disiapkan. Laporkan tanggal ' +
        'selesai, panjang yang diperbaiki, realisasi biaya dan tautan dokumentasi foto.',
      owner: { agency: 'DPUPR' },
      form: {
        fields: [
          { key: 'tanggalSelesai', label: 'Tanggal selesai', type: 'date', required: true },
          {
            key: 'panjangDiperbaiki',
            label: 'Panjang jalan diperbaiki',
            type: 'number',
            required: true,
            unit: 'km',
            min: 0,
            max: 100,
          },
          {
            key: 'realisasiBiaya',
            label: 'Realisasi biaya',
            type: 'integer',
            required: true,
            unit: 'Rp',
            min: 0,
          },
          { key: 'dokumentasi', label: 'Tautan dokumentasi foto', type: 'text', required: false },
        ],
      },
      sla: { amount: 15, unit: 'workingDays' },
      dependsOn: ['penganggaran', 'manajemen-lalu-lintas'],
    },
  ],
};

const PENDATAAN_KEMISKINAN_TERPADU: TemplateDefinition = {
  code: 'pendataan-kemiskinan-terpadu',
  name: 'Pendataan Kemiskinan Terpadu (Data Satu Pintu)',
  description:
    'Dinsos, Dispendukcapil dan DPMD menyerahkan data kemiskinan masing-masing; Bappeda sebagai walidata ' +
    'merekonsiliasi menjadi satu angka resmi yang kemudian dipublikasikan.',
  category: 'DATA',
  parameters: [
    { key: 'periode', label: 'Periode pendataan (mis. Semester I 2025)', type: 'text', required: true },
    { key: 'batasWaktu', label: 'Batas waktu rekonsiliasi', type: 'date', required: false },
  ],
  steps: [
    {
      key: 'data-dtsen',
      title: 'Data keluarga miskin DTSEN',
      instructions:
        'Tarik data keluarga pada Data Tunggal Sosial dan Ekonomi Nasional (DTSEN, sebelumnya DTKS) per desa: ' +
        'jumlah keluarga terdaftar dan yang berada pada desil 1 (miskin ekstrem).',
      owner: { agency: 'DINSOS' },
      form: {
        fields: [
          {
            key: 'jumlahKeluargaDtsen',
            label: 'Jumlah keluarga terdaftar DTSEN',
            type: 'integer',
            required: true,
            unit: 'KK',
            min: 0,
            perArea: 'desa',
          },
          {
            key: 'jumlahKeluargaDesil1',
            label: 'Jumlah keluarga desil 1 (miskin ekstrem)',
            type: 'integer',
            required: true,
            unit: 'KK',
            min: 0,
            perArea: 'desa',
          },
          { key: 'tanggalTarikData', label: 'Tanggal penarikan data', type: 'date', required: true },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: [],
    },
    {
      key: 'validasi-nik',
      title: 'Validasi NIK penduduk miskin',
      instructions:
        'Padankan NIK anggota keluarga miskin dengan database kependudukan (SIAK). Laporkan jumlah NIK yang ' +
        'diperiksa, yang valid, yang tidak ditemukan dan yang ganda.',
      owner: { agency: 'DISPENDUKCAPIL' },
      form: {
        fields: [
          {
            key: 'nikDiperiksa',
            label: 'NIK diperiksa',
            type: 'integer',
            required: true,
            unit: 'NIK',
            min: 0,
          },
          { key: 'nikValid', label: 'NIK valid', type: 'integer', required: true, unit: 'NIK', min: 0 },
          {
            key: 'nikTidakDitemukan',
            label: 'NIK tidak ditemukan',
            type: 'integer',
            required: true,
            unit: 'NIK',
            min: 0,
          },
          { key: 'nikGanda', label: 'NIK ganda', type: 'integer', required: true, unit: 'NIK', min: 0 },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: [],
    },
    {
      key: 'data-desa',
      title: 'Data kemiskinan hasil musyawarah desa',
      instructions:
        'Himpun jumlah keluarga miskin hasil musyawarah desa / Sistem Informasi Desa dari setiap desa, serta ' +
        'jumlah desa yang sudah melapor.',
      owner: { agency: 'DPMD' },
      form: {
        fields: [
          {
            key: 'jumlahKeluargaMiskinDesa',
            label: 'Jumlah keluarga miskin menurut desa',
            type: 'integer',
            required: true,
            unit: 'KK',
            min: 0,
            perArea: 'desa',
          },
          {
            key: 'desaMelapor',
            label: 'Jumlah desa yang melapor',
            type: 'integer',
            required: true,
            unit: 'desa',
            min: 0,
            max: 330,
          },
        ],
      },
      sla: { amount: 7, unit: 'workingDays' },
      dependsOn: [],
    },
    {
      key: 'rekonsiliasi',
      title: 'Rekonsiliasi data kemiskinan (walidata)',
      instructions:
        'Bandingkan data DTSEN, hasil validasi NIK dan data desa. Tetapkan jumlah keluarga miskin per desa yang ' +
        'disepakati, jelaskan selisih yang ditemukan dan nomor berita acara rekonsiliasi.',
      owner: { responsibility: 'walidata' },
      form: {
        fields: [
          {
            key: 'jumlahKeluargaMiskinFinal',
            label: 'Jumlah keluarga miskin hasil rekonsiliasi',
            type: 'integer',
            required: true,
            unit: 'KK',
            min: 0,
            perArea: 'desa',
          },
          {
            key: 'desaBerselisih',
            label: 'Jumlah desa dengan selisih data',
            type: 'integer',
            required: true,
            unit: 'desa',
            min: 0,
          },
          { key: 'nomorBeritaAcara', label: 'Nomor berita acara', type: 'text', required: true },
          { key: 'penjelasanSelisih', label: 'Penjelasan selisih data', type: 'longtext', required: false },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: ['data-dtsen', 'validasi-nik', 'data-desa'],
    },
    {
      key: 'publikasi',
      title: 'Publikasi data kemiskinan terpadu',
      instructions:
        'Terbitkan data kemiskinan hasil rekonsiliasi di portal Satu Data Kabupaten Probolinggo sebagai satu ' +
        'angka resmi.',
      owner: { responsibility: 'informasi-publik' },
      form: {
        fields: [
          { key: 'tautanPublikasi', label: 'Tautan dataset', type: 'text', required: true },
          { key: 'tanggalTerbit', label: 'Tanggal terbit', type: 'date', required: true },
        ],
      },
      sla: { amount: 2, unit: 'workingDays' },
      dependsOn: ['rekonsiliasi'],
    },
  ],
};

const TANGGAP_DARURAT_BENCANA: TemplateDefinition = {
  code: 'tanggap-darurat-bencana',
  name: 'Tanggap Darurat Bencana',
  description:
    'Penanganan darurat banjir, tanah longsor atau erupsi Gunung Bromo (Sukapura): BPBD memegang komando dan ' +
    'melakukan kaji cepat, OPD terkait bergerak serentak, lalu BPBD menyusun rekap penanganan. Waktu dihitung ' +
    'dalam jam, 24/7.',
  category: 'EMERGENCY',
  parameters: [
    KECAMATAN_PARAMETER,
    {
      key: 'jenisBencana',
      label: 'Jenis bencana (banjir / tanah longsor / erupsi)',
      type: 'text',
      required: true,
    },
    { key: 'tanggalKejadian', label: 'Tanggal kejadian', type: 'date', required: true },
    { key: 'desa', label: 'Desa terdampak utama', type: 'desa', required: false },
  ],
  steps: [
    {
      key: 'kaji-cepat',
      title: 'Kaji cepat dan penetapan status',
      instructions:
        'Tim Reaksi Cepat BPBD menuju lokasi, melakukan kaji cepat dampak bencana dan menetapkan status keadaan. ' +
        'Laporkan pengungsi per desa, korban, rumah rusak dan kebutuhan mendesak.',
      owner: { responsibility: 'komando-bencana' },
      form: {
        fields: [
          {
            key: 'statusKeadaan',
            label: 'Status keadaan',
            type: 'select',
            required: true,
            options: ['Siaga darurat', 'Tanggap darurat', 'Transisi darurat ke pemulihan'],
          },
          {
            key: 'pengungsi',
            label: 'Jumlah pengungsi',
            type: 'integer',
            required: true,
            unit: 'jiwa',
            min: 0,
            perArea: 'desa',
          },
          {
            key: 'korbanMeninggal',
            label: 'Korban meninggal',
            type: 'integer',
            required: true,
            unit: 'jiwa',
            min: 0,
          },
          {
            key: 'korbanLuka',
            label: 'Korban luka-luka',
            type: 'integer',
            required: true,
            unit: 'jiwa',
            min: 0,
          },
          { key: 'rumahRusak', label: 'Rumah rusak', type: 'integer', required: true, unit: 'unit', min: 0 },
          { key: 'kebutuhanMendesak', label: 'Kebutuhan mendesak', type: 'longtext', required: true },
        ],
      },
      sla: { amount: 3, unit: 'hours' },
      dependsOn: [],
      escalation: EMERGENCY_COMMAND_ESCALATION,
    },
    {
      key: 'layanan-kesehatan',
      title: 'Layanan kesehatan darurat',
      instructions:
        'Dirikan pos kesehatan di lokasi pengungsian, layani korban dan atur rujukan ke rumah sakit. Laporkan ' +
        'kebutuhan obat dan tenaga kesehatan.',
      owner: { agency: 'DINKES' },
      form: {
        fields: [
          {
            key: 'posKesehatan',
            label: 'Pos kesehatan didirikan',
            type: 'integer',
            required: true,
            unit: 'pos',
            min: 0,
          },
          {
            key: 'pasienDilayani',
            label: 'Pasien dilayani',
            type: 'integer',
            required: true,
            unit: 'orang',
            min: 0,
          },
          {
            key: 'rujukan',
            label: 'Rujukan ke rumah sakit',
            type: 'integer',
            required: true,
            unit: 'orang',
            min: 0,
          },
          {
            key: 'kebutuhanObat',
            label: 'Kebutuhan obat dan tenaga kesehatan',
            type: 'longtext',
            required: false,
          },
        ],
      },
      sla: { amount: 6, unit: 'hours' },
      dependsOn: ['kaji-cepat'],
      escalation: EMERGENCY_ESCALATION,
    },
    {
      key: 'logistik-pengungsi',
      title: 'Logistik dan dapur umum pengungsi',
      instructions:
        'Buka dapur umum, salurkan paket sembako dan kebutuhan dasar (selimut, matras, perlengkapan bayi) ke ' +
        'pengungsi. Laporkan pengungsi yang sudah tertangani per desa.',
      owner: { agency: 'DINSOS' },
      form: {
        fields: [
          {
            key: 'dapurUmum',
            label: 'Dapur umum aktif',
            type: 'integer',
            required: true,
            unit: 'unit',
            min: 0,
          },
          {
            key: 'paketSembako',
            label: 'Paket sembako tersalurkan',
            type: 'integer',
            required: true,
            unit: 'paket',
            min: 0,
          },
          {
            key: 'pengungsiTertangani',
            label: 'Pengungsi tertangani',
            type: 'integer',
            required: true,
            unit: 'jiwa',
            min: 0,
            perArea: 'desa',
          },
        ],
      },
      sla: { amount: 6, unit: 'hours' },
      dependsOn: ['kaji-cepat'],
      escalation: EMERGENCY_ESCALATION,
    },
    {
      key: 'akses-jalan',
      title: 'Pembukaan akses jalan',
      instructions:
        'Kerahkan alat berat untuk membuka ruas yang tertutup material banjir, longsor atau abu vulkanik. ' +
        'Laporkan ruas yang masih tertutup dan perkiraan waktu terbuka.',
      owner: { agency: 'DPUPR' },
      form: {
        fields: [
          {
            key: 'ruasTertutup',
            label: 'Ruas jalan tertutup',
            type: 'integer',
            required: true,
            unit: 'ruas',
            min: 0,
          },
          {
            key: 'alatBerat',
            label: 'Alat berat dikerahkan',
            type: 'integer',
            required: true,
            unit: 'unit',
            min: 0,
          },
          { key: 'aksesTerbuka', label: 'Akses utama sudah terbuka', type: 'boolean', required: true },
          { key: 'perkiraanPembukaan', label: 'Perkiraan akses terbuka', type: 'text', required: false },
        ],
      },
      sla: { amount: 6, unit: 'hours' },
      dependsOn: ['kaji-cepat'],
      escalation: EMERGENCY_ESCALATION,
    },
    {
      key: 'pengamanan',
      title: 'Pengamanan lokasi dan pengungsian',
      instructions:
        'Amankan lokasi terdampak, rumah yang ditinggalkan warga dan lokasi pengungsian; bantu evakuasi warga ' +
        'bersama TNI/Polri.',
      owner: { agency: 'SATPOLPP' },
      form: {
        fields: [
          {
            key: 'personel',
            label: 'Personel dikerahkan',
            type: 'integer',
            required: true,
            unit: 'orang',
            min: 0,
          },
          {
            key: 'titikPengamanan',
            label: 'Titik pengamanan',
            type: 'integer',
            required: true,
            unit: 'titik',
            min: 0,
          },
          { key: 'catatan', label: 'Catatan', type: 'longtext', required: false },
        ],
      },
      sla: { amount: 4, unit: 'hours' },
      dependsOn: ['kaji-cepat'],
      escalation: EMERGENCY_ESCALATION,
    },
    {
      key: 'jalur-evakuasi',
      title: 'Jalur evakuasi dan pengalihan arus',
      instructions:
        'Tetapkan dan jaga jalur evakuasi, siapkan armada angkutan evakuasi dan alihkan arus lalu lintas dari ' +
        'kawasan terdampak.',
      owner: { agency: 'DISHUB' },
      form: {
        fields: [
          {
            key: 'jalurEvakuasi',
            label: 'Jalur evakuasi aktif',
            type: 'integer',
            required: true,
            unit: 'jalur',
            min: 0,
          },
          {
            key: 'armadaEvakuasi',
            label: 'Armada evakuasi',
            type: 'integer',
            required: true,
            unit: 'unit',
            min: 0,
          },
          { key: 'pengalihanArus', label: 'Pengalihan arus lalu lintas', type: 'longtext', required: false },
        ],
      },
      sla: { amount: 4, unit: 'hours' },
      dependsOn: ['kaji-cepat'],
      escalation: EMERGENCY_ESCALATION,
    },
    {
      key: 'informasi-publik',
      title: 'Informasi publik dan penanganan hoaks',
      instructions:
        'Terbitkan rilis resmi pertama, umumkan nomor posko dan pantau serta luruskan hoaks terkait bencana di ' +
        'media sosial.',
      owner: { agency: 'DISKOMINFO' },
      form: {
        fields: [
          { key: 'tautanRilis', label: 'Tautan rilis resmi', type: 'text', required: true },
          { key: 'nomorPosko', label: 'Nomor telepon posko', type: 'text', required: true },
          {
            key: 'hoaksDitangani',
            label: 'Hoaks diklarifikasi',
            type: 'integer',
            required: false,
            unit: 'konten',
            min: 0,
          },
        ],
      },
      sla: { amount: 2, unit: 'hours' },
      dependsOn: ['kaji-cepat'],
      escalation: EMERGENCY_ESCALATION,
    },
    {
      key: 'data-kecamatan',
      title: 'Data warga terdampak dari kecamatan',
      instructions:
        'Bersama kepala desa, himpun data warga terdampak per desa, lokasi pengungsian dan kebutuhan warga yang ' +
        'belum terpenuhi.',
      owner: { responsibility: 'kecamatan-lokasi' },
      form: {
        fields: [
          {
            key: 'wargaTerdampak',
            label: 'Warga terdampak',
            type: 'integer',
            required: true,
            unit: 'jiwa',
            min: 0,
            perArea: 'desa',
          },
          { key: 'lokasiPengungsian', label: 'Lokasi pengungsian', type: 'text', required: true },
          {
            key: 'kebutuhanWarga',
            label: 'Kebutuhan warga belum terpenuhi',
            type: 'longtext',
            required: false,
          },
        ],
      },
      sla: { amount: 4, unit: 'hours' },
      dependsOn: ['kaji-cepat'],
      escalation: EMERGENCY_ESCALATION,
    },
    {
      key: 'rekap-penanganan',
      title: 'Rekap penanganan dan laporan situasi',
      instructions:
        'Rekap laporan seluruh OPD menjadi laporan situasi (sitrep), tetapkan langkah lanjutan dan usulkan ' +
        'perpanjangan atau pengakhiran status tanggap darurat kepada Bupati.',
      owner: { responsibility: 'komando-bencana' },
      form: {
        fields: [
          {
            key: 'totalPengungsi',
            label: 'Total pengungsi',
            type: 'integer',
            required: true,
            unit: 'jiwa',
            min: 0,
          },
          {
            key: 'statusLanjutan',
            label: 'Usulan status lanjutan',
            type: 'select',
            required: true,
            options: [
              'Perpanjang tanggap darurat',
              'Transisi darurat ke pemulihan',
              'Status darurat berakhir',
            ],
          },
          { key: 'laporanSituasi', label: 'Laporan situasi (sitrep)', type: 'longtext', required: true },
          { key: 'kebutuhanLanjutan', label: 'Kebutuhan lanjutan', type: 'longtext', required: false },
        ],
      },
      sla: { amount: 12, unit: 'hours' },
      dependsOn: [
        'layanan-kesehatan',
        'logistik-pengungsi',
        'akses-jalan',
        'pengamanan',
        'jalur-evakuasi',
        'informasi-publik',
        'data-kecamatan',
      ],
      escalation: EMERGENCY_ESCALATION,
    },
  ],
};

/**
 * #18 planning: an OPD's decision on a Musrenbang proposal (Permendagri 86/2017: usulan Musrenbang kecamatan are
 * taken into the OPDs' Renja at the Forum Perangkat Daerah, or declined with a reason). The planning cycle's
 * routing (activities/planning.activities.ts) copies the one step once per OPD the proposal is routed to, with
 * the owner replaced and the deadline at the end of the Forum Perangkat Daerah; the step's owner here is only
 * the template's default.
 */
const USULAN_MUSRENBANG: TemplateDefinition = {
  code: PLANNING_PROPOSAL_TEMPLATE,
  name: 'Keputusan OPD atas usulan Musrenbang',
  description:
    'Usulan Musrenbang kecamatan diteruskan ke OPD penanggung jawab menurut matriks tanggung jawab. Setiap OPD ' +
    'menerima usulan ke dalam Renja dengan program, kegiatan, sub kegiatan, kode rekening dan pagu, atau ' +
    'menolaknya dengan alasan, paling lambat akhir Forum Perangkat Daerah.',
  category: 'PLANNING',
  parameters: [
    { key: 'planningYear', label: 'Tahun RKPD', type: 'text', required: true },
    { key: 'proposalId', label: 'Nomor usulan', type: 'text', required: true },
    KECAMATAN_PARAMETER,
    { key: 'desa', label: 'Desa pengusul', type: 'desa', required: true },
  ],
  steps: [
    {
      key: 'keputusan',
      title: 'Keputusan atas usulan Musrenbang',
      instructions:
        'Pelajari permasalahan dan usulan kegiatan desa. TERIMA bila usulan masuk Renja OPD Anda: isikan ' +
        'program, kegiatan, sub kegiatan, kode rekening dan pagu indikatif. TOLAK bila tidak dapat diakomodasi: ' +
        'tuliskan alasannya (akan dibaca kecamatan dan Bappeda).',
      owner: { responsibility: 'perencanaan' },
      form: PLANNING_DECISION_FORM,
      sla: { amount: 10, unit: 'workingDays' },
      dependsOn: [],
    },
  ],
};

/** The OPD that owns the seeded templates (permissions versionsTemplate): BAPPEDA, the planning agency. */
export const SEED_TEMPLATE_OWNER = DEFAULT_TEMPLATE_OWNER;

export const SEED_TEMPLATES: TemplateDefinition[] = [
  PERCEPATAN_PENURUNAN_STUNTING,
  PERBAIKAN_JALAN_ADUAN_WARGA,
  PENDATAAN_KEMISKINAN_TERPADU,
  TANGGAP_DARURAT_BENCANA,
  USULAN_MUSRENBANG, // #18 planning
];
