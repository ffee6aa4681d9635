import {
  Catch,
  Controller,
  Get,
  HttpStatus,
  Inject,
  Param,
  ParseUUIDPipe,
  PayloadTooLargeException,
  Post,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseInterceptors,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
  type ApiBodyOptions,
} from '@nestjs/swagger';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { Auth, type AuthContext } from '../common/auth-context';
import { ParseInt4Pipe } from '../common/hostile-input';
import {
  AttachmentsService,
  tooLargeMessage,
  type AttachmentContent,
  type UploadedAttachment,
} from './attachments.service';

const UUID = new ParseUUIDPipe();
const FILE_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, PDF, XLSX, CSV or DOCX' },
    },
  },
};
const TOO_LARGE = 'Larger than ATTACHMENT_MAX_BYTES (10 MB by default)';
const UNSUPPORTED = 'The content is not JPEG, PNG, WebP, PDF, XLSX, CSV or DOCX (whatever the name says)';

/** multer's "File too large" as a 413 that names the limit. */
@Catch(PayloadTooLargeException)
export class AttachmentTooLargeFilter implements ExceptionFilter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(_exception: PayloadTooLargeException, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>()
      .status(HttpStatus.PAYLOAD_TOO_LARGE)
      .json({
        statusCode: HttpStatus.PAYLOAD_TOO_LARGE,
        error: 'Payload Too Large',
        message: tooLargeMessage(this.config.ATTACHMENT_MAX_BYTES),
      });
  }
}

/** RFC 6266: an ASCII fallback name and the UTF-8 one. */
function disposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function send(content: AttachmentContent, kind: 'attachment' | 'inline'): StreamableFile {
  return new StreamableFile(content.stream, {
    type: content.mediaType,
    disposition: disposition(kind, content.fileName),
    ...(content.sizeBytes !== null ? { length: content.sizeBytes } : {}),
  });
}

/**
 * Upload (multipart/form-data, field `file`) and download of attachments. Uploads are limited per file by
 * ATTACHMENT_MAX_BYTES (multer's limit, configured in AttachmentsModule) and to the allowed types.
 */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
@UseFilters(AttachmentTooLargeFilter)
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post('tasks/:id/contributions/:version/attachments')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiCreatedResponse({ description: 'Stored; a photo also has a thumbnail' })
  @ApiBadRequestResponse({ description: 'No file, an empty file, or a photo that cannot be read' })
  @ApiForbiddenResponse({ description: "Only the task's OPD (staff and head) attaches to its contributions" })
  @ApiNotFoundResponse({ description: 'No such task, or no such contribution version' })
  @ApiPayloadTooLargeResponse({ description: TOO_LARGE })
  @ApiUnsupportedMediaTypeResponse({ description: UNSUPPORTED })
  @ApiOperation({ summary: 'Attach a file (evidence) to a submitted contribution or sitrep' })
  addToContribution(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Param('version', ParseInt4Pipe) version: number,
    @UploadedFile() file: UploadedAttachment | undefined,
  ) {
    return this.attachments.addToContribution(auth, id, version, file);
  }

  @Get('tasks/:id/contributions/:version/attachments')
  @ApiOkResponse({ description: "The contribution's files, oldest first; read like the contribution itself" })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  @ApiOperation({ summary: "A contribution's attachments" })
  listForContribution(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Param('version', ParseInt4Pipe) version: number,
  ) {
    return this.attachments.listForContribution(auth, id, version);
  }

  @Post('comments/:id/attachments')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiCreatedResponse({ description: 'Stored; a photo also has a thumbnail' })
  @ApiBadRequestResponse({ description: 'No file, an empty file, or a photo that cannot be read' })
  @ApiForbiddenResponse({ description: "Only the comment's author attaches files to it" })
  @ApiNotFoundResponse()
  @ApiPayloadTooLargeResponse({ description: TOO_LARGE })
  @ApiUnsupportedMediaTypeResponse({ description: UNSUPPORTED })
  @ApiOperation({ summary: 'Attach a file to a comment' })
  addToComment(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @UploadedFile() file: UploadedAttachment | undefined,
  ) {
    return this.attachments.addToComment(auth, id, file);
  }

  @Get('attachments/:id')
  @ApiOkResponse({ description: 'Name, type, size, checksum, uploader, whether it has a thumbnail' })
  @ApiForbiddenResponse({ description: 'The caller may not read what the file belongs to' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: "An attachment's details" })
  get(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.attachments.get(auth, id);
  }

  @Get('attachments/:id/content')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The file as uploaded (Content-Disposition: attachment)',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiForbiddenResponse({ description: 'The caller may not read what the file belongs to' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'Download an attachment' })
  async download(@Auth() auth: AuthContext, @Param('id', UUID) id: string): Promise<StreamableFile> {
    return send(await this.attachments.content(auth, id, 'original'), 'attachment');
  }

  @Get('attachments/:id/thumbnail')
  @ApiProduces('image/jpeg')
  @ApiOkResponse({
    description: "A photo's thumbnail: JPEG, at most 320 px, no EXIF",
    schema: { type: 'string', format: 'binary' },
  })
  @ApiForbiddenResponse({ description: 'The caller may not read what the file belongs to' })
  @ApiNotFoundResponse({ description: 'No such attachment, or not a photo' })
  @ApiOperation({ summary: "An attachment's thumbnail" })
  async thumbnail(@Auth() auth: AuthContext, @Param('id', UUID) id: string): Promise<StreamableFile> {
    return send(await this.attachments.content(auth, id, 'thumbnail'), 'inline');
  }
}
