import {
  BadRequestException,
  Body,
  Catch,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  PayloadTooLargeException,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { PHOTO_MAX_BYTES } from '@gotong/domain/citizen/categories';
import { Auth, Public, type AuthContext } from '../common/auth-context';
import { PublicThrottlerGuard } from '../data/public-throttler.guard';
import { megabytes } from '../attachments/file-checks';
import { CitizenFilingThrottlerGuard } from './citizen-throttler.guard';
import {
  AnswerDto,
  FileReportDto,
  ListCitizenReportsQuery,
  TransparencyQuery,
  TriageDto,
} from './citizen.dto';
import { CitizenReportsService, type UploadedPhoto } from './citizen-reports.service';
import { TransparencyService } from './transparency.service';

const UUID = new ParseUUIDPipe();

/**
 * multer's limits on the filing as a 413 that names what is too large: the photo (5 MB) or a field (16 KB, the
 * description allows 4000 characters); other refusals pass as they are.
 */
@Catch(PayloadTooLargeException, BadRequestException)
export class CitizenFilingTooLargeFilter implements ExceptionFilter {
  catch(exception: PayloadTooLargeException | BadRequestException, host: ArgumentsHost): void {
    const response = host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>();
    const cause = exception.cause as { code?: string; field?: string } | undefined;
    if (exception instanceof BadRequestException && cause?.code !== 'LIMIT_FIELD_VALUE') {
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const message =
      cause?.code === 'LIMIT_FIELD_VALUE'
        ? `${cause.field ?? 'field'}: larger than 16 KB`
        : exception.message.startsWith('photo:')
          ? exception.message
          : `photo: larger than ${megabytes(PHOTO_MAX_BYTES)}`;
    response
      .status(HttpStatus.PAYLOAD_TOO_LARGE)
      .json({ statusCode: HttpStatus.PAYLOAD_TOO_LARGE, error: 'Payload Too Large', message: [message] });
  }
}

/**
 * The public door for citizens (no login), in the spirit of SP4N-LAPOR! (Perpres 76/2013, PermenPANRB 62/2018):
 * categories and desa for the form, a challenge, filing a report (multipart, optional photo) and following it by
 * tracking number. Every route counts against the open API limit per address (PUBLIC_RATE_LIMIT); filing also
 * against CITIZEN_REPORT_RATE_LIMIT. The reporter's personal data and the photo are never served here.
 */
@ApiTags('citizen reports')
@Public()
@UseGuards(PublicThrottlerGuard)
@ApiTooManyRequestsResponse({
  description: 'Too many requests from this address; Retry-After says how long to wait',
})
@Controller('public/reports')
export class PublicReportsController {
  constructor(private readonly reports: CitizenReportsService) {}

  @Get('categories')
  @ApiOperation({
    summary: 'Report categories with the OPD that handles each and the first-response SLA (open)',
  })
  categories() {
    return this.reports.categories();
  }

  @Get('areas')
  @ApiOperation({
    summary: 'Every desa and kelurahan of the regency with its kecamatan, for the form (open)',
  })
  areas() {
    return this.reports.areas();
  }

  @Get('challenge')
  @ApiOperation({
    summary:
      'A challenge for the form: a small sum in words, and a signed token good for one attempt in 10 minutes',
  })
  challenge() {
    return this.reports.challenge();
  }

  @Post()
  @UseGuards(CitizenFilingThrottlerGuard)
  @UseFilters(CitizenFilingTooLargeFilter)
  @UseInterceptors(
    FileInterceptor('photo', {
      limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 10, fieldSize: 16 * 1024, parts: 11 },
    }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({
    description: 'Filed: the tracking number, status RECEIVED and the first-response deadline',
  })
  @ApiBadRequestResponse({
    description:
      'A field refused (named), or the challenge: challengeToken expired/used/forged, challengeAnswer wrong',
  })
  @ApiPayloadTooLargeResponse({ description: 'Photo larger than 5 MB, or the form too large' })
  @ApiUnsupportedMediaTypeResponse({ description: 'The photo is not JPEG, PNG or WebP by its content' })
  @ApiOperation({
    summary: 'File a citizen report (multipart/form-data, optional photo): a tracking number back',
  })
  file(@Body() body: FileReportDto, @UploadedFile() photo: UploadedPhoto | undefined) {
    return this.reports.file(body, photo);
  }

  @Get(':trackingNumber')
  @ApiOkResponse({ description: 'Status, public answers and project progress; never personal data' })
  @ApiNotFoundResponse({ description: 'No report with this tracking number' })
  @ApiOperation({ summary: 'Follow a citizen report by its tracking number (open)' })
  track(@Param('trackingNumber') trackingNumber: string) {
    return this.reports.track(trackingNumber);
  }
}

/**
 * The desk's side of citizen reports (login): the handling OPD, the regency desk (DISKOMINFO) and ADMIN read
 * and act, with the reporter's personal data; LEADERSHIP reads without it; other OPDs see none.
 */
@ApiTags('citizen reports')
@ApiBearerAuth()
@Controller('citizen-reports')
export class CitizenReportsController {
  constructor(private readonly reports: CitizenReportsService) {}

  @Get()
  @ApiOkResponse({
    description: "The caller's OPD's reports (the desk, leadership and ADMIN: all), newest first",
  })
  @ApiOperation({ summary: 'List citizen reports the caller may see' })
  list(@Auth() auth: AuthContext, @Query() query: ListCitizenReportsQuery) {
    return this.reports.list(auth, query);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The report; reporter and internal notes only for those handling it' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'Handled by another OPD' })
  @ApiOperation({ summary: 'A citizen report' })
  get(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.reports.get(auth, id);
  }

  @Get(':id/photo')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiOkResponse({ description: 'The photo', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such report, or it has no photo' })
  @ApiForbiddenResponse({ description: 'Only those handling the report' })
  @ApiOperation({ summary: "A citizen report's photo" })
  async photo(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    const photo = await this.reports.photo(auth, id);
    return new StreamableFile(photo.stream, {
      type: photo.mediaType,
      length: photo.sizeBytes,
      disposition: 'inline; filename="foto-aduan"',
    });
  }

  @Post(':id/triage')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Triaged: answered, turned into a joint project, forwarded or rejected' })
  @ApiBadRequestResponse({
    description: 'A field refused (named): text, templateCode, parameters, agencyCode, note…',
  })
  @ApiForbiddenResponse({ description: 'Only the handling OPD, the complaint desk or ADMIN' })
  @ApiConflictResponse({ description: 'The report is already final, or already a joint project' })
  @ApiOperation({ summary: 'Triage a citizen report: answer, project from a template, forward or reject' })
  triage(@Auth() auth: AuthContext, @Param('id', UUID) id: string, @Body() body: TriageDto) {
    return this.reports.triage(auth, id, body);
  }

  @Post(':id/answers')
  @ApiCreatedResponse({ description: 'The public answer as the citizen reads it' })
  @ApiBadRequestResponse({ description: 'No text, or too long' })
  @ApiForbiddenResponse({ description: 'Only the handling OPD, the complaint desk or ADMIN' })
  @ApiConflictResponse({ description: 'The report is already final' })
  @ApiOperation({ summary: 'Publish an answer on a citizen report (final: the report is answered)' })
  answer(@Auth() auth: AuthContext, @Param('id', UUID) id: string, @Body() body: AnswerDto) {
    return this.reports.answer(auth, id, body);
  }
}

/** Public transparency (no login): per-OPD figures beside the published data. */
@ApiTags('open data')
@Public()
@UseGuards(PublicThrottlerGuard)
@ApiTooManyRequestsResponse({
  description: 'Too many requests from this address; Retry-After says how long to wait',
})
@Controller('public/transparency')
export class TransparencyController {
  constructor(private readonly transparency: TransparencyService) {}

  @Get()
  @ApiOkResponse({
    description:
      'Per OPD for the year: citizen reports received and answered within the first-response SLA, joint tasks ' +
      'completed on time (scorecard rules) and projects completed',
  })
  @ApiOperation({ summary: 'Transparency figures per OPD (open)' })
  figures(@Query() query: TransparencyQuery) {
    return this.transparency.figures(query.year);
  }
}
