/**
 * The API describes itself: the OpenAPI document served at /docs/json, built here from the real app module
 * (Nest's preview mode: every controller and decorator, no database or Temporal needed), passes Redocly's
 * lint (redocly.yaml) with no error, and every operation has a summary, a pinned operation id, security, a
 * typed success body and the error body on its errors. The files generated from it are current:
 * apps/api/src/openapi-responses.json (success bodies from the handlers' return types) and
 * apps/web/src/api/schema.d.ts (the web app's API types). `npm run openapi:types` rewrites both
 * (UPDATE_OPENAPI=1 runs this file in writing mode).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../apps/api/src/app.module';
import { createOpenApiDocument, ErrorResponseDto } from '../apps/api/src/openapi';
import { deriveResponseSchemas, type ResponseSchemas } from '../apps/api/src/openapi-responses';

const ROOT = join(__dirname, '..');
const RESPONSES_FILE = join(ROOT, 'apps/api/src/openapi-responses.json');
const WEB_TYPES_FILE = join(ROOT, 'apps/web/src/api/schema.d.ts');
const UPDATE = process.env.UPDATE_OPENAPI === '1';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

async function formatted(file: string, source: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(source, { ...options, filepath: file });
}

/** Fails when the committed file differs from what is generated now (in writing mode, writes it first). */
function expectCurrent(file: string, generated: string): void {
  if (UPDATE) writeFileSync(file, generated);
  const committed = readFileSync(file, 'utf8').split('\n');
  const lines = generated.split('\n');
  const at = lines.findIndex((line, i) => line !== committed[i]);
  if (at === -1 && committed.length === lines.length) return;
  const line = at === -1 ? Math.min(lines.length, committed.length) : at;
  throw new Error(
    `${relative(ROOT, file)} is stale (from line ${line + 1}: ${JSON.stringify(committed[line])}, ` +
      `now ${JSON.stringify(lines[line])}): run \`npm run openapi:types\` and commit the result`,
  );
}

async function buildDocument(responses: ResponseSchemas): Promise<OpenAPIObject> {
  // The module as app.factory.ts creates it (with its request log), in preview mode.
  const app = await NestFactory.create(AppModule.withLogging(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return createOpenApiDocument(app, responses);
  } finally {
    await app.close();
  }
}

interface Operation {
  key: string;
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

function operationsOf(doc: OpenAPIObject): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      key: `${m.toUpperCase()} ${path}`,
      ...(item[m] as unknown as Omit<Operation, 'key'>),
    })),
  );
}

