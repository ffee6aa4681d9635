import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { workCalendar, type Sla, type WorkCalendar } from '@gotong/domain/calendar';
import { formWithinProjectArea, type FormSchema } from '@gotong/domain/form-schema';
import { isCalendarDate } from '@gotong/domain/acting';
import { kecamatanRefusal, villageRefusal } from '@gotong/domain/region';
import { resolveOwner } from '@gotong/domain/responsibility';
import { stepLadder, stepReview } from '@gotong/domain/escalation-ladder';
import { type TemplateDefinition } from '@gotong/domain/template';
import type { StepPlan } from '@gotong/contracts/task';

/** The form of a step without a template: one report in free text. */
export const SUMMARY_FORM: FormSchema = {
  fields: [{ key: 'summary', label: 'Laporan / hasil pekerjaan', type: 'longtext', required: true }],
};
/** Time an OPD has for a step without a template, unless the lead says otherwise. */
export const DEFAULT_AD_HOC_SLA: Sla = { amount: 3, unit: 'workingDays' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Turns templates (or an ad-hoc list of OPDs) into the steps a project
 * workflow runs: owners resolved to OPDs through the responsibility matrix and
 * the project's kecamatan, and the working calendar (holidays from the
 * database) the deadline arithmetic uses.
 */
@Injectable()
export class ProjectPlanner {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async calendar(mode: WorkCalendar['mode']): Promise<WorkCalendar> {
    const holidays = await this.db.holiday.findMany({ orderBy: { date: 'asc' } });
    return workCalendar(holidays, mode);
  }

  /**
   * The OPDs named, by code; 400 naming any unknown one and, unless `includeInactive` (releasing an OPD
   * from work it already has), any deactivated one: a deactivated OPD takes no new work.
   */
  async agenciesByCode(codes: string[], options: { includeInactive?: boolean } = {}) {
    const agencies = await this.db.agency.findMany({
      where: { code: { in: codes } },
      select: { id: true, code: true, name: true, active: true },
    });
    const unknown = codes.filter((code) => !agencies.some((a) => a.code === code));
    const inactive = options.includeInactive ? [] : agencies.filter((a) => !a.active);
    if (unknown.length > 0 || inactive.length > 0) {
      throw new BadRequestException({
        message: [
          ...(unknown.length > 0 ? [`unknown OPD code(s): ${unknown.join(', ')}`] : []),
          ...inactive.map(
            (a) =>
              `${a.code} (${a.name}) is deactivated and takes no new work: choose the OPD that took over its duties`,
          ),
        ],
        statusCode: 400,
        error: 'Bad Request',
      });
    }
    return new Map(agencies.map((a) => [a.code, a]));
  }

  /** Checks the parameters against the template and resolves every step's owner. */
  async fromTemplate(def: TemplateDefinition, parameters: Record<string, string>): Promise<StepPlan[]> {
    const kecamatan = await this.db.agency.findMany({
      where: { kind: 'KECAMATAN', areaCode: { not: null } },
      select: { code: true, areaCode: true },
    });
    const kecamatanByArea = Object.fromEntries(kecamatan.map((k) => [k.areaCode!, k.code]));
    const problems: string[] = [];
    for (const key of Object.keys(parameters)) {
      if (!def.parameters.some((p) => p.key === key))
        problems.push(`parameters.${key}: not a parameter of this template`);
    }
    for (const p of def.parameters) {
      const value = parameters[p.key]?.trim();
      if (!value) {
        if (p.required) problems.push(`parameters.${p.key}: is required (${p.label})`);
        continue;
      }
      if (p.type === 'kecamatan' && (kecamatanRefusal(value) !== null || !kecamatanByArea[value])) {
        problems.push(
          `parameters.${p.key}: "${value}" is not a kecamatan of Kabupaten Probolinggo (kode wilayah such as 35.13.08)`,
        );
      }
      if (p.type === 'desa') {
        // A desa from the reference list; in the project's kecamatan when the template also names one.
        const kecamatanParameter = def.parameters.find((q) => q.type === 'kecamatan');
        const kecamatan = kecamatanParameter ? parameters[kecamatanParameter.key]?.trim() : undefined;
        const refusal = villageRefusal(
          value,
          kecamatan && kecamatanRefusal(kecamatan) === null ? kecamatan : undefined,
        );
        if (refusal) problems.push(`parameters.${p.key}: ${refusal}`);
      }
      if (p.type === 'date' && (!DATE.test(value) || !isCalendarDate(value))) {
        problems.push(`parameters.${p.key}: must be a date YYYY-MM-DD`);
      }
    }
    if (problems.length > 0)
      throw new BadRequestException({ message: problems, statusCode: 400, error: 'Bad Request' });

    const owners = def.steps.map((step) => ({
      step,
      owner: resolveOwner(step.owner, parameters, kecamatanByArea),
    }));
    const unresolved = owners.flatMap(({ step, owner }) =>
      'error' in owner ? [`steps.${step.key}: ${owner.error}`] : [],
    );
    if (unresolved.length > 0)
      throw new BadRequestException({ message: unresolved, statusCode: 400, error: 'Bad Request' });
    const agencies = await this.agenciesByCode([
      ...new Set(owners.map(({ owner }) => (owner as { agencyCode: string }).agencyCode)),
    ]);
    return owners.map(({ step, owner }) => {
      const agency = agencies.get((owner as { agencyCode: string }).agencyCode)!;
      return {
        key: step.key,
        title: step.title,
        instructions: step.instructions,
        agencyId: agency.id,
        agencyCode: agency.code,
        // Per-desa fields take the project's kecamatan: a Tiris project takes no figure for a Tongas desa.
        form: formWithinProjectArea(step.form, def.parameters, parameters),
        sla: step.sla,
        dependsOn: step.dependsOn,
        escalation: stepLadder(step),
        review: stepReview(step),
      };
    });
  }

  /**
   * A step for one OPD outside any template (ad-hoc projects, an OPD added while a project runs): the summary
   * form unless another is given (a form the lead defined, or a template step's).
   */
  adHocStep(
    key: string,
    agency: { id: string; code: string; name: string },
    title: string,
    instructions: string | null,
    sla: Sla | undefined,
    dependsOn: string[] = [],
    form: FormSchema = SUMMARY_FORM,
  ): StepPlan {
    return {
      key,
      title,
      instructions: instructions ?? '',
      agencyId: agency.id,
      agencyCode: agency.code,
      form,
      sla: sla ?? DEFAULT_AD_HOC_SLA,
      dependsOn,
      escalation: stepLadder(),
      review: stepReview(),
    };
  }
}
