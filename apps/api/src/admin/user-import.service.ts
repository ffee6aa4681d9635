import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { managesUser } from '@gotong/domain/permissions';
import { ROLES } from '@gotong/domain/roles';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { CreateUserDto, OFFICES } from './admin.dto';
import { adminAudit, oneTimePassword } from './one-time-password';
import { accountDetail, ACCOUNT_SELECT } from './user-accounts.service';

/** The columns of an import sheet, in the template's order. */
export const IMPORT_COLUMNS = [
  'username',
  'fullName',
  'role',
  'agencyCode',
  'office',
  'position',
  'email',
  'phone',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['username', 'fullName', 'role', 'agencyCode'];
/** More rows than this is not onboarding but a migration: split the file. */
export const IMPORT_MAX_ROWS = 2000;

/** One bad cell: its sheet row (the header is row 1), its column and what is wrong. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/** An uploaded file as multer keeps it in memory. */
export interface UploadedSheet {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

interface SheetRow {
  row: number;
  values: Partial<Record<Column, string>>;
}

export interface ImportedAccount {
  id: string;
  username: string;
  fullName: string;
  role: string;
  agencyCode: string;
  oneTimePassword: string;
}

function rowReport(problems: RowProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => (p.row > 0 ? `row ${p.row}, ${p.column}: ${p.message}` : p.message)),
    rows: problems,
  });
}

/**
 * Bulk onboarding from a CSV or XLSX sheet (columns IMPORT_COLUMNS). Every row is checked first; if any cell
 * is bad nothing is imported and the answer is a 400 naming each bad cell (row, column, message). Otherwise
 * all accounts are created in one transaction, each with a one-time password returned this once.
 */
