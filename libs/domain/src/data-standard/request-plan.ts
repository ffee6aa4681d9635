/**
 * How a data request is opened, shared by the API (a walidata's request, POST /data/requests) and the
 * collection activity (a recurring collection's period): the checks of period and areas against the
 * indicators' standards, and the plan — one task per producing OPD with the indicators it produces, every
 * field shaped by its standard. Pure: the callers load the standards and agencies and start the project.
 */
import type { Sla } from '../calendar';
import { stepLadder } from '../escalation-ladder';
import type { FormSchema } from '../form-schema';
import { expandAreaSelection } from '../region';
import type { EscalationPolicy } from '../template';
import { indicatorFieldKey, indicatorFormFields } from './forms';
import { validatePeriod } from './periods';
import type { DataRequestIndicator } from './reconciliation';
import type { IndicatorStandard } from './standard';

/** The newest version of each indicator asked for, by code. */
export type RequestStandards = ReadonlyMap<string, { version: number; standard: IndicatorStandard }>;

/**
 * Problems with the period and areas of a request ('<field>: <why>'), empty when it can be opened: the period
 * fits every indicator's periodicity, every area is an area of the regency, and indicators per desa get desa.
 */
export function dataRequestProblems(
  standards: RequestStandards,
  period: string,
  areas: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const [code, { standard }] of standards) {
    const periodProblem = validatePeriod(standard.periodicity, period);
    if (periodProblem) problems.push(`period: ${periodProblem} (${code} is ${standard.periodicity})`);
  }
  // Every code from the regency's reference list (Kepmendagri 2025), the same the task workflow checks by.
  const selection = expandAreaSelection(areas);
  areas.forEach((area, i) => {
    const problem = expandAreaSelection([area]).problems[0];
    if (problem) problems.push(`areas[${i}]: ${problem}`);
  });
  if (selection.problems.length === 0) {
    for (const [code, { standard }] of standards) {
      if (standard.areaLevel === 'desa' && selection.villages.length === 0) {
        problems.push(
          `areas: ${code} is reported per desa: list the desa (35.13.xx.xxxx), a kecamatan or the kabupaten (35.13)`,
        );
      }
    }
  }
  return problems;
}

/** A step of the request's project (the shape of StepPlan in libs/contracts/task.ts). */
export interface DataRequestStep {
  key: string;
  title: string;
  instructions: string;
  agencyId: string;
  agencyCode: string;
  form: FormSchema;
  sla: Sla;
  dependsOn: string[];
  escalation: EscalationPolicy;
}

export interface DataRequestPlan {
  title: string;
  /** The producing OPDs, one step each. */
  producerCodes: string[];
  steps: DataRequestStep[];
  indicators: DataRequestIndicator[];
  /** The areas expanded to their desa and kelurahan, sorted: how a request stores them. */
  desa: string[];
}

/** The OPD codes that produce the indicators (each once, in the standards' order). */
export function producersOf(standards: RequestStandards): string[] {
  return [...new Set([...standards.values()].flatMap(({ standard }) => standard.producers))];
}

/**
 * The plan of a request: 35.13 stands for the whole regency, a kecamatan for all its desa and kelurahan (and
 * itself). `agencies` has every producer (producersOf). The default SLA is 5 working days.
 */
export function planDataRequest(options: {
  standards: RequestStandards;
  agencies: ReadonlyMap<string, { id: string; code: string }>;
  period: string;
  areas: readonly string[];
  title?: string;
  sla?: Sla;
}): DataRequestPlan {
  const { standards, agencies, period } = options;
  const { villages: desa, kecamatan: kecamatanAreas } = expandAreaSelection(options.areas);
  const areasFor = (s: IndicatorStandard) =>
    s.areaLevel === 'desa' ? desa : s.areaLevel === 'kecamatan' ? kecamatanAreas : [];
  const producerCodes = producersOf(standards);
  const title =
    options.title ??
    `Permintaan data ${[...standards.values()].map((s) => s.standard.name).join(', ')} — ${period}`;
  const steps: DataRequestStep[] = producerCodes.map((code) => {
    const agency = agencies.get(code);
    if (!agency) throw new RangeError(`no agency given for producer ${code}`);
    const mine = [...standards.values()].filter(({ standard }) => standard.producers.includes(code));
    return {
      key: `data-${code.toLowerCase()}`,
      title: `${title} — ${agency.code}`,
      instructions:
        `Isikan data periode ${period} sesuai standar data: ` +
        mine.map(({ standard: s }) => `${s.name} (${s.unit}): ${s.definition}`).join(' | '),
      agencyId: agency.id,
      agencyCode: agency.code,
      form: { fields: mine.flatMap(({ standard }) => indicatorFormFields(standard, areasFor(standard))) },
      sla: options.sla ?? { amount: 5, unit: 'workingDays' },
      dependsOn: [],
      escalation: stepLadder(),
    };
  });
  const indicators: DataRequestIndicator[] = [...standards.entries()].map(
    ([code, { version, standard }]) => ({
      code,
      version,
      fieldKeys: standard.breakdown
        ? standard.breakdown.categories.map((c) => indicatorFieldKey(code, c.code))
        : [indicatorFieldKey(code)],
    }),
  );
  return { title, producerCodes, steps, indicators, desa };
}
