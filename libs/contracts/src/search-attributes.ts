/**
 * The search attributes Gotong sets on its workflows, so an operator finds work in the Temporal UI and CLI
 * ("all overdue DINSOS tasks": `GotongOpd = 'DINSOS' AND GotongOverdue = true AND ExecutionStatus = 'Running'`).
 * The one Temporal import of this floor: defineSearchAttributeKey is a pure constructor (no I/O), shared by the
 * workflows that upsert these keys, the activity and the API that set them at start and the code that registers
 * them with the server (libs/config/src/search-attributes.ts). docs/observability.md lists the queries.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The OPD that holds the work: a task's current OPD, a project's or incident's lead OPD (its code, e.g. DINSOS). */
export const OPD_ATTRIBUTE = defineSearchAttributeKey('GotongOpd', SearchAttributeType.KEYWORD);
/** The joint project (an incident's too) the workflow belongs to. */
export const PROJECT_ATTRIBUTE = defineSearchAttributeKey('GotongProjectId', SearchAttributeType.KEYWORD);
/** An incident's affected kecamatan (Kepmendagri codes, e.g. 35.13.23). */
export const KECAMATAN_ATTRIBUTE = defineSearchAttributeKey(
  'GotongKecamatan',
  SearchAttributeType.KEYWORD_LIST,
);
/** A task's state (ASSIGNED, CLAIMED, SUBMITTED, RETURNED, COMPLETED, CANCELLED, CLOSED). */
export const TASK_STATE_ATTRIBUTE = defineSearchAttributeKey('GotongTaskState', SearchAttributeType.KEYWORD);
/** Whether a task is past its deadline with an escalation open. */
export const OVERDUE_ATTRIBUTE = defineSearchAttributeKey('GotongOverdue', SearchAttributeType.BOOL);

export const GOTONG_SEARCH_ATTRIBUTES = [
  OPD_ATTRIBUTE,
  PROJECT_ATTRIBUTE,
  KECAMATAN_ATTRIBUTE,
  TASK_STATE_ATTRIBUTE,
  OVERDUE_ATTRIBUTE,
] as const;

/** The dev server's flags that register them at start (`temporal server start-dev --search-attribute K=Type`). */
export function devServerSearchAttributeFlags(): string[] {
  const cliType = { KEYWORD: 'Keyword', KEYWORD_LIST: 'KeywordList', BOOL: 'Bool' } as const;
  return GOTONG_SEARCH_ATTRIBUTES.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${cliType[key.type]}`,
  ]);
}
