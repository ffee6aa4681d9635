/**
 * The rules' messages (libs/domain/src/form-schema.ts answers in English, the same text the API's 400
 * carries) as codes with parameters, so that the UI can say them in the user's language. A message the
 * app does not know stays as it came ('other').
 */
export type ProblemCode =
  | 'required'
  | 'requiredEveryArea'
  | 'requiredSomeArea'
  | 'wholeNumber'
  | 'number'
  | 'min'
  | 'max'
  | 'maxLength'
  | 'text'
  | 'boolean'
  | 'dateFormat'
  | 'realDate'
  | 'oneOf'
  | 'notField'
  | 'areaNotAsked'
  | 'areaCode'
  | 'perAreaObject'
  | 'duplicateArea'
  | 'other';

export interface Problem {
  code: ProblemCode;
  params: Record<string, string>;
  /** The original text (English), shown as is for 'other'. */
  text: string;
}

const PATTERNS: readonly [RegExp, ProblemCode, readonly string[]][] = [
  [/^is required$/, 'required', []],
  [/^is required: every area asked for needs a value$/, 'requiredEveryArea', []],
  [/^is required: give a value for at least one (desa|kecamatan)$/, 'requiredSomeArea', ['level']],
  [/^must be a whole number$/, 'wholeNumber', []],
  [/^must be a number$/, 'number', []],
  [/^must be at most (\d+) characters$/, 'maxLength', ['max']],
  [/^must be at least (-?[\d.e+-]+)$/, 'min', ['min']],
  [/^must be at most (-?[\d.e+-]+)$/, 'max', ['max']],
  [/^must be text$/, 'text', []],
  [/^must be true or false$/, 'boolean', []],
  [/^must be a date in the form YYYY-MM-DD$/, 'dateFormat', []],
  [/^is not a real calendar date$/, 'realDate', []],
  [/^must be one of: (.*)$/, 'oneOf', ['options']],
  [/^is not a field of this form$/, 'notField', []],
  [/^is not one of the (desa|kecamatan) asked for$/, 'areaNotAsked', ['level']],
  [/^is not a kode wilayah (desa|kecamatan) \(e\.g\. ([\d.]+)\)$/, 'areaCode', ['level', 'example']],
  [/^must be an object with one value per (desa|kecamatan)$/, 'perAreaObject', ['level']],
];

export function parseProblem(text: string): Problem {
  const message = text.trim();
  for (const [pattern, code, names] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) {
      const params = Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']));
      return { code, params, text: message };
    }
  }
  return { code: 'other', params: { text: message }, text: message };
}

export function problem(code: ProblemCode, text: string, params: Record<string, string> = {}): Problem {
  return { code, params, text };
}
