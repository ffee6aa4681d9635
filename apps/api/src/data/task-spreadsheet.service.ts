import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import type { TaskSnapshot } from '@gotong/contracts/task';
import {
  confirmationCell,
  indicatorFieldKey,
  KABUPATEN_PROBOLINGGO,
  type DataRequestIndicator,
} from '@gotong/domain/data-standard';
import { validateContribution, type FormSchema } from '@gotong/domain/form-schema';
import {
  headerKey,
  KABUPATEN_ROW,
  parseSheetNumber,
  sheetLayout,
  type SheetLayout,
} from '@gotong/domain/form-sheet';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { TasksService } from '../tasks/tasks.service';
import { SubmissionCheckService } from './submission-check.service';

/** One bad cell: its sheet row (the header is row 1; 0 for the file as a whole), its column header, what is wrong. */
export interface CellProblem {
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

export const SHEET_DATA = 'Data';
export const SHEET_HELP = 'Petunjuk';
export const CODE_HEADER = 'Kode wilayah';
export const NAME_HEADER = 'Nama wilayah';
export const KECAMATAN_HEADER = 'Kecamatan';
export const REASON_HEADER = 'Alasan lonjakan (bila diminta)';
/** The cell of the instructions sheet that names the task the template was made for. */
const TASK_CELL = 'B1';

export function cellReport(problems: CellProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) =>
      p.row > 0 ? `row ${p.row}, ${p.column}: ${p.message}` : `${p.column}: ${p.message}`,
    ),
    rows: problems,
  });
}

type Table = { row: number; cells: (string | number | undefined)[] }[];

/**
 * Spreadsheet in: a task's form as an XLSX template (one row per area with its code and name, one column per
 * field with its unit, an instructions sheet) and a filled sheet (XLSX or CSV) read back into the contribution
 * values. The upload is submitted through TasksService.submit — the web form's path: the same access check, the
 * same jump confirmations (a reason per row in the reason column), the task workflow's validator — after the
 * same validation (validateContribution) has been run here to name each bad cell by sheet row and column
 * header. All or nothing: a refused sheet changes nothing.
 */