describe('the OpenAPI document', () => {
  let derived: ResponseSchemas;
  let doc: OpenAPIObject;
  let operations: Operation[];

  beforeAll(async () => {
    derived = deriveResponseSchemas();
    doc = await buildDocument(derived);
    operations = operationsOf(doc);
  }, 120_000);

  it("describes each success body as its handler's return type (openapi-responses.json is current)", async () => {
    const generated = await formatted(RESPONSES_FILE, JSON.stringify(derived));
    expectCurrent(RESPONSES_FILE, generated);
  });

  it('passes Redocly lint (recommended rules, redocly.yaml) with no error', async () => {
    const { lintFromString, loadConfig } = await import('@redocly/openapi-core');
    const config = await loadConfig({ configPath: join(ROOT, 'redocly.yaml') });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: join(ROOT, 'openapi.json'),
      config,
    });
    const describe = (p: (typeof problems)[number]) =>
      `${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`;
    const warnings = problems.filter((p) => p.severity === 'warn').map(describe);
    if (warnings.length > 0)
      console.warn(`OpenAPI lint: ${warnings.length} warning(s)\n${warnings.join('\n')}`);
    expect(problems.filter((p) => p.severity === 'error').map(describe)).toEqual([]);
  });

  it('gives every operation a summary, security, a typed success body and the error body on each error', () => {
    const errorRef = `#/components/schemas/${ErrorResponseDto.name}`;
    const failures: string[] = [];
    for (const op of operations) {
      if (!op.summary?.trim()) failures.push(`${op.key}: no summary`);
      if (!Array.isArray(op.security)) failures.push(`${op.key}: no security`);
      const statuses = Object.keys(op.responses);
      const success = statuses.filter((s) => /^2\d\d$/.test(s));
      if (success.length === 0) failures.push(`${op.key}: no 2xx response`);
      for (const status of success) {
        if (status === '204') continue;
        const content = Object.values(op.responses[status]!.content ?? {});
        const typed = content.some((c) => c.schema && Object.keys(c.schema).length > 0);
        if (!typed) failures.push(`${op.key}: ${status} has no schema`);
      }
      for (const status of statuses.filter((s) => /^[45]\d\d$/.test(s))) {
        const schema = op.responses[status]!.content?.['application/json']?.schema;
        // Readiness answers 503 with its own body: which dependency does not answer.
        const ownBody = op.key.startsWith('GET /health') && status === '503';
        if (schema?.$ref !== errorRef && !ownBody)
          failures.push(`${op.key}: ${status} without the error body`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps the operation ids (they name the generated client types): a change here is a breaking change', () => {
    const ids = Object.fromEntries(operations.map((op) => [op.key, op.operationId]));
    expect(ids).toEqual(PINNED_OPERATION_IDS);
  });

  it("generates the web app's API types from the document (apps/web/src/api/schema.d.ts is current)", async () => {
    const { default: openapiTS, astToString, COMMENT_HEADER } = await import('openapi-typescript');
    const nodes = await openapiTS(doc as never, { alphabetize: false });
    const generated = await formatted(
      WEB_TYPES_FILE,
      `${COMMENT_HEADER.replace(
        'Do not make direct changes to the file.',
        'Do not make direct changes to the file: run `npm run openapi:types` (from /docs/json).',
      )}${astToString(nodes)}`,
    );
    expectCurrent(WEB_TYPES_FILE, generated);
  });
});

const PINNED_OPERATION_IDS: Record<string, string> = {
  'POST /incidents/{id}/requests/{requestId}/close': 'incidentsCloseRequest',
  'POST /incidents/{id}/conflicts/resolve': 'incidentsResolveConflict',
  'POST /incidents/{id}/sitreps/{taskId}/corrections': 'incidentsCorrectSitrep',
  'GET /scorecards/{agencyCode}/tasks': 'scorecardsTasks',
  'GET /leadership/overview': 'leadershipOverview',
  'DELETE /calendar/holidays/{date}': 'calendarRemove',
  'GET /acting-appointments': 'actingList',
  'GET /acting-appointments/candidates': 'actingCandidates',
  'GET /admin/agencies': 'adminAgenciesList',
  'GET /admin/notification-deliveries': 'notificationsDeliveries',
  'GET /admin/users': 'adminUsersList',
  'GET /admin/users/import-template.xlsx': 'adminUsersTemplate',
  'GET /admin/users/{id}': 'adminUsersGet',
  'GET /agencies': 'agenciesList',
  'GET /agencies/coverage': 'agenciesCoverageReport',
  'GET /areas': 'areasList',
  'GET /attachments/{id}': 'attachmentsGet',
  'GET /attachments/{id}/content': 'attachmentsDownload',
  'GET /attachments/{id}/thumbnail': 'attachmentsThumbnail',
  'GET /auth/me': 'authMe',
  'GET /calendar': 'calendarCalendar',
  'GET /data/collections': 'collectionsList',
  'GET /data/collections/{id}': 'collectionsGet',
  'GET /data/conflicts': 'dataConflicts',
  'GET /data/figures/revisions': 'dataRevisions',
  'GET /data/incidents/held': 'incidentFiguresHeld',
  'GET /data/indicators': 'dataIndicators',
  'GET /data/indicators/{code}': 'dataIndicator',
  'GET /data/overview': 'dataOverview',
  'GET /data/published': 'publishedDataList',
  'GET /data/published.csv': 'publishedDataCsv',
  'GET /data/published.xlsx': 'publishedDataXlsx',
  'GET /data/reconciliations': 'dataReconciliations',
  'GET /data/reconciliations/{id}': 'dataReconciliation',
  'GET /data/requests': 'dataRequests',
  'GET /escalations': 'escalationsBoard',
  'GET /health': 'healthCheck',
  'GET /health/live': 'healthLive',
  'GET /health/ready': 'healthReady',
  'GET /inbox': 'tasksInbox',
  'GET /incidents': 'incidentsList',
  'GET /incidents/{id}': 'incidentsDashboard',
  'GET /incidents/{id}/comments': 'commentsListOnIncident',
  'GET /incidents/{id}/sitreps': 'incidentsSitreps',
  'GET /me/notification-preferences': 'notificationsPreferences',
  'GET /notifications': 'notificationsList',
  'GET /notifications/stream': 'notificationsStream',
  'GET /notifications/unread-count': 'notificationsUnreadCount',
  'GET /notifications/{id}': 'notificationsGet',
  'GET /projects': 'projectsList',
  'GET /projects/overview': 'projectsOverview',
  'GET /projects/{id}': 'projectsGet',
  'GET /projects/{id}/audit': 'projectsAudit',
  'GET /projects/{id}/comments': 'commentsListOnProject',
  'GET /public/data/figures': 'publicDataFigures',
  'GET /public/data/figures.csv': 'publicDataFiguresCsv',
  'GET /public/data/figures.xlsx': 'publicDataFiguresXlsx',
  'GET /public/data/indicators': 'publicDataIndicators',
  'GET /reviews': 'tasksReviews',
  'GET /scorecards': 'scorecardsGet',
  'GET /tasks/{id}': 'tasksGet',
  'GET /tasks/{id}/comments': 'commentsListOnTask',
  'GET /tasks/{id}/contributions': 'tasksContributions',
  'GET /tasks/{id}/contributions/{version}/attachments': 'attachmentsListForContribution',
  'GET /tasks/{id}/handover-candidates': 'tasksHandoverCandidates',
  'GET /tasks/{id}/history': 'tasksHistory',
  'GET /tasks/{id}/template.xlsx': 'taskSpreadsheetTemplate',
  'GET /templates': 'templatesList',
  'GET /templates/responsibilities': 'templatesResponsibilities',
  'GET /templates/{code}': 'templatesGet',
  'GET /templates/{code}/versions/{version}': 'templatesGetVersion',
  'PATCH /admin/agencies/{id}': 'adminAgenciesRename',
  'PATCH /admin/users/{id}': 'adminUsersUpdate',
  'POST /acting-appointments': 'actingCreate',
  'POST /acting-appointments/{id}/end': 'actingEnd',
  'POST /admin/agencies': 'adminAgenciesCreate',
  'POST /admin/agencies/{id}/deactivate': 'adminAgenciesDeactivate',
  'POST /admin/digests': 'notificationsRunDigest',
  'POST /admin/notification-deliveries/{id}/retry': 'notificationsRetry',
  'POST /admin/users': 'adminUsersCreate',
  'POST /admin/users/import': 'adminUsersImport',
  'POST /admin/users/{id}/deactivate': 'adminUsersDeactivate',
  'POST /admin/users/{id}/reset-password': 'adminUsersResetPassword',
  'POST /auth/login': 'authLogin',
  'POST /auth/logout': 'authLogout',
  'POST /auth/password': 'authChangePassword',
  'POST /auth/refresh': 'authRefresh',
  'POST /codec/decode': 'codecDecode',
  'POST /codec/encode': 'codecEncode',
  'POST /codec/logout': 'codecLogout',
  'POST /codec/session': 'codecSession',
  'POST /comments/{id}/attachments': 'attachmentsAddToComment',
  'POST /data/collections': 'collectionsCreate',
  'POST /data/collections/{id}/pause': 'collectionsPause',
  'POST /data/collections/{id}/resume': 'collectionsResume',
  'POST /data/collections/{id}/trigger': 'collectionsTrigger',
  'POST /data/conflicts/{id}/resolve': 'dataResolve',
  'POST /data/figures/revisions': 'dataRevise',
  'POST /data/incidents/{id}/publish': 'incidentFiguresPublish',
  'POST /data/indicators': 'dataDefineIndicator',
  'POST /data/reconciliations/{id}/decisions': 'dataDecideReconciliation',
  'POST /data/requests': 'dataRequest',
  'POST /escalations/{id}/answer': 'escalationsAnswer',
  'POST /escalations/{id}/extend': 'escalationsExtend',
  'POST /incidents': 'incidentsDeclare',
  'POST /incidents/{id}/agencies': 'incidentsMobilise',
  'POST /incidents/{id}/agencies/{agencyCode}/release': 'incidentsRelease',
  'POST /incidents/{id}/comments': 'commentsAddOnIncident',
  'POST /incidents/{id}/requests': 'incidentsRequestResource',
  'POST /incidents/{id}/status': 'incidentsChangeStatus',
  'POST /incidents/{id}/tasks': 'incidentsAssignTask',
  'POST /notifications/read-all': 'notificationsMarkAllRead',
  'POST /notifications/{id}/read': 'notificationsMarkRead',
  'POST /projects': 'projectsCreate',
  'POST /projects/from-template': 'projectsCreateFromTemplate',
  'POST /projects/{id}/agencies': 'projectsAddAgency',
  'POST /projects/{id}/cancel': 'projectsCancel',
  'POST /projects/{id}/comments': 'commentsAddOnProject',
  'POST /tasks/{id}/claim': 'tasksClaim',
  'POST /tasks/{id}/comments': 'commentsAddOnTask',
  'POST /tasks/{id}/contribution': 'tasksSubmit',
  'POST /tasks/{id}/contributions/{version}/attachments': 'attachmentsAddToContribution',
  'POST /tasks/{id}/reassign': 'tasksReassign',
  'POST /tasks/{id}/release': 'tasksRelease',
  'POST /tasks/{id}/review': 'tasksReview',
  'POST /tasks/{id}/spreadsheet': 'taskSpreadsheetUpload',
  'POST /templates': 'templatesCreate',
  'PUT /calendar/holidays/{date}': 'calendarPut',
  'PUT /me/notification-preferences': 'notificationsSetPreferences',
  // Issue #18: Musrenbang planning, joint policy drafts, citizen reports and transparency.
  'GET /planning/topics': 'planningTopics',
  'GET /planning/years': 'planningListYears',
  'GET /planning/years/{year}': 'planningGetYear',
  'GET /planning/years/{year}/overview': 'planningOverview',
  'GET /planning/years/{year}/proposals': 'planningListProposals',
  'GET /planning/years/{year}/proposals/{id}': 'planningGetProposal',
  'PATCH /planning/years/{year}/stages': 'planningSetStages',
  'POST /planning/years': 'planningCreateYear',
  'POST /planning/years/{year}/proposals': 'planningFileProposal',
  'POST /planning/years/{year}/proposals/{id}/assign': 'planningAssign',
  'GET /policy-drafts': 'policyDraftsList',
  'GET /policy-drafts/{id}': 'policyDraftsRead',
  'GET /policy-drafts/{id}/timeline': 'policyDraftsTimeline',
  'POST /policy-drafts': 'policyDraftsCreate',
  'POST /policy-drafts/{id}/sign-off': 'policyDraftsSignOff',
  'POST /policy-drafts/{id}/versions': 'policyDraftsUploadVersion',
  'POST /policy-drafts/{id}/withdraw': 'policyDraftsWithdraw',
  'GET /public/reports/areas': 'publicReportsAreas',
  'GET /public/reports/categories': 'publicReportsCategories',
  'GET /public/reports/challenge': 'publicReportsChallenge',
  'GET /public/reports/{trackingNumber}': 'publicReportsTrack',
  'POST /public/reports': 'publicReportsFile',
  'GET /citizen-reports': 'citizenReportsList',
  'GET /citizen-reports/{id}': 'citizenReportsGet',
  'GET /citizen-reports/{id}/photo': 'citizenReportsPhoto',
  'POST /citizen-reports/{id}/answers': 'citizenReportsAnswer',
  'POST /citizen-reports/{id}/triage': 'citizenReportsTriage',
  'GET /public/transparency': 'transparencyFigures',
};
