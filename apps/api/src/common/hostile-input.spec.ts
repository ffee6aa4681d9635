import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestException } from '@nestjs/common';
import {
  hostileInputProblems,
  INT4_MAX,
  INT4_MIN,
  isDateOnly,
  isDateOrInstant,
  MAX_BODY_DEPTH,
  ParseInt4Pipe,
  pathProblems,
  refuseHostileInput,
  stringProblem,
} from './hostile-input';

/** An object nested `levels` deep: { a: { a: … { a: 'x' } } }, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('stringProblem', () => {
  it('accepts ordinary text, including non-Latin letters and emoji (a proper surrogate pair)', () => {
    expect(stringProblem('Pendataan balita stunting — Kecamatan Tiris ✓ 😀 ꦗꦮ')).toBeNull();
  });

  it('refuses a NUL character anywhere in the string', () => {
    expect(stringProblem('abc\u0000def')).toBe('contains a NUL character');
    expect(stringProblem('\u0000')).toBe('contains a NUL character');
  });

  it('refuses a lone high or low surrogate, but not a pair', () => {
    expect(stringProblem('ab\uD800')).toMatch(/lone UTF-16 surrogate/);
    expect(stringProblem('\uDC00ab')).toMatch(/lone UTF-16 surrogate/);
    expect(stringProblem('\uD800\uD800\uDC00')).toMatch(/lone UTF-16 surrogate/);
    expect(stringProblem('\uD83D\uDE00')).toBeNull();
  });
});

describe('hostileInputProblems', () => {
  it('finds nothing in an ordinary body', () => {
    expect(
      hostileInputProblems({
        title: 'Pendataan',
        agencyCodes: ['DINKES', 'DINSOS'],
        sla: { amount: 3, unit: 'workingDays' },
        values: { jumlah: { '35.13.08.2001': 120 } },
        note: null,
        flag: true,
      }),
    ).toEqual([]);
  });

  it('names the field holding a NUL character or a lone surrogate, nested and in arrays', () => {
    expect(hostileInputProblems({ title: 'a\u0000b' })).toEqual(['title: contains a NUL character']);
    expect(hostileInputProblems({ sla: { unit: 'x\uD800' } })).toEqual([
      'sla.unit: contains a lone UTF-16 surrogate (not valid Unicode text)',
    ]);
    expect(hostileInputProblems({ agencyCodes: ['DINKES', '\u0000'] })).toEqual([
      'agencyCodes.1: contains a NUL character',
    ]);
  });

  it('lists several problems in the order of the body', () => {
    expect(hostileInputProblems({ a: '\u0000', b: 'ok', c: { d: '\u0000' } })).toEqual([
      'a: contains a NUL character',
      'c.d: contains a NUL character',
    ]);
  });

  it('refuses a field name with a NUL character, naming the object that holds it', () => {
    expect(hostileInputProblems({ values: { 'a\u0000': 1 } })).toEqual([
      'values: a field name contains a NUL character',
    ]);
  });

  it('refuses __proto__, constructor and prototype keys anywhere, as JSON.parse builds them', () => {
    expect(hostileInputProblems(JSON.parse('{"__proto__": {"isAdmin": true}, "title": "x"}'))).toEqual([
      '__proto__: not a field',
    ]);
    expect(hostileInputProblems(JSON.parse('{"sla": {"constructor": {"prototype": {}}}}'))).toEqual([
      'sla.constructor: not a field',
    ]);
    expect(hostileInputProblems(JSON.parse('[{"prototype": 1}]'))).toEqual(['0.prototype: not a field']);
  });

  it(`accepts nesting of ${MAX_BODY_DEPTH} levels and refuses one more, once`, () => {
    expect(hostileInputProblems(nested(MAX_BODY_DEPTH))).toEqual([]);
    expect(hostileInputProblems(nested(MAX_BODY_DEPTH + 1))).toEqual([
      `body: nested deeper than ${MAX_BODY_DEPTH} levels`,
    ]);
    const twoDeepBranches = { a: nested(MAX_BODY_DEPTH), b: nested(MAX_BODY_DEPTH) };
    expect(hostileInputProblems(twoDeepBranches)).toEqual([
      `body: nested deeper than ${MAX_BODY_DEPTH} levels`,
    ]);
  });

  it('walks 5,000 (and 200,000) levels without recursion, arrays as well as objects', () => {
    const parsed: unknown = JSON.parse('['.repeat(5000) + ']'.repeat(5000));
    expect(hostileInputProblems(parsed)).toEqual([`body: nested deeper than ${MAX_BODY_DEPTH} levels`]);
    expect(hostileInputProblems(nested(200_000), 'query')).toEqual([
      `query: nested deeper than ${MAX_BODY_DEPTH} levels`,
    ]);
  });

  it('lists at most 20 problems for a body full of them', () => {
    const body = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, '\u0000']));
    const problems = hostileInputProblems(body);
    expect(problems).toHaveLength(20);
    expect(problems[0]).toBe('f0: contains a NUL character');
  });

  it('does not walk a raw Buffer body (bytes, not fields)', () => {
    expect(hostileInputProblems(Buffer.from('\u0000\u0000'))).toEqual([]);
  });
});

describe('pathProblems', () => {
  it('accepts ordinary paths, percent-encoded text included', () => {
    expect(pathProblems('/data/indicators/RT_MISKIN?x=1')).toEqual([]);
    expect(pathProblems('/templates/pendataan%20balita/versions/2')).toEqual([]);
  });

  it('refuses a percent-encoded NUL in any segment', () => {
    expect(pathProblems('/data/indicators/%00')).toEqual(['path: contains a NUL character']);
    expect(pathProblems('/x%00y/z')).toEqual(['path: contains a NUL character']);
  });

  it('refuses bytes that are not UTF-8 (an encoded lone surrogate, a truncated sequence)', () => {
    expect(pathProblems('/data/indicators/%ED%A0%80')).toEqual(['path: is not valid percent-encoded UTF-8']);
    expect(pathProblems('/data/indicators/%E2%82')).toEqual(['path: is not valid percent-encoded UTF-8']);
  });
});

describe('refuseHostileInput (middleware)', () => {
  function run(req: Partial<IncomingMessage> & { body?: unknown; query?: unknown }) {
    const answer: { status?: number; body?: any; next?: boolean } = {};
    const res = {
      writeHead(status: number) {
        answer.status = status;
        return res;
      },
      end(text: string) {
        answer.body = JSON.parse(text);
      },
    } as unknown as ServerResponse;
    refuseHostileInput(req as IncomingMessage, res, () => {
      answer.next = true;
    });
    return answer;
  }

  it('passes an ordinary request on', () => {
    expect(run({ url: '/projects', query: {}, body: { title: 'x' } })).toEqual({ next: true });
  });

  it("answers 400 in the app's shape, naming path, query and body problems", () => {
    const answer = run({
      url: '/data/indicators/%00?from=x',
      query: { from: '\u0000' },
      body: { title: '\uD800' },
    });
    expect(answer.next).toBeUndefined();
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [
        'path: contains a NUL character',
        'from: contains a NUL character',
        'title: contains a lone UTF-16 surrogate (not valid Unicode text)',
      ],
    });
  });
});

describe('ParseInt4Pipe', () => {
  const pipe = new ParseInt4Pipe();
  const meta = { type: 'param' as const, data: 'version' };
  const message = (value: string | number) => {
    try {
      pipe.transform(value, meta);
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      return ((error as BadRequestException).getResponse() as { message: string[] }).message;
    }
    throw new Error(`${value} was accepted`);
  };

  it('parses whole numbers within int4, as text or as the number the ValidationPipe made of it', () => {
    expect(pipe.transform('2', meta)).toBe(2);
    expect(pipe.transform(String(INT4_MAX), meta)).toBe(INT4_MAX);
    expect(pipe.transform(7, meta)).toBe(7);
  });

  it('refuses numbers beyond int4, naming the parameter', () => {
    const outOfRange = ['version: is out of range (-2147483648 to 2147483647)'];
    expect(message('99999999999999999999')).toEqual(outOfRange);
    expect(message(String(INT4_MAX + 1))).toEqual(outOfRange);
    expect(message(1e20)).toEqual(outOfRange);
    expect(message(INT4_MIN - 1)).toEqual(outOfRange);
  });

  it('refuses what is not a whole number', () => {
    for (const value of ['1e3', '1.5', 'abc', '', ' 1', '0x10', '9'.repeat(400), 1.5, Number.NaN])
      expect(message(value)).toEqual(['version: must be a whole number']);
  });
});

describe('dates', () => {
  it('isDateOnly: real calendar dates only', () => {
    expect(isDateOnly('2026-11-23')).toBe(true);
    expect(isDateOnly('2024-02-29')).toBe(true);
    for (const value of ['1999-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-1-5', '0999-01-01', 5])
      expect(isDateOnly(value)).toBe(false);
  });

  it('isDateOrInstant: a real date or a real instant, in the forms users send', () => {
    for (const value of [
      '2026-11-01',
      '2026-11-01T08:00',
      '2026-11-01T08:00:00Z',
      '2026-11-01T08:00:00.123+07:00',
    ])
      expect(isDateOrInstant(value)).toBe(true);
    for (const value of [
      '1999-02-30',
      '1999-02-30T00:00:00Z',
      '2026-11-01T24:30:00Z',
      '2026-11-01T08:61:00Z',
      '2026-W45',
      '2026-305',
      '+275760-09-14',
      '99999-01-01',
      '2026-11-01 08:00',
      'now',
    ])
      expect(isDateOrInstant(value)).toBe(false);
  });
});