@Injectable()
export class TaskSpreadsheetService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
    private readonly tasks: TasksService,
    private readonly submissionCheck: SubmissionCheckService,
  ) {}

  private async taskOf(auth: AuthContext, taskId: string) {
    // Only the task's OPD, while it may submit: the check a web submission passes.
    await this.access.requireTask(auth, taskId, { action: 'submit' });
    const task = await this.db.task.findUniqueOrThrow({
      where: { id: taskId },
      select: { id: true, title: true, instructions: true, form: true, status: true, projectId: true },
    });
    const form = task.form as unknown as FormSchema | null;
    const layout = sheetLayout(form);
    if (!form || !layout) {
      throw cellReport([
        {
          row: 0,
          column: 'task',
          message: "this task's form is not a table of figures per area: fill it in on the task page",
        },
      ]);
    }
    return { task, form, layout };
  }

  /** The template: sheet Data (prefilled with a returned contribution's values) and sheet Petunjuk. */
  async template(auth: AuthContext, taskId: string): Promise<Buffer> {
    const { task, layout } = await this.taskOf(auth, taskId);
    const previous =
      task.status === 'RETURNED'
        ? ((
            await this.db.contribution.findFirst({
              where: { taskId },
              orderBy: { version: 'desc' },
              select: { values: true },
            })
          )?.values as Record<string, unknown> | undefined)
        : undefined;
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Gotong';
    const sheet = workbook.addWorksheet(SHEET_DATA, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
    sheet.columns = [
      { header: CODE_HEADER, key: 'code', width: 16 },
      { header: NAME_HEADER, key: 'name', width: 26 },
      { header: KECAMATAN_HEADER, key: 'kecamatan', width: 18 },
      ...layout.columns.map((c) => ({
        header: c.header,
        key: c.field.key,
        width: Math.min(40, Math.max(14, c.header.length)),
      })),
      { header: REASON_HEADER, key: 'reason', width: 40 },
    ];
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'top' };
    for (const area of layout.areas) {
      const values: Record<string, unknown> = {
        code: area.code,
        name: area.code === KABUPATEN_ROW ? 'Kabupaten Probolinggo' : (area.name ?? ''),
        kecamatan: area.kecamatan ?? '',
      };
      for (const key of area.fields) {
        const given = previous?.[key];
        const value =
          area.code === KABUPATEN_ROW && typeof given === 'number'
            ? given
            : typeof given === 'object' && given !== null
              ? (given as Record<string, unknown>)[area.code]
              : undefined;
        if (typeof value === 'number') values[key] = value;
      }
      const row = sheet.addRow(values);
      layout.columns.forEach((column, i) => {
        const cell = row.getCell(4 + i);
        if (!area.fields.includes(column.field.key)) {
          // Not asked for this area: greyed out, left empty.
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
          return;
        }
        cell.numFmt = column.field.type === 'integer' ? '0' : 'General';
        cell.dataValidation = {
          type: column.field.type === 'integer' ? 'whole' : 'decimal',
          operator: column.field.max !== undefined ? 'between' : 'greaterThanOrEqual',
          formulae:
            column.field.max !== undefined
              ? [column.field.min ?? 0, column.field.max]
              : [column.field.min ?? 0],
          showErrorMessage: true,
          errorTitle: column.field.label,
          error: `${column.field.type === 'integer' ? 'Bilangan bulat' : 'Angka'} ≥ ${column.field.min ?? 0}${column.field.max !== undefined ? ` dan ≤ ${column.field.max}` : ''}`,
        };
      });
    }

    const help = workbook.addWorksheet(SHEET_HELP);
    help.columns = [{ width: 34 }, { width: 100 }];
    const line = (a: string, b = '') => help.addRow([a, b]);
    help.getCell('A1').value = 'Tugas';
    help.getCell(TASK_CELL).value = task.id;
    line('Judul', task.title);
    line('Petunjuk tugas', task.instructions ?? '');
    line('');
    line(
      'Cara mengisi',
      `Isi sheet "${SHEET_DATA}": satu baris per wilayah, satu kolom per isian. Jangan mengubah kolom "${CODE_HEADER}" maupun judul kolom (kode isian dalam [kurung siku] dibaca saat unggah).`,
    );
    line(
      '',
      'Sel abu-abu tidak diminta untuk wilayah itu: biarkan kosong. Setiap sel putih wajib diisi angka (tanpa pemisah ribuan; desimal dengan titik).',
    );
    line(
      '',
      `Bila sistem meminta alasan karena angka melonjak dari periode sebelumnya, tulis alasannya di kolom "${REASON_HEADER}" pada baris wilayah itu, lalu unggah lagi.`,
    );
    line(
      '',
      'Unggah berkas ini (XLSX) atau simpanan CSV-nya di halaman tugas. Bila ada sel yang salah, tidak ada yang disimpan: setiap sel yang salah disebut baris dan kolomnya.',
    );
    line('');
    line('Kolom', 'Isian');
    for (const column of layout.columns) {
      const f = column.field;
      line(
        column.header,
        [
          f.type === 'integer' ? 'bilangan bulat' : 'angka',
          f.unit ? `satuan ${f.unit}` : '',
          `minimal ${f.min ?? 0}`,
          f.max !== undefined ? `maksimal ${f.max}` : '',
          f.perArea ? `${f.areas!.length} wilayah` : 'satu angka untuk kabupaten (baris 35.13)',
          f.help ?? '',
        ]
          .filter(Boolean)
          .join('; '),
      );
    }
    help.getColumn(1).font = { bold: true };
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** Reads the filled sheet into the contribution values and submits them; 400 naming every bad cell otherwise. */
  async upload(
    auth: AuthContext,
    taskId: string,
    file: UploadedSheet | undefined,
  ): Promise<TaskSnapshot & { cells: number }> {
    const { task, form, layout } = await this.taskOf(auth, taskId);
    if (!file)
      throw cellReport([{ row: 0, column: 'file', message: 'attach the filled .xlsx (or .csv) file' }]);
    const { table, decimal, otherTask } = await readTable(file);
    if (otherTask && otherTask !== task.id) {
      throw cellReport([
        {
          row: 0,
          column: 'file',
          message: `this is the template of another task (${otherTask}): download this task's template`,
        },
      ]);
    }
    const { values, reasons, rowOf, problems, headerOf } = readValues(table, layout, decimal);

    // Every cell asked for needs a value: named by its row, or the missing row by its area.
    const reported = new Set(problems.map((p) => `${p.row}|${p.column}`));
    for (const column of layout.columns) {
      const given = values[column.field.key];
      for (const area of column.field.perArea ? column.field.areas! : [KABUPATEN_ROW]) {
        const has = column.field.perArea
          ? typeof given === 'object' && given !== null && Object.hasOwn(given, area)
          : given !== undefined;
        if (has) continue;
        const row = rowOf.get(area);
        const problem =
          row === undefined
            ? {
                row: 0,
                column: CODE_HEADER,
                message: `${area}${layoutName(layout, area)}: no row for this area`,
              }
            : { row, column: column.header, message: 'is required: every area asked for needs a value' };
        if (
          !reported.has(`${problem.row}|${problem.column}|${problem.message}`) &&
          !reported.has(`${problem.row}|${problem.column}`)
        ) {
          problems.push(problem);
          reported.add(`${problem.row}|${problem.column}|${problem.message}`);
          if (row !== undefined) reported.add(`${problem.row}|${problem.column}`);
        }
      }
    }
    // The rule the task workflow's validator applies (types, bounds, areas), here to name each cell by row and
    // column header; what is already named above is not named twice.
    const check = validateContribution(form, values);
    if (!check.ok) {
      for (const error of check.errors) {
        const [key = '', ...rest] = error.field.split('.');
        const field = layout.columns.find((c) => c.field.key === key)?.field;
        const area = rest.length > 0 ? rest.join('.') : field && !field.perArea ? KABUPATEN_ROW : null;
        const row = area ? (rowOf.get(area) ?? 0) : 0;
        const column = headerOf.get(key) ?? (key || 'file');
        if (reported.has(`${row}|${column}`) || (row === 0 && problems.some((p) => p.row === 0))) continue;
        reported.add(`${row}|${column}`);
        problems.push({ row, column, message: error.message });
      }
    }
    if (problems.length > 0) throw cellReport(sortProblems(problems));

    // Jumps from the previous period: the reason column of the row answers for each cell that asks for one.
    const confirmations = await this.confirmations(
      task.projectId,
      taskId,
      layout,
      values,
      reasons,
      rowOf,
      headerOf,
    );
    const snapshot = await this.tasks.submit(auth, taskId, {
      values,
      ...(confirmations ? { confirmations } : {}),
    });
    const cells = Object.values(values).reduce<number>(
      (n, v) => n + (typeof v === 'object' && v !== null ? Object.keys(v).length : 1),
      0,
    );
    return { ...snapshot, cells };
  }

  private async confirmations(
    projectId: string,
    taskId: string,
    layout: SheetLayout,
    values: Record<string, unknown>,
    reasons: Map<string, string>,
    rowOf: Map<string, number>,
    headerOf: Map<string, string>,
  ): Promise<Record<string, string> | undefined> {
    const request = await this.db.dataRequest.findUnique({
      where: { projectId },
      select: { indicators: true },
    });
    if (!request) return undefined;
    // Which sheet cell each confirmation key names.
    const cellOf = new Map<string, { area: string; key: string }>();
    for (const indicator of request.indicators as unknown as DataRequestIndicator[]) {
      const base = indicatorFieldKey(indicator.code);
      for (const key of indicator.fieldKeys) {
        const breakdown = key === base ? '' : key.slice(base.length + 1);
        const column = layout.columns.find((c) => c.field.key === key);
        if (!column) continue;
        for (const area of column.field.perArea ? column.field.areas! : [KABUPATEN_PROBOLINGGO]) {
          cellOf.set(confirmationCell({ indicatorCode: indicator.code, areaCode: area, breakdown }), {
            area,
            key,
          });
        }
      }
    }
    const given: Record<string, string> = {};
    for (const [cell, { area }] of cellOf) {
      const reason = reasons.get(area === KABUPATEN_PROBOLINGGO ? KABUPATEN_ROW : area);
      if (reason) given[cell] = reason;
    }
    let asked: string[] = [];
    try {
      // Read-only: which cells jump beyond the indicator's factor without a reason in their row.
      await this.submissionCheck.check(taskId, values, given);
    } catch (error) {
      if (!(error instanceof BadRequestException)) throw error;
      const body = error.getResponse() as { message?: unknown };
      asked = Array.isArray(body.message) ? body.message.map(String) : [String(body.message)];
    }
    if (asked.length > 0) {
      const problems: CellProblem[] = asked.map((line) => {
        const match = /^confirmations\.([^:]+): (.*)$/.exec(line);
        const where = match ? cellOf.get(match[1]!) : undefined;
        if (!match || !where) return { row: 0, column: 'file', message: line };
        const area = where.area === KABUPATEN_PROBOLINGGO ? KABUPATEN_ROW : where.area;
        return {
          row: rowOf.get(area) ?? 0,
          column: REASON_HEADER,
          message: `${headerOf.get(where.key) ?? where.key}: ${match[2]!.replace(/; give the reason in confirmations\[".*"\]$/, '')}; write the reason in this column`,
        };
      });
      throw cellReport(sortProblems(problems));
    }
    // Only the reasons of the cells that asked for one travel with the submission.
    const jumping = await this.jumpingCells(taskId, values, cellOf);
    const kept = Object.fromEntries(Object.entries(given).filter(([cell]) => jumping.has(cell)));
    return Object.keys(kept).length > 0 ? kept : undefined;
  }

  /** The confirmation keys the check asks a reason for when none is given. */
  private async jumpingCells(
    taskId: string,
    values: Record<string, unknown>,
    cellOf: Map<string, unknown>,
  ): Promise<Set<string>> {
    try {
      await this.submissionCheck.check(taskId, values, undefined);
      return new Set();
    } catch (error) {
      if (!(error instanceof BadRequestException)) throw error;
      const body = error.getResponse() as { message?: unknown };
      const lines = Array.isArray(body.message) ? body.message.map(String) : [];
      return new Set(
        lines.flatMap((line) => {
          const cell = /^confirmations\.([^:]+): /.exec(line)?.[1];
          return cell && cellOf.has(cell) ? [cell] : [];
        }),
      );
    }
  }
}

