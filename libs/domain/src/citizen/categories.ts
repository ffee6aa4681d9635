/**
 * The categories of a citizen report (aduan warga, in the spirit of SP4N-LAPOR!: Perpres 76/2013 on public
 * complaint handling, PermenPANRB 62/2018 on its national management), as data: who handles each, the template a
 * triage suggests, and the first-response SLA. Pure: the API and the workflow read the same table.
 *
 * The handling OPD is named through the responsibility matrix (../responsibility.ts), never by a code of its own,
 * so a change of who carries a function moves the reports with it. `lainnya` (anything else) goes to the regency
 * desk: the OPD carrying `pengaduan-masyarakat` (DISKOMINFO), which also sees every report.
 */
import type { Sla } from '../calendar';
import { RESPONSIBILITIES } from '../responsibility';

/** The responsibility of the regency's complaint desk (admin of the complaint channel): sees every report. */
export const DESK_RESPONSIBILITY = 'pengaduan-masyarakat';

/** The first response a citizen may expect: 5 working days (the regency's service standard for complaints). */
export const FIRST_RESPONSE_SLA: Readonly<Sla> = Object.freeze({ amount: 5, unit: 'workingDays' });

export interface CitizenCategory {
  code: string;
  label: { id: string; en: string };
  /** Who handles it, through the responsibility matrix. */
  responsibility: string;
  /** The template a triage into a joint project suggests, if any (prisma/data/templates.ts). */
  suggestedTemplate: string | null;
  firstResponseSla: Readonly<Sla>;
}

const category = (
  code: string,
  id: string,
  en: string,
  responsibility: string,
  suggestedTemplate: string | null = null,
): CitizenCategory =>
  Object.freeze({
    code,
    label: Object.freeze({ id, en }),
    responsibility,
    suggestedTemplate,
    firstResponseSla: FIRST_RESPONSE_SLA,
  });

export const CITIZEN_CATEGORIES: readonly CitizenCategory[] = Object.freeze([
  category(
    'jalan',
    'Jalan, jembatan dan sarana umum',
    'Roads, bridges and public works',
    'infrastruktur-jalan',
    'perbaikan-jalan-aduan-warga',
  ),
  category('kesehatan', 'Layanan kesehatan', 'Health services', 'layanan-kesehatan'),
  category('sosial', 'Bantuan dan perlindungan sosial', 'Social assistance', 'perlindungan-sosial'),
  category(
    'adminduk',
    'Administrasi kependudukan (KTP, KK)',
    'Civil registration (ID, family card)',
    'administrasi-kependudukan',
  ),
  category('ketertiban', 'Ketertiban umum', 'Public order', 'ketertiban-umum'),
  category('lingkungan', 'Lingkungan hidup dan sampah', 'Environment and waste', 'lingkungan-hidup'),
  category('pendidikan', 'Pendidikan', 'Education', 'pendidikan'),
  category('lainnya', 'Lainnya', 'Other', DESK_RESPONSIBILITY),
]);

export function citizenCategory(code: unknown): CitizenCategory | undefined {
  return typeof code === 'string' ? CITIZEN_CATEGORIES.find((c) => c.code === code) : undefined;
}

/** The agency code that handles a category (through the matrix), or undefined for an unknown category. */
export function handlingAgencyCode(code: unknown): string | undefined {
  const found = citizenCategory(code);
  if (!found) return undefined;
  return Object.hasOwn(RESPONSIBILITIES, found.responsibility)
    ? RESPONSIBILITIES[found.responsibility]?.agency
    : undefined;
}

/** The regency desk's agency code. */
export function deskAgencyCode(): string {
  return RESPONSIBILITIES[DESK_RESPONSIBILITY]?.agency ?? 'DISKOMINFO';
}

/** The largest photo a citizen may attach: 5 MB, JPEG, PNG or WebP judged by content. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES: readonly string[] = Object.freeze(['image/jpeg', 'image/png', 'image/webp']);
