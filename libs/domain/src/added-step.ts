/**
 * An OPD added to a running project (issue 17): its step may carry a form of its own, wait for steps of the
 * project (`dependsOn`) and make steps not yet started wait for it (`before`). One judgement for the API (a
 * 400 before anything is sent) and for the project workflow's addAgency validator and handler.
 *
 * Pure: no clock, no I/O (bundled into the workflow sandbox).
 */
import { validateFormSchema } from './form-schema';

/** What the judgement needs to know of a step of the project. */
export interface ProjectStepLink {
  key: string;
  dependsOn: readonly string[];
}

export interface AddedStep {
  key: string;
  dependsOn: readonly string[];
  /** Judged with validateFormSchema when given (the template editor's rules). */
  form?: unknown;
}

export interface AddedStepContext {
  /** Every step of the project so far (template, ad-hoc and added ones) with its current dependsOn. */
  steps: readonly ProjectStepLink[];
  /** Keys of steps whose task has started, finished or not. */
  started: ReadonlySet<string>;
  /** Keys of steps that are done. */
  done: ReadonlySet<string>;
}

/**
 * Everything wrong with adding `step` to a project, each naming its place (`dependsOn`, `before`, `form…`):
 * a key the project already has, unknown keys, a step that already started (or finished) named in `before`
 * (it cannot be made to wait), the same step in both lists and any dependency cycle the new edges would make.
 * Empty when the step may be added.
 */
export function addedStepProblems(
  step: AddedStep,
  before: readonly string[],
  context: AddedStepContext,
): string[] {
  const problems: string[] = [];
  const known = new Set(context.steps.map((s) => s.key));
  if (known.has(step.key)) problems.push(`the project already has a step "${step.key}"`);

  const unknownDeps = step.dependsOn.filter((d) => !known.has(d));
  if (unknownDeps.length > 0) problems.push(`unknown steps in dependsOn: ${unknownDeps.join(', ')}`);

  const unknownBefore = before.filter((b) => !known.has(b));
  if (unknownBefore.length > 0) problems.push(`unknown steps in before: ${unknownBefore.join(', ')}`);
  const startedBefore = before.filter((b) => known.has(b) && (context.started.has(b) || context.done.has(b)));
  if (startedBefore.length > 0) {
    problems.push(
      `before: ${startedBefore.join(', ')} already started and cannot be made to wait for the new step`,
    );
  }
  const both = before.filter((b) => step.dependsOn.includes(b));
  if (both.length > 0) {
    problems.push(`${both.join(', ')}: in both dependsOn and before (the steps would wait for each other)`);
  }

  // A cycle through the new step: a step in `before` (which will wait for the new step) that the new step
  // already waits for, directly or through other steps.
  if (both.length === 0 && unknownDeps.length === 0) {
    const deps = new Map(context.steps.map((s) => [s.key, s.dependsOn]));
    const waitsFor = (from: string, target: string): string[] | null => {
      // Depth-first along dependsOn; returns the path from `from` to `target`.
      const seen = new Set<string>();
      const walk = (key: string): string[] | null => {
        if (key === target) return [key];
        if (seen.has(key)) return null;
        seen.add(key);
        for (const d of deps.get(key) ?? []) {
          const path = walk(d);
          if (path) return [key, ...path];
        }
        return null;
      };
      return walk(from);
    };
    for (const b of before.filter((k) => known.has(k))) {
      for (const d of step.dependsOn) {
        const path = waitsFor(d, b);
        if (path) {
          problems.push(
            `before: ${b} cannot wait for the new step, which waits for it: dependency cycle ${[
              step.key,
              ...path,
              step.key,
            ].join(' → ')}`,
          );
          break;
        }
      }
    }
  }

  if (step.form !== undefined) problems.push(...validateFormSchema(step.form, 'form'));
  return problems;
}

/** The steps with the new step's key added to the dependsOn of every step named in `before`. */
export function withBefore<T extends ProjectStepLink>(
  steps: readonly T[],
  key: string,
  before: readonly string[],
): T[] {
  return steps.map((s) =>
    before.includes(s.key) && !s.dependsOn.includes(key) ? { ...s, dependsOn: [...s.dependsOn, key] } : s,
  );
}