function layoutName(layout: SheetLayout, code: string): string {
  const name = layout.areas.find((a) => a.code === code)?.name;
  return name ? ` (${name})` : '';
}

function sortProblems(problems: CellProblem[]): CellProblem[] {
  return [...problems].sort((a, b) => a.row - b.row);
}

/** The table of the Data sheet (or the first sheet) of an XLSX file, or of a CSV file. */
async function readTable(
  file: UploadedSheet,
): Promise<{ table: Table; decimal: '.' | ','; otherTask: string | null }> {
  const name = file.originalname.toLowerCase();
  if (name.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(file.buffer as unknown as ArrayBuffer);
    } catch {
      throw cellReport([{ row: 0, column: 'file', message: 'is not a readable .xlsx workbook' }]);
    }
    const sheet = workbook.getWorksheet(SHEET_DATA) ?? workbook.worksheets[0];
    const help = workbook.getWorksheet(SHEET_HELP);
    const taskCell = help?.getCell(TASK_CELL).text?.trim();
    const table: Table = [];
    sheet?.eachRow({ includeEmpty: false }, (row, number) => {
      const cells: (string | number | undefined)[] = [];
      for (let col = 1; col <= row.cellCount; col++) cells.push(cellValue(row.getCell(col)));
      table.push({ row: number, cells });
    });
    return { table, decimal: '.', otherTask: taskCell && /^[0-9a-f-]{36}$/.test(taskCell) ? taskCell : null };
  }
  if (name.endsWith('.csv') || file.mimetype === 'text/csv') {
    const text = file.buffer.toString('utf8').replace(/^\uFEFF/, '');
    // Spreadsheet programs in Indonesian locales write ';' as the separator and ',' as the decimal mark.
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
    let records: string[][];
    try {
      records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false });
    } catch (error) {
      throw cellReport([
        { row: 0, column: 'file', message: `is not readable CSV (${(error as Error).message})` },
      ]);
    }
    return {
      table: records.map((cells, i) => ({ row: i + 1, cells })),
      decimal: delimiter === ';' ? ',' : '.',
      otherTask: null,
    };
  }
  throw cellReport([{ row: 0, column: 'file', message: 'must be a .xlsx or .csv file' }]);
}

