/** Pure helpers of the resource request panel (apps/web/src/pages/emergency/ResourceRequestsPanel.tsx). */
import type { ResourceRequest } from '../api/types';

/** "Disanggupi 6 · Dikirim 6 · Diterima 2": the quantities recorded so far, or null before any. */
export function quantitiesLine(
  request: Pick<ResourceRequest, 'quantityCommitted' | 'quantitySent' | 'quantityReceived'>,
  label: { committed: string; sent: string; received: string },
): string | null {
  const parts = [
    [label.committed, request.quantityCommitted],
    [label.sent, request.quantitySent],
    [label.received, request.quantityReceived],
  ].flatMap(([name, value]) => (typeof value === 'number' ? [`${name} ${value}`] : []));
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** A datetime-local value ("2026-12-07T15:00") as an instant in WIB, as the API takes it. */
export function neededByInstant(local: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+07:00` : undefined;
}
