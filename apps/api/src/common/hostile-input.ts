import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { buildMessage, isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@gotong/domain/acting';
import { INT4_MAX, INT4_MIN, textProblem } from '@gotong/domain/input-rules';

/**
 * Input no honest client sends, refused once at the edge with a 400 that names where the problem is, before
 * it can reach a validator that recurses, a PostgreSQL text column (which cannot hold U+0000) or a prototype:
 * NUL characters and lone UTF-16 surrogates in any string or field name of the body, the query or the path;
 * bodies nested deeper than MAX_BODY_DEPTH; the keys __proto__, constructor and prototype. Also the shared
 * bounds and date checks the DTOs use, so that numbers and dates a column cannot hold are a 400, not a 500.
 */

/** Deepest nesting of objects and arrays a body may have: real bodies (contributions by area) reach ~5. */
export const MAX_BODY_DEPTH = 32;

/** int4 bounds: the rules' home is libs/domain's input-rules, shared with the workflows. */
export { INT4_MAX, INT4_MIN };

/**
 * The largest figure a Decimal(20,4) column is given: it holds 16 digits before the point, and beyond
 * Number.MAX_SAFE_INTEGER a JavaScript number no longer holds a whole figure exactly anyway.
 */
export const FIGURE_MAX = Number.MAX_SAFE_INTEGER;

/** Keys that name an object's prototype machinery rather than data: never a field of any body. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** At most this many problems are listed: a body full of NULs gets a readable answer, not a huge one. */
const MAX_PROBLEMS = 20;

/** What is wrong with one string, or null: the domain's text rule, which the workflows judge by too. */
export const stringProblem = textProblem;

function isPlainContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The problems of a parsed body or query, as "where: what" lines (`title: contains a NUL character`,
 * `sla.__proto__: not a field`, `body: nested deeper than 32 levels`). `root` names the whole value.
 * Walks with an explicit stack, never recursion: a body nested 5,000 levels deep costs a loop, not the stack.
 */
export function hostileInputProblems(value: unknown, root = 'body', maxDepth = MAX_BODY_DEPTH): string[] {
  const problems: string[] = [];
  let tooDeep = false;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value: current, path, depth } = stack.pop()!;
    const where = path || root;
    if (typeof current === 'string') {
      const problem = stringProblem(current);
      if (problem) problems.push(`${where}: ${problem}`);
      continue;
    }
    // Only what JSON and the query parsers build is walked: a Buffer (a raw body) holds bytes, not fields.
    if (!isPlainContainer(current)) continue;
    if (depth + 1 > maxDepth) {
      // Reported once, for the whole value: the path of the 33rd level says nothing useful.
      if (!tooDeep) problems.push(`${root}: nested deeper than ${maxDepth} levels`);
      tooDeep = true;
      continue;
    }
    const entries = Array.isArray(current)
      ? current.map((item, index) => [String(index), item] as const)
      : Object.keys(current).map((key) => [key, (current as Record<string, unknown>)[key]] as const);
    const children: { value: unknown; path: string; depth: number }[] = [];
    for (const [key, child] of entries) {
      const childPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(current)) {
        if (FORBIDDEN_KEYS.has(key)) {
          problems.push(`${childPath}: not a field`);
          continue;
        }
        const keyProblem = stringProblem(key);
        if (keyProblem) {
          // The key itself would garble the message; the object holding it is named instead.
          problems.push(`${where}: a field name ${keyProblem}`);
          continue;
        }
      }
      children.push({ value: child, path: childPath, depth: depth + 1 });
    }
    // Pushed in reverse so that the values' problems come out in the body's order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return problems.slice(0, MAX_PROBLEMS);
}

/**
 * The problems of a request path: each segment is percent-decoded as UTF-8 (as the router will) and checked
 * like any string. Percent-encoded bytes that are not UTF-8 (%ED%A0%80 is a lone surrogate) are refused here
 * rather than left to the router, whose own refusal is not the app's 400 body.
 */
export function pathProblems(url: string): string[] {
  const path = url.split('?')[0] ?? '';
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return ['path: is not valid percent-encoded UTF-8'];
    }
    const problem = stringProblem(decoded);
    if (problem) return [`path: ${problem}`];
  }
  return [];
}

