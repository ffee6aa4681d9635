/**
 * An indicator standard as the walidata edits it in the browser (every input a string) and the body of
 * POST /data/indicators built from it. A new version of an existing standard starts from its values and
 * keeps its breakdown (the form does not edit breakdowns). Pure.
 */
import type { IndicatorStandard } from '@gotong/domain/data-standard';
import { parseNumber } from '../forms/form-model';

export interface IndicatorDraft {
  code: string;
  name: string;
  definition: string;
  unit: string;
  valueType: IndicatorStandard['valueType'];
  min: string;
  max: string;
  areaLevel: IndicatorStandard['areaLevel'];
  periodicity: IndicatorStandard['periodicity'];
  producers: string[];
  jumpFactor: string;
  source: string;
  method: string;
  contact: string;
}

export function emptyIndicatorDraft(): IndicatorDraft {
  return {
    code: '',
    name: '',
    definition: '',
    unit: '',
    valueType: 'integer',
    min: '',
    max: '',
    areaLevel: 'desa',
    periodicity: 'yearly',
    producers: [],
    jumpFactor: '',
    source: '',
    method: '',
    contact: '',
  };
}

export function draftFromStandard(standard: IndicatorStandard): IndicatorDraft {
  return {
    code: standard.code,
    name: standard.name,
    definition: standard.definition,
    unit: standard.unit,
    valueType: standard.valueType,
    min: standard.min === undefined ? '' : String(standard.min),
    max: standard.max === undefined ? '' : String(standard.max),
    areaLevel: standard.areaLevel,
    periodicity: standard.periodicity,
    producers: [...standard.producers],
    jumpFactor: String(standard.jumpFactor),
    source: standard.metadata.source,
    method: standard.metadata.method,
    contact: standard.metadata.contact,
  };
}

/** "12", "12,5" or "12.5" as a number; '' as nothing; other text as typed, for the API to name. */
function optionalNumber(text: string): number | string | undefined {
  return text.trim() === '' ? undefined : parseNumber(text);
}

/** The body of POST /data/indicators; empty optional numbers are left to the standard's defaults. */
export function standardBody(
  draft: IndicatorDraft,
  breakdown: IndicatorStandard['breakdown'] = undefined,
): Record<string, unknown> {
  const min = optionalNumber(draft.min);
  const max = optionalNumber(draft.max);
  const jumpFactor = optionalNumber(draft.jumpFactor);
  return {
    code: draft.code.trim(),
    name: draft.name.trim(),
    definition: draft.definition.trim(),
    unit: draft.unit.trim(),
    valueType: draft.valueType,
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    areaLevel: draft.areaLevel,
    periodicity: draft.periodicity,
    ...(breakdown ? { breakdown } : {}),
    // A checkbox group: react-hook-form gives an array (a lone box could give its value or false).
    producers: (Array.isArray(draft.producers)
      ? [...draft.producers]
      : [draft.producers].filter(Boolean)
    ).sort(),
    ...(jumpFactor !== undefined ? { jumpFactor } : {}),
    metadata: { source: draft.source.trim(), method: draft.method.trim(), contact: draft.contact.trim() },
  };
}