/** A cell's value: a number stays a number (a formula gives its result), anything else its text. */
function cellValue(cell: ExcelJS.Cell): string | number | undefined {
  const value = cell.value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && 'result' in value) {
    const result = (value as { result?: unknown }).result;
    if (typeof result === 'number') return result;
    return typeof result === 'string' || typeof result === 'boolean' ? String(result) : undefined;
  }
  return cell.text;
}

/** The Data sheet read into contribution values, each bad cell named. */
function readValues(table: Table, layout: SheetLayout, decimal: '.' | ',') {
  const problems: CellProblem[] = [];
  const values: Record<string, unknown> = {};
  const reasons = new Map<string, string>();
  const rowOf = new Map<string, number>();
  const headerOf = new Map(layout.columns.map((c) => [c.field.key, c.header]));
  const [head, ...body] = table;
  const headers = (head?.cells ?? []).map((c) => (c === undefined ? '' : String(c).trim()));
  const codeColumn = headers.findIndex((h) => h.toLowerCase() === CODE_HEADER.toLowerCase());
  const reasonColumn = headers.findIndex((h) => h.toLowerCase().startsWith('alasan'));
  const fieldColumn = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = headerKey(h);
    if (key === null) return;
    if (!headerOf.has(key))
      problems.push({ row: 1, column: h, message: `[${key}] is not a field of this task's form` });
    else if (fieldColumn.has(key))
      problems.push({ row: 1, column: h, message: `the column [${key}] appears twice` });
    else fieldColumn.set(key, i);
  });
  if (codeColumn < 0)
    problems.push({ row: 1, column: CODE_HEADER, message: 'the header row has no such column' });
  for (const column of layout.columns) {
    if (!fieldColumn.has(column.field.key))
      problems.push({ row: 1, column: column.header, message: 'the header row has no such column' });
  }
  if (problems.length > 0) throw cellReport(problems);

  const areas = new Map(layout.areas.map((a) => [a.code, a]));
  const asked = new Set(layout.columns.map((c) => c.field.key));
  for (const line of body) {
    if (line.cells.every((c) => c === undefined || String(c).trim() === '')) continue;
    const code = String(line.cells[codeColumn] ?? '').trim();
    const area = areas.get(code);
    if (!area) {
      problems.push({
        row: line.row,
        column: CODE_HEADER,
        message:
          code === '' ? 'is empty: every row names its area' : `${code} is not one of the areas asked for`,
      });
      continue;
    }
    if (rowOf.has(code)) {
      problems.push({
        row: line.row,
        column: CODE_HEADER,
        message: `${code} is also in row ${rowOf.get(code)}`,
      });
      continue;
    }
    rowOf.set(code, line.row);
    if (reasonColumn >= 0) {
      const reason = String(line.cells[reasonColumn] ?? '').trim();
      if (reason !== '') reasons.set(code, reason.slice(0, 2000));
    }
    for (const key of asked) {
      const raw = line.cells[fieldColumn.get(key)!];
      const header = headerOf.get(key)!;
      const parsed =
        typeof raw === 'number'
          ? ({ ok: true, value: raw } as const)
          : parseSheetNumber(raw === undefined ? '' : String(raw), decimal);
      if (!parsed.ok) {
        problems.push({ row: line.row, column: header, message: parsed.message });
        continue;
      }
      if (parsed.value === undefined) continue;
      if (!area.fields.includes(key)) {
        problems.push({
          row: line.row,
          column: header,
          message: 'is not asked for this area: leave it empty',
        });
        continue;
      }
      if (code === KABUPATEN_ROW && !layout.columns.find((c) => c.field.key === key)!.field.perArea) {
        values[key] = parsed.value;
      } else {
        const perArea = (values[key] ??= {}) as Record<string, number>;
        perArea[code] = parsed.value;
      }
    }
  }
  return { values, reasons, rowOf, problems, headerOf };
}
