import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { XLSX_TYPE } from './public-data.controller';
import { TaskSpreadsheetService, type UploadedSheet } from './task-spreadsheet.service';

/** A regency-wide sheet (330 areas × a dozen columns) is far below this. */
const SHEET_MAX_BYTES = 5 * 1024 * 1024;

/** Spreadsheet in: a data request's task as an XLSX template, and the filled sheet as the contribution. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TaskSpreadsheetController {
  constructor(private readonly sheets: TaskSpreadsheetService) {}

  @Get(':id/template.xlsx')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({
    description:
      'One row per area (code, name, kecamatan), one column per field (label, unit, [key]), a reason column, an instructions sheet',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiForbiddenResponse({ description: "Only the task's OPD, as for submitting" })
  @ApiConflictResponse({ description: 'The task takes no submission now' })
  @ApiOperation({ summary: "A task's figures as a spreadsheet to fill in" })
  async template(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.sheets.template(auth, id), {
      type: XLSX_TYPE,
      disposition: 'attachment; filename="gotong-isian.xlsx"',
    });
  }

  @Post(':id/spreadsheet')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({
    description: 'Submitted for review, as a web submission; `cells` says how many figures were read',
  })
  @ApiBadRequestResponse({
    description: 'Nothing submitted; `rows` names each bad cell (sheet row, column header, message)',
  })
  @ApiForbiddenResponse({ description: "Only the task's OPD, as for submitting" })
  @ApiConflictResponse({ description: 'Already submitted, or the task is finished' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: SHEET_MAX_BYTES, files: 1 } }))
  @ApiOperation({ summary: "Submit a task's figures as a filled-in spreadsheet" })
  upload(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: UploadedSheet | undefined,
  ) {
    return this.sheets.upload(auth, id, file);
  }
}
