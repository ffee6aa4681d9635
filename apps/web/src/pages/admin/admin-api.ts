import { ApiError, authHeader, UNAUTHORIZED_EVENT } from '../../api/client';
import type { Role } from '../../api/types';

/** An OPD as the admin pages show it (GET /admin/agencies). */
export interface AdminAgency {
  id: string;
  code: string;
  name: string;
  kind: string;
  active: boolean;
  activeUsers: number;
}

export const AGENCY_KINDS = ['BADAN', 'DINAS', 'SEKRETARIAT', 'INSPEKTORAT', 'SATUAN', 'KECAMATAN'] as const;
export const OFFICES = ['BUPATI', 'WAKIL_BUPATI', 'SEKDA', 'ASISTEN'] as const;

/** An account (GET /admin/users). */
export interface Account {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  office: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  mustChangePassword: boolean;
  agency: { id: string; code: string; name: string };
}

/** A new account or a reset: the one-time password is in this answer and nowhere else. */
export interface WithPassword {
  user: Account;
  oneTimePassword: string;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  imported: number;
  users: {
    id: string;
    username: string;
    fullName: string;
    role: Role;
    agencyCode: string;
    oneTimePassword: string;
  }[];
}

/** The API's "field: message" lines, by field (the validation pipe's 400s). */
export function fieldProblems(error: unknown): Record<string, string[]> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const body = error.body as { message?: unknown };
  const lines = Array.isArray(body?.message) ? body.message.map(String) : [];
  const byField: Record<string, string[]> = {};
  for (const line of lines) {
    const match = /^([a-zA-Z.]+)[: ]\s*(.*)$/.exec(line);
    const field = match?.[1] ?? '';
    (byField[field] ??= []).push(line);
  }
  return byField;
}

/** Uploads an import sheet (multipart, so not through api(), which speaks JSON). */
export async function uploadImport(file: File): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch('/admin/users/import', { method: 'POST', headers: authHeader(), body: form });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw new ApiError(response.status, parsed);
  }
  return parsed as ImportResult;
}

/** Downloads the import template with the bearer token (a plain link would carry none). */
export async function downloadTemplate(): Promise<void> {
  const response = await fetch('/admin/users/import-template.xlsx', { headers: authHeader() });
  if (!response.ok) throw new ApiError(response.status, await response.text());
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = 'gotong-import-pengguna.xlsx';
  link.click();
  URL.revokeObjectURL(url);
}
