import { NUMBER_WORDS_EN, NUMBER_WORDS_ID } from '@gotong/domain/citizen/challenge';

/** Works out a sum asked in `words` with the given phrasing, as a person would. */
function work(question: string, pattern: RegExp, plus: string, words: readonly string[]): number {
  const match = pattern.exec(question.trim());
  if (!match) throw new Error(`unexpected question: ${question}`);
  const [a, b] = [words.indexOf(match[1]!), words.indexOf(match[3]!)];
  if (a < 0 || b < 0) throw new Error(`unexpected numbers in: ${question}`);
  return match[2] === plus ? a + b : a - b;
}

/** Solves the public report challenge ("What is seven plus five?") for the API tests. */
export function solve(questionEn: string): string {
  return String(work(questionEn, /^What is (.+) (plus|minus) (.+)\?$/, 'plus', NUMBER_WORDS_EN));
}

/** "Berapa tujuh ditambah lima?" → 12, as a citizen on the public page works it out. */
export function solveIndonesian(question: string): number {
  return work(question, /^Berapa (.+) (ditambah|dikurangi) (.+)\?$/, 'ditambah', NUMBER_WORDS_ID);
}
