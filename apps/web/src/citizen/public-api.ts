/**
 * The public citizen-report and transparency endpoints, called without the session's token (they need none and
 * count every request per address, like the open data API). Errors become ApiError as everywhere else, so the
 * app words them with api/error-text.ts (a 429 keeps its Retry-After).
 */
import { ApiError } from '../api/client';
import type { Challenge, FiledReport, PublicCategory, PublicReport, Transparency } from './types';

async function openFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...(init.headers ?? {}) },
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      parsed,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return parsed as T;
}

export const publicCategories = () => openFetch<PublicCategory[]>('/public/reports/categories');

export const newChallenge = () => openFetch<Challenge>('/public/reports/challenge');

/** Files a report (multipart: the photo travels in the same request). */
export const fileReport = (form: FormData) =>
  openFetch<FiledReport>('/public/reports', { method: 'POST', body: form });

export const publicReport = (trackingNumber: string) =>
  openFetch<PublicReport>(`/public/reports/${encodeURIComponent(trackingNumber)}`);

export const transparency = (year: number) => openFetch<Transparency>(`/public/transparency?year=${year}`);
