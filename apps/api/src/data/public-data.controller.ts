import { Controller, Get, Query, Req, Res, StreamableFile, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { AuthService } from '../auth/auth.service';
import { Public } from '../common/auth-context';
import { PublicFiguresQuery, PublishedQuery } from './data.dto';
import { PublicDataService } from './public-data.service';
import {
  ANONYMOUS,
  PublishedDataService,
  viewerOf,
  type PublishedFilter,
  type Viewer,
} from './published-data.service';
import { PublicThrottlerGuard, SignedInUncounted } from './public-throttler.guard';

/** The parts of Express's response the exports set (@types/express is not installed). */
export interface HeaderResponse {
  setHeader(name: string, value: string): void;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const filterOf = (query: PublicFiguresQuery): PublishedFilter => ({
  indicator: query.indicator,
  period: query.period,
  area: query.desa ?? query.kecamatan,
});

/**
 * The open data API (no login): the regency's published figures with provenance by OPD and role — never a
 * person's name or position (UU 27/2022) — as JSON pages and complete CSV and XLSX downloads. Every route counts
 * against the per-address limit (PUBLIC_RATE_LIMIT per PUBLIC_RATE_WINDOW; 429 with Retry-After).
 */
@ApiTags('open data')
@Public()
@UseGuards(PublicThrottlerGuard)
@ApiTooManyRequestsResponse({
  description: 'Too many requests from this address; Retry-After says how long to wait',
})
@Controller('public/data')
export class PublicDataController {
  constructor(
    private readonly published: PublishedDataService,
    private readonly catalogue: PublicDataService,
  ) {}

  @Get('indicators')
  @ApiOperation({ summary: 'Indicators that have published figures, with their periods (open)' })
  indicators() {
    return this.catalogue.indicators();
  }

  @Get('figures')
  @ApiOperation({
    summary:
      'Published figures by indicator, period, kecamatan or desa, one page at a time: total, page, pageSize, nextPage (open)',
  })
  async figures(@Query() query: PublicFiguresQuery, @Res({ passthrough: true }) res: HeaderResponse) {
    const answer = await this.published.list(filterOf(query), ANONYMOUS, query);
    pageHeaders(res, '/public/data/figures', query, answer);
    return answer;
  }

  @Get('figures.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'Every matching figure as CSV (formula-escaped), streamed; X-Total-Count',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOperation({ summary: 'Public figures as CSV' })
  async figuresCsv(@Query() query: PublicFiguresQuery, @Res({ passthrough: true }) res: HeaderResponse) {
    const filter = filterOf(query);
    res.setHeader('X-Total-Count', String(await this.published.count(filter)));
    return new StreamableFile(this.published.csv(filter, ANONYMOUS), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="gotong-data-publik.csv"',
    });
  }

  @Get('figures.xlsx')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({
    description: 'Every matching figure as an XLSX workbook, streamed; X-Total-Count',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOperation({ summary: 'Public figures as an XLSX workbook' })
  async figuresXlsx(@Query() query: PublicFiguresQuery, @Res({ passthrough: true }) res: HeaderResponse) {
    const filter = filterOf(query);
    res.setHeader('X-Total-Count', String(await this.published.count(filter)));
    return new StreamableFile(this.published.xlsx(filter, ANONYMOUS), {
      type: XLSX_TYPE,
      disposition: 'attachment; filename="gotong-data-publik.xlsx"',
    });
  }
}

/** X-Total-Count, and a Link to the next page when there is one (RFC 8288). */
export function pageHeaders(
  res: HeaderResponse,
  path: string,
  query: object,
  answer: { total: number; nextPage: number | null },
): void {
  res.setHeader('X-Total-Count', String(answer.total));
  if (answer.nextPage !== null) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    params.set('page', String(answer.nextPage));
    res.setHeader('Link', `<${path}?${params.toString()}>; rel="next"`);
  }
}

/** The parts of Express's request the optional sign-in reads. */
interface MaybeSignedIn {
  headers: { authorization?: string };
}

/**
 * The published figures under /data/published (JSON, CSV, XLSX): open as they always were, and what the
 * signed-in data page reads. Without a token the caller sees what the open data API shows (no personal names,
 * counted against the public limit); with a token the caller is authenticated (a bad token is a 401) and a
 * data custodian (WALIDATA, ADMIN: permission data.personal-names) also sees who submitted, verified and
 * reconciled each figure by name.
 */
@ApiTags('data satu pintu')
@ApiBearerAuth()
@ApiSecurity({}) // …or no token at all: the bearer token is optional here
@Public()
@SignedInUncounted()
@UseGuards(PublicThrottlerGuard)
@Controller('data')
export class PublishedDataController {
  constructor(
    private readonly published: PublishedDataService,
    private readonly auth: AuthService,
  ) {}

  private async viewer(request: MaybeSignedIn): Promise<Viewer> {
    const header = request.headers.authorization;
    if (header === undefined) return ANONYMOUS;
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) return ANONYMOUS;
    const { auth } = await this.auth.authenticate(token);
    return viewerOf(auth.role);
  }

  @Get('published')
  @ApiOperation({
    summary:
      'Published figures with metadata and provenance (JSON), a page at a time (total, nextPage); open, names for WALIDATA/ADMIN only',
  })
  async list(
    @Query() query: PublishedQuery,
    @Req() req: MaybeSignedIn,
    @Res({ passthrough: true }) res: HeaderResponse,
  ) {
    const answer = await this.published.list(query, await this.viewer(req), query);
    pageHeaders(res, '/data/published', query, answer);
    return answer;
  }

  @Get('published.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'Every matching figure as CSV (formula-escaped), streamed; X-Total-Count',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOperation({ summary: 'Published figures as CSV' })
  async csv(
    @Query() query: PublishedQuery,
    @Req() req: MaybeSignedIn,
    @Res({ passthrough: true }) res: HeaderResponse,
  ) {
    const viewer = await this.viewer(req);
    const filter = { indicator: query.indicator, area: query.area, period: query.period };
    res.setHeader('X-Total-Count', String(await this.published.count(filter)));
    return new StreamableFile(this.published.csv(filter, viewer), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="gotong-data.csv"',
    });
  }

  @Get('published.xlsx')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({
    description: 'Every matching figure as an XLSX workbook, streamed; X-Total-Count',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOperation({ summary: 'Published figures as an XLSX workbook' })
  async xlsx(
    @Query() query: PublishedQuery,
    @Req() req: MaybeSignedIn,
    @Res({ passthrough: true }) res: HeaderResponse,
  ) {
    const viewer = await this.viewer(req);
    const filter = { indicator: query.indicator, area: query.area, period: query.period };
    res.setHeader('X-Total-Count', String(await this.published.count(filter)));
    return new StreamableFile(this.published.xlsx(filter, viewer), {
      type: XLSX_TYPE,
      disposition: 'attachment; filename="gotong-data.xlsx"',
    });
  }
}
