/**
 * The citizen-report API's answers as the web app reads them (apps/api/src/citizen): aliases of the generated
 * `<OperationId>Response` schemas like api/types.ts, whose statuses and rejection reasons are the same unions as
 * the domain's own types (re-exported here).
 */
import type { CitizenReportStatus, RejectionReason } from '@gotong/domain/citizen/rules';
import type { Schemas } from '../api/types';

export type { CitizenReportStatus, RejectionReason };

/** GET /public/reports/categories */
export type PublicCategory = Schemas['PublicReportsCategoriesResponse'][number];
export type Bilingual = PublicCategory['label'];

/** GET /public/reports/challenge */
export type Challenge = Schemas['PublicReportsChallengeResponse'];

/** POST /public/reports */
export type FiledReport = Schemas['PublicReportsFileResponse'];

export type PublicAnswer = Schemas['PublicReportsTrackResponse']['answers'][number];

export type ProjectProgress = NonNullable<Schemas['PublicReportsTrackResponse']['project']>;

/** GET /public/reports/:trackingNumber (never the reporter's name or contact, nor internal notes). */
export type PublicReport = Schemas['PublicReportsTrackResponse'];

/** GET /citizen-reports: a page of reports, with the next page's number. */
export type DeskReportPage = Schemas['CitizenReportsListResponse'];
/** One row of GET /citizen-reports. */
export type DeskReportRow = DeskReportPage['items'][number];

/**
 * GET /citizen-reports/:id: the public view plus what those handling it see (reporter null, piiVisible false,
 * for whoever does not handle it, e.g. leadership).
 */
export type DeskReport = Schemas['CitizenReportsGetResponse'];

/** GET /public/transparency */
export type Transparency = Schemas['TransparencyFiguresResponse'];
export type TransparencyAgency = Transparency['agencies'][number];
