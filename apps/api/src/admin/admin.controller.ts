import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
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
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { CreateAgencyDto, CreateUserDto, RenameAgencyDto, UpdateUserDto, UserListQuery } from './admin.dto';
import { AgencyAdminService } from './agency-admin.service';
import { PasswordResetService } from './password-reset.service';
import { UserAccountsService } from './user-accounts.service';
import { UserImportService, type UploadedSheet } from './user-import.service';

/** Files larger than this are not an onboarding sheet. */
const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/agencies')
export class AdminAgenciesController {
  constructor(private readonly agencies: AgencyAdminService) {}

  @Get()
  @ApiOkResponse({ description: 'Every OPD, active first, with its number of active users' })
  @ApiForbiddenResponse({ description: 'ADMIN only' })
  @ApiOperation({ summary: 'ADMIN: list every OPD' })
  list(@Auth() auth: AuthContext) {
    return this.agencies.list(auth);
  }

  @Post()
  @ApiCreatedResponse({ description: 'The new OPD' })
  @ApiConflictResponse({ description: 'The code is taken' })
  @ApiForbiddenResponse({ description: 'ADMIN only' })
  @ApiOperation({ summary: 'ADMIN: create an OPD' })
  create(@Auth() auth: AuthContext, @Body() body: CreateAgencyDto) {
    return this.agencies.create(auth, body);
  }

  @Patch(':id')
  @ApiOkResponse({ description: 'The renamed OPD' })
  @ApiForbiddenResponse({ description: 'ADMIN only' })
  @ApiOperation({ summary: 'ADMIN: rename an OPD' })
  rename(
    @Auth() auth: AuthContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RenameAgencyDto,
  ) {
    return this.agencies.rename(auth, id, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The deactivated OPD' })
  @ApiConflictResponse({ description: 'It still has active users or open tasks (named in the answer)' })
  @ApiForbiddenResponse({ description: 'ADMIN only' })
  @ApiOperation({ summary: 'ADMIN: deactivate an OPD' })
  deactivate(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.agencies.deactivate(auth, id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UserAccountsService,
    private readonly imports: UserImportService,
    private readonly passwords: PasswordResetService,
  ) {}

  @Get()
  @ApiOkResponse({
    description: 'Accounts (an admin every one, a Kepala OPD their own OPD), filtered, a page',
  })
  @ApiForbiddenResponse({ description: 'ADMIN or AGENCY_HEAD' })
  @ApiOperation({ summary: 'List accounts' })
  list(@Auth() auth: AuthContext, @Query() query: UserListQuery) {
    return this.users.list(auth, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create an account; its one-time password is in this answer and nowhere else' })
  @ApiCreatedResponse({ description: '{ user, oneTimePassword }' })
  @ApiBadRequestResponse({ description: 'Names the bad field' })
  @ApiConflictResponse({ description: 'The username is taken' })
  @ApiForbiddenResponse({ description: 'ADMIN, or the Kepala OPD for STAFF of their own OPD' })
  create(@Auth() auth: AuthContext, @Body() body: CreateUserDto) {
    return this.users.create(auth, body);
  }

  @Get('import-template.xlsx')
  @ApiProduces(XLSX)
  @ApiOkResponse({
    description: 'An empty import sheet with its columns and a sheet explaining them',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiForbiddenResponse({ description: 'ADMIN or AGENCY_HEAD' })
  @ApiOperation({ summary: 'The user import sheet (XLSX)' })
  async template(@Auth() auth: AuthContext): Promise<StreamableFile> {
    const file = await this.imports.template(auth);
    return new StreamableFile(file, {
      type: XLSX,
      disposition: 'attachment; filename="gotong-import-pengguna.xlsx"',
    });
  }

  @Post('import')
  @ApiOperation({
    summary:
      'Bulk onboarding from a CSV or XLSX file: all rows or none; every account created comes with its one-time password',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ description: '{ imported, users: [{ username, …, oneTimePassword }] }' })
  @ApiBadRequestResponse({
    description: 'Nothing imported; `rows` names each bad cell (row, column, message)',
  })
  @ApiForbiddenResponse({ description: 'ADMIN, or the Kepala OPD for STAFF of their own OPD' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } }))
  import(@Auth() auth: AuthContext, @UploadedFile() file: UploadedSheet | undefined) {
    return this.imports.import(auth, file);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'One account' })
  @ApiOperation({ summary: 'One account' })
  get(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.users.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({ description: 'The changed account' })
  @ApiBadRequestResponse({ description: 'Names the bad field' })
  @ApiOperation({ summary: 'Change an account' })
  update(
    @Auth() auth: AuthContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserDto,
  ) {
    return this.users.update(auth, id, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The deactivated account; its sessions end' })
  @ApiOperation({ summary: 'Deactivate an account' })
  deactivate(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.users.deactivate(auth, id);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A new one-time password, in this answer only; the user must choose their own next',
  })
  @ApiOkResponse({ description: '{ user, oneTimePassword }' })
  resetPassword(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.passwords.reset(auth, id);
  }
}

/** People and offices, one service per use case (registered in the AppModule). */
export const ADMIN_CONTROLLERS = [AdminAgenciesController, AdminUsersController];
export const ADMIN_PROVIDERS = [
  AgencyAdminService,
  UserAccountsService,
  PasswordResetService,
  UserImportService,
];
