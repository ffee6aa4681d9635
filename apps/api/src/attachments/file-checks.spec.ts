import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { cleanFileName, judgeContent, megabytes } from './file-checks';
import { makeThumbnail } from './thumbnail';

describe('judgeContent: the type from the content, not the name', () => {
  it('knows photos, PDF and XLSX by their signature, whatever they are called', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await judgeContent(png, 'foto.jpg', 'image/jpeg')).toEqual({ ok: true, mediaType: 'image/png' });
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    expect(await judgeContent(pdf, 'surat.docx', 'application/octet-stream')).toEqual({
      ok: true,
      mediaType: 'application/pdf',
    });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Data').addRow(['desa', 'jumlah']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await judgeContent(xlsx, 'rekap.xlsx', '')).toEqual({
      ok: true,
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
  });

  it('refuses a program or an archive, naming what it is', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    expect(await judgeContent(exe, 'laporan.pdf', 'application/pdf')).toEqual({
      ok: false,
      found: 'application/x-msdownload (exe)',
    });
    const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);
    expect(await judgeContent(gzip, 'data.csv', 'text/csv')).toMatchObject({ ok: false });
  });

  it('takes text as CSV only when it says it is CSV and parses as CSV', async () => {
    const csv = Buffer.from('\uFEFFdesa,jumlah\nTiris,12\n');
    expect(await judgeContent(csv, 'data.csv', '')).toEqual({ ok: true, mediaType: 'text/csv' });
    expect(await judgeContent(csv, 'data.bin', 'text/csv')).toEqual({ ok: true, mediaType: 'text/csv' });
    expect(await judgeContent(csv, 'catatan.txt', 'text/plain')).toEqual({ ok: false, found: 'unknown' });
    const binary = Buffer.from([0x41, 0x00, 0x42, 0x0a]);
    expect(await judgeContent(binary, 'data.csv', 'text/csv')).toEqual({ ok: false, found: 'unknown' });
    const unbalanced = Buffer.from('a,"b\nc,d\n');
    expect(await judgeContent(unbalanced, 'data.csv', 'text/csv')).toEqual({ ok: false, found: 'unknown' });
  });
});

describe('cleanFileName and megabytes', () => {
  it('keeps the last path part, printable, and falls back when nothing is left', () => {
    expect(cleanFileName('C:\\Users\\staf\\foto "banjir".jpg', 'x')).toBe('foto banjir.jpg');
    expect(cleanFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(cleanFileName('\u0000\u0007', 'lampiran')).toBe('lampiran');
    expect(cleanFileName(undefined, 'lampiran')).toBe('lampiran');
    expect(cleanFileName(`${'a'.repeat(300)}.pdf`, 'x')).toHaveLength(200);
  });

  it('writes limits in MB', () => {
    expect(megabytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(megabytes(2.5 * 1024 * 1024)).toBe('2.5 MB');
  });
});

describe('makeThumbnail', () => {
  it('turns a tall camera photo upright, at most 320 px, without its EXIF', async () => {
    // Stored sideways (800 × 600) with EXIF orientation 6: shown upright it is 600 × 800.
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#246' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'GotongCam' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(photo).metadata()).orientation).toBe(6);
    const thumb = await makeThumbnail(photo);
    expect(thumb).not.toBeNull();
    const meta = await sharp(thumb!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 240, 320]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it('answers null for bytes that are not a decodable image', async () => {
    const photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect(await makeThumbnail(photo.subarray(0, 100))).toBeNull();
  });
});
