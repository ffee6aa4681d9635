/**
 * The simple challenge in front of the public report form: a small sum asked in Indonesian words ("Berapa tujuh
 * ditambah lima?"), answered in digits. Chosen over a proof of work because it costs a cheap phone nothing and
 * works with a screen reader, and over a third-party CAPTCHA because no citizen's request leaves the regency's
 * servers. It stops form-filling scripts, not a determined person; the per-address limits do the rest. The API
 * signs the answer into an expiring, single-use token (apps/api/src/citizen/challenge.service.ts). Pure.
 */
/** The numbers 0–20 as the question says them, in Indonesian and English (the index is the number). */
export const NUMBER_WORDS_ID: readonly string[] = [
  'nol',
  'satu',
  'dua',
  'tiga',
  'empat',
  'lima',
  'enam',
  'tujuh',
  'delapan',
  'sembilan',
  'sepuluh',
  'sebelas',
  'dua belas',
  'tiga belas',
  'empat belas',
  'lima belas',
  'enam belas',
  'tujuh belas',
  'delapan belas',
  'sembilan belas',
  'dua puluh',
];
export const NUMBER_WORDS_EN: readonly string[] = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];

export interface ChallengeQuestion {
  question: string;
  questionEn: string;
  answer: number;
}

/**
 * The question from three random numbers in [0, 1): two operands 1…20 and whether to add or subtract (a
 * subtraction never goes below zero).
 */
export function challengeQuestion(r1: number, r2: number, r3: number): ChallengeQuestion {
  const pick = (r: number) => 1 + Math.min(19, Math.floor(r * 20));
  let a = pick(r1);
  let b = pick(r2);
  const add = r3 < 0.5;
  if (!add && b > a) [a, b] = [b, a];
  return add
    ? {
        question: `Berapa ${NUMBER_WORDS_ID[a]} ditambah ${NUMBER_WORDS_ID[b]}?`,
        questionEn: `What is ${NUMBER_WORDS_EN[a]} plus ${NUMBER_WORDS_EN[b]}?`,
        answer: a + b,
      }
    : {
        question: `Berapa ${NUMBER_WORDS_ID[a]} dikurangi ${NUMBER_WORDS_ID[b]}?`,
        questionEn: `What is ${NUMBER_WORDS_EN[a]} minus ${NUMBER_WORDS_EN[b]}?`,
        answer: a - b,
      };
}

/** The answer as typed: digits only (spaces around forgiven), or null. */
export function parseChallengeAnswer(typed: unknown): number | null {
  if (typeof typed !== 'string' && typeof typed !== 'number') return null;
  const text = String(typed).trim();
  return /^\d{1,3}$/.test(text) ? Number(text) : null;
}