@Injectable()
export class UserImportService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  async import(
    auth: AuthContext,
    file: UploadedSheet | undefined,
  ): Promise<{ imported: number; users: ImportedAccount[] }> {
    this.access.requireRole(auth, 'user.admin');
    if (!file) throw rowReport([{ row: 0, column: 'file', message: 'file: attach a .csv or .xlsx file' }]);
    const rows = await readSheet(file);
    if (rows.length === 0)
      throw rowReport([{ row: 0, column: 'file', message: 'file: the sheet has no rows' }]);
    if (rows.length > IMPORT_MAX_ROWS)
      throw rowReport([
        {
          row: 0,
          column: 'file',
          message: `file: at most ${IMPORT_MAX_ROWS} rows per import (${rows.length} given)`,
        },
      ]);

    const agencies = new Map(
      (await this.db.agency.findMany({ select: { id: true, code: true, active: true } })).map((a) => [
        a.code,
        a,
      ]),
    );
    const usernames = rows
      .map((r) => r.values.username?.trim().toLowerCase())
      .filter((u): u is string => !!u);
    const taken = new Set(
      (
        await this.db.user.findMany({ where: { username: { in: usernames } }, select: { username: true } })
      ).map((u) => u.username),
    );
    const seen = new Map<string, number>();
    const problems: RowProblem[] = [];
    const valid: { row: number; dto: CreateUserDto; agencyId: string }[] = [];
    for (const { row, values } of rows) {
      const dto = plainToInstance(CreateUserDto, values);
      const errors = await validate(dto);
      const bad = new Set<string>();
      for (const error of errors) {
        bad.add(error.property);
        for (const message of Object.values(error.constraints ?? {}))
          problems.push({ row, column: error.property, message });
      }
      if (!bad.has('username')) {
        if (taken.has(dto.username)) {
          bad.add('username');
          problems.push({ row, column: 'username', message: `username ${dto.username} is taken` });
        } else if (seen.has(dto.username)) {
          bad.add('username');
          problems.push({
            row,
            column: 'username',
            message: `username ${dto.username} is also in row ${seen.get(dto.username)}`,
          });
        } else seen.set(dto.username, row);
      }
      const agency = bad.has('agencyCode') ? undefined : agencies.get(dto.agencyCode);
      if (!bad.has('agencyCode') && !agency) {
        bad.add('agencyCode');
        problems.push({ row, column: 'agencyCode', message: `no OPD has the code ${dto.agencyCode}` });
      } else if (agency && !agency.active) {
        bad.add('agencyCode');
        problems.push({ row, column: 'agencyCode', message: `${agency.code} is deactivated` });
      } else if (agency && !bad.has('role') && !managesUser(auth, { role: dto.role, agencyId: agency.id })) {
        bad.add('agencyCode');
        problems.push({
          row,
          column: 'agencyCode',
          message: `a Kepala OPD imports only STAFF of their own OPD (${auth.agencyCode})`,
        });
      }
      if (bad.size === 0 && agency) valid.push({ row, dto, agencyId: agency.id });
    }
    if (problems.length > 0) throw rowReport(problems);

    const prepared = await Promise.all(
      valid.map(async (v) => {
        const password = oneTimePassword();
        return { ...v, password, passwordHash: await hash(password) };
      }),
    );
    const users = await this.db.$transaction(
      async (tx) => {
        const created: ImportedAccount[] = [];
        for (const { dto, agencyId, password, passwordHash } of prepared) {
          const user = await tx.user.create({
            data: {
              username: dto.username,
              fullName: dto.fullName,
              role: dto.role,
              office: dto.office ?? null,
              position: dto.position ?? null,
              email: dto.email ?? null,
              phone: dto.phone ?? null,
              agencyId,
              passwordHash,
              mustChangePassword: true,
            },
            select: ACCOUNT_SELECT,
          });
          await adminAudit(tx, auth, 'USER_CREATED', `user:${user.id}`, {
            ...accountDetail(user),
            via: 'import',
          });
          created.push({
            id: user.id,
            username: user.username,
            fullName: user.fullName,
            role: user.role,
            agencyCode: user.agency.code,
            oneTimePassword: password,
          });
        }
        return created;
      },
      { timeout: 60_000 },
    );
    return { imported: users.length, users };
  }

  /** An empty import sheet with the columns, and a second sheet saying what each column takes. */
  async template(auth: AuthContext): Promise<Buffer> {
    this.access.requireRole(auth, 'user.admin');
    const agencies = await this.db.agency.findMany({
      where: { active: true, ...(auth.role === 'ADMIN' ? {} : { id: auth.agencyId }) },
      select: { code: true, name: true },
      orderBy: { code: 'asc' },
    });
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Gotong';
    const sheet = workbook.addWorksheet('users');
    sheet.columns = IMPORT_COLUMNS.map((key) => ({ header: key, key, width: key === 'fullName' ? 32 : 18 }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const help = workbook.addWorksheet('petunjuk');
    help.columns = [
      { header: 'column', key: 'column', width: 14 },
      { header: 'required', key: 'required', width: 10 },
      { header: 'values', key: 'values', width: 90 },
    ];
    help.getRow(1).font = { bold: true };
    const describe: Record<Column, string> = {
      username: 'lower case letters, digits, dots, hyphens; unique (e.g. staff2.dinkes)',
      fullName: 'full name with titles',
      role: ROLES.join(', '),
      agencyCode: agencies.map((a) => a.code).join(', '),
      office: `LEADERSHIP only: ${OFFICES.join(', ')}`,
      position: 'position title (optional)',
      email: 'email address (optional)',
      phone: 'E.164, e.g. +6281234567890 (optional)',
    };
    for (const column of IMPORT_COLUMNS)
      help.addRow({ column, required: REQUIRED.includes(column) ? 'yes' : 'no', values: describe[column] });
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}

/** The rows of the first sheet of an XLSX file or of a CSV file, keyed by the header row's column names. */
export async function readSheet(file: UploadedSheet): Promise<SheetRow[]> {
  const name = file.originalname.toLowerCase();
  const table = name.endsWith('.xlsx')
    ? await readXlsx(file.buffer)
    : name.endsWith('.csv') || file.mimetype === 'text/csv'
      ? readCsv(file.buffer)
      : null;
  if (!table) throw rowReport([{ row: 0, column: 'file', message: 'file: must be a .csv or .xlsx file' }]);
  const [header, ...body] = table;
  const columns = (header?.cells ?? []).map((cell) => {
    const wanted = cell.trim().toLowerCase();
    return IMPORT_COLUMNS.find((c) => c.toLowerCase() === wanted) ?? null;
  });
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    throw rowReport(
      missing.map((column) => ({ row: 1, column, message: `the header row has no column ${column}` })),
    );
  return body
    .filter((line) => line.cells.some((cell) => cell.trim() !== ''))
    .map((line) => {
      const values: Partial<Record<Column, string>> = {};
      columns.forEach((column, i) => {
        const cell = line.cells[i]?.trim();
        if (column && cell) values[column] = cell;
      });
      return { row: line.row, values };
    });
}

type Table = { row: number; cells: string[] }[];

async function readXlsx(buffer: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw rowReport([{ row: 0, column: 'file', message: 'file: is not a readable .xlsx workbook' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: Table = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) cells.push(row.getCell(col).text ?? '');
    table.push({ row: number, cells });
  });
  return table;
}

function readCsv(buffer: Buffer): Table {
  let records: string[][];
  try {
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
    // Spreadsheet programs in Indonesian locales write ';' as the separator.
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    throw rowReport([
      { row: 0, column: 'file', message: `file: is not readable CSV (${(error as Error).message})` },
    ]);
  }
  return records.map((cells, i) => ({ row: i + 1, cells }));
}
