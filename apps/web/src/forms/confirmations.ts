/**
 * The sanity check of a data-request contribution: a figure that jumps beyond its indicator's factor from
 * the published previous period needs a reason. The API's 400 names each such cell
 * ("confirmations.RT_MISKIN.35.13.08.2001: 150 differs from the published 2025 figure (40) by more than 2×;
 * give the reason in confirmations[…]"); the form asks one reason per cell and sends them back as
 * `confirmations: { "<cell>": "<reason>" }`. Pure.
 */

export interface ConfirmationAsked {
  /** 'RT_MISKIN.35.13.08.2001' (indicator, area and, when broken down, the category). */
  cell: string;
  /** The parts of the API's message, for the user's language; null when it has another form. */
  jump: { value: string; period: string; previous: string; factor: string } | null;
  /** The API's message as it came. */
  text: string;
}

const PREFIX = 'confirmations.';
const JUMP = /^(\S+) differs from the published (\S+) figure \((\S+)\) by more than (\S+?)×/;

function messagesOf(body: unknown): string[] {
  const raw = typeof body === 'object' && body !== null && 'message' in body ? body.message : body;
  return (Array.isArray(raw) ? raw : [raw]).filter((m): m is string => typeof m === 'string');
}

/** The cells the API asks a reason for, in the order it named them (each once). */
export function confirmationsAsked(body: unknown): ConfirmationAsked[] {
  const asked: ConfirmationAsked[] = [];
  for (const line of messagesOf(body)) {
    if (!line.startsWith(PREFIX)) continue;
    const at = line.indexOf(': ');
    if (at === -1) continue;
    const cell = line.slice(PREFIX.length, at).trim();
    if (!cell || asked.some((a) => a.cell === cell)) continue;
    const text = line.slice(at + 2);
    const match = JUMP.exec(text);
    asked.push({
      cell,
      text,
      jump: match
        ? { value: match[1] ?? '', period: match[2] ?? '', previous: match[3] ?? '', factor: match[4] ?? '' }
        : null,
    });
  }
  return asked;
}

/** Whether an answer's message lines are all about confirmations (the figures themselves passed). */
export function onlyConfirmations(body: unknown): boolean {
  const lines = messagesOf(body);
  return lines.length > 0 && lines.every((line) => line.startsWith(PREFIX));
}

/** The reasons to send: those of the cells asked, trimmed, empty ones left out; undefined when none. */
export function confirmationsPayload(
  asked: readonly ConfirmationAsked[],
  reasons: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  const entries = asked
    .map(({ cell }) => [cell, (reasons[cell] ?? '').trim()] as const)
    .filter(([, reason]) => reason !== '');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The cells still without a reason. */
export function missingReasons(
  asked: readonly ConfirmationAsked[],
  reasons: Readonly<Record<string, string>>,
): string[] {
  return asked.filter(({ cell }) => (reasons[cell] ?? '').trim() === '').map(({ cell }) => cell);
}