interface EdgeRequest extends IncomingMessage {
  body?: unknown;
  query?: unknown;
}

/**
 * Express middleware: registered after the JSON and form parsers and before routing, guards and the
 * ValidationPipe, so hostile input is refused even on routes that need a login or take a free-form body.
 * It always answers or passes on, synchronously: nothing it sees can leave a request hanging.
 */
export function refuseHostileInput(
  req: EdgeRequest,
  res: ServerResponse,
  next: (err?: unknown) => void,
): void {
  let problems: string[];
  try {
    problems = [
      ...pathProblems(req.url ?? '/'),
      ...hostileInputProblems(req.query ?? {}, 'query'),
      ...(req.body === undefined ? [] : hostileInputProblems(req.body, 'body')),
    ];
  } catch (error) {
    next(error);
    return;
  }
  if (problems.length === 0) {
    next();
    return;
  }
  res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end(
    JSON.stringify({
      statusCode: 400,
      error: 'Bad Request',
      message: problems.slice(0, MAX_PROBLEMS),
    }),
  );
}

function badRequest(message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });
}

/**
 * A path parameter that is an int4 (a template version): a whole number within INT4_MIN..INT4_MAX, with a 400
 * naming the parameter otherwise. ParseIntPipe let 99999999999999999999 through to PostgreSQL.
 * The global ValidationPipe (transform: true) runs first and has already turned a `number` parameter into a
 * number (1e20, 1.5, NaN); a string arrives only where the handler declares none.
 */
@Injectable()
export class ParseInt4Pipe implements PipeTransform<string | number, number> {
  transform(value: string | number, metadata: ArgumentMetadata): number {
    const name = metadata.data ?? 'value';
    const number =
      typeof value === 'number' ? value : /^-?\d{1,20}$/.test(String(value)) ? Number(value) : Number.NaN;
    if (!Number.isInteger(number)) throw badRequest(`${name}: must be a whole number`);
    if (number < INT4_MIN || number > INT4_MAX)
      throw badRequest(`${name}: is out of range (${INT4_MIN} to ${INT4_MAX})`);
    return number;
  }
}

const DATE_ONLY = /^([1-9]\d{3})-(\d{2})-(\d{2})$/;
/** A date, or a date and time with an optional offset: the forms users and the web app send. */
const DATE_OR_INSTANT =
  /^([1-9]\d{3}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A real calendar date written YYYY-MM-DD: 1999-02-30 and 2025-02-29 are not, where Date.parse rolls them
 * over into March. The calendar rule is the domain's (isCalendarDate, also used for acting appointments).
 */
export function isDateOnly(value: unknown): boolean {
  return typeof value === 'string' && DATE_ONLY.test(value) && isCalendarDate(value);
}

/**
 * A real date (YYYY-MM-DD) or instant (2026-11-01T08:00:00+07:00): the calendar date must exist, the time be
 * a real time of day, and the whole be an instant JavaScript (and so PostgreSQL) can hold. Week and ordinal
 * dates (2026-W45, 2026-305), which IsDateString accepts and Date cannot parse, are refused.
 */
export function isDateOrInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = DATE_OR_INSTANT.exec(value);
  if (!match || !isDateOnly(match[1])) return false;
  return isISO8601(value, { strict: true, strictSeparator: true }) && Number.isFinite(Date.parse(value));
}

/** DTO decorator: a real calendar date, YYYY-MM-DD. */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateOnly',
      validator: {
        validate: (value: unknown) => isDateOnly(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a real date written YYYY-MM-DD`,
          options,
        ),
      },
    },
    options,
  );
}

/** DTO decorator: a real date (YYYY-MM-DD) or ISO 8601 instant; see isDateOrInstant. */
export function IsDateOrInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateOrInstant',
      validator: {
        validate: (value: unknown) => isDateOrInstant(value),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a real date (YYYY-MM-DD) or instant (YYYY-MM-DDTHH:mm:ss+07:00)`,
          options,
        ),
      },
    },
    options,
  );
}
