/** The forms a mobilised OPD fills in: the acknowledgement and the sitrep (situation report). */
import { type FormField, type FormSchema } from '../form-schema';
import { deepFreeze } from './collections';

export const ACKNOWLEDGEMENT_FORM: FormSchema = deepFreeze({
  fields: [
    {
      key: 'siap',
      label: 'Siap dikerahkan',
      type: 'boolean',
      required: true,
      help: 'OPD menerima mobilisasi dan siap bergerak',
    },
    {
      key: 'personelDikerahkan',
      label: 'Personel dikerahkan',
      type: 'integer',
      required: false,
      unit: 'orang',
      min: 0,
    },
    { key: 'posKomando', label: 'Pos komando / titik kumpul', type: 'text', required: false },
    { key: 'catatan', label: 'Catatan', type: 'longtext', required: false },
  ],
});

/**
 * The numeric fields of a sitrep, each reported per desa. A field that names an indicator (same unit, per desa)
 * goes into the one-door data store, held until the incident closes and the walidata publishes the incident's
 * figures (docs/domain.md, "Sitrep figures").
 */
export const SITREP_FIELDS: readonly { key: string; label: string; unit: string; indicator?: string }[] =
  deepFreeze([
    { key: 'terdampak', label: 'Warga terdampak', unit: 'jiwa' },
    { key: 'mengungsi', label: 'Warga mengungsi', unit: 'jiwa', indicator: 'JUMLAH_PENGUNGSI' },
    { key: 'lukaLuka', label: 'Luka-luka', unit: 'jiwa' },
    { key: 'meninggal', label: 'Meninggal dunia', unit: 'jiwa' },
    { key: 'hilang', label: 'Hilang', unit: 'jiwa' },
    { key: 'rumahRusakRingan', label: 'Rumah rusak ringan', unit: 'unit' },
    { key: 'rumahRusakSedang', label: 'Rumah rusak sedang', unit: 'unit' },
    { key: 'rumahRusakBerat', label: 'Rumah rusak berat', unit: 'unit' },
    { key: 'posPengungsian', label: 'Pos pengungsian dibuka', unit: 'lokasi' },
    { key: 'fasilitasUmumRusak', label: 'Fasilitas umum rusak', unit: 'unit' },
  ]);

export const SITREP_FORM: FormSchema = deepFreeze({
  fields: [
    ...SITREP_FIELDS.map((f): FormField => ({
      key: f.key,
      label: f.label,
      type: 'integer',
      required: false,
      unit: f.unit,
      min: 0,
      perArea: 'desa',
      ...(f.indicator ? { indicator: f.indicator } : {}),
    })),
    {
      key: 'narasi',
      label: 'Situasi terkini',
      type: 'longtext',
      required: true,
      help: 'Uraian singkat situasi, upaya yang sudah dilakukan dan kendala',
    },
    { key: 'kebutuhan', label: 'Kebutuhan mendesak', type: 'longtext', required: false },
  ],
});
