import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { LocalDiskStore } from '@gotong/storage/local-disk-store';
import { ObjectNotFoundError, type ObjectStore } from '@gotong/storage/object-store';
import { S3Store } from '@gotong/storage/s3-store';
import { startS3TestServer, type S3TestServer } from '../scripts/s3-test-server/server';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Attachments through the real stack, stored in a real S3-compatible server on loopback (scripts/s3-test-server:
 * our Go program on gofakes3, built with `go build` into the Gotong cache): STORAGE_DRIVER=s3 for this file's
 * API, so every upload and download below goes through the S3 protocol. The object stores themselves (local
 * disk and S3) are checked against the same contract at the end.
 *
 * Fixture: lead.bappeda starts an ad-hoc project for DINKES and DINSOS; staff.dinkes submits DINKES's
 * contribution (version 1). DPUPR takes no part. staff.bpbd declares an incident and submits BPBD's first sitrep.
 */

const BUCKET = 'gotong-attachments-test';
const TAG = randomBytes(3).toString('hex');

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** A camera photo: 1600 × 1200 JPEG with EXIF naming the camera and the place it was taken. */
async function cameraPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'GotongCam', Model: 'Banjir-1', Copyright: 'BPBD Kabupaten Probolinggo' },
      IFD3: {
        GPSLatitudeRef: 'S',
        GPSLatitude: '7/1 45/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '113/1 13/1 0/1',
      },
    })
    .toBuffer();
}

/** A minimal PDF (the signature is what counts). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('attachments (API → S3-compatible object store)', () => {
  let s3: S3TestServer;
  let stack: Stack;
  const tokens: Record<string, string> = {};
  const api = (user: string) => http(stack.baseUrl, tokens[user]);
  let dinkesTask: string;
  let dinsosTask: string;

  async function upload(
    user: string,
    path: string,
    content: Buffer,
    name: string,
    type = 'application/octet-stream',
  ) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)], { type }), name);
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[user]}` },
      body: form,
    });
    const text = await res.text();
    const body: any = text ? JSON.parse(text) : undefined;
    return { status: res.status, body };
  }

  async function download(user: string, path: string) {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${tokens[user]}` },
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /** The contribution's projection row exists (what an attachment is tied to). */
  const contributionRecorded = (user: string, taskId: string) =>
    eventually(async () => {
      const res = await api(user).get(`/tasks/${taskId}/contributions`);
      return res.status === 200 && (res.body as unknown[]).length > 0;
    });

  beforeAll(async () => {
    s3 = await startS3TestServer(BUCKET);
    Object.assign(process.env, {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY_ID: 'gotong-test',
      S3_SECRET_ACCESS_KEY: randomBytes(16).toString('hex'),
      S3_FORCE_PATH_STYLE: 'true',
      ATTACHMENT_MAX_BYTES: String(10 * 1024 * 1024),
    });
    stack = await startStack();
    for (const user of [
      'lead.bappeda',
      'staff.dinkes',
      'kepala.dinkes',
      'staff.dinsos',
      'staff.dpupr',
      'staff.bpbd',
      'sekda',
      'admin',
    ]) {
      tokens[user] = await stack.login(user);
    }
    const started = await api('lead.bappeda').post('/projects', {
      title: `Bukti lapangan ${TAG}`,
      agencyCodes: ['DINKES', 'DINSOS'],
      sla: { amount: 3, unit: 'days' },
    });
    expect(started.status).toBe(201);
    const steps = await eventually(async () => {
      const project = await api('lead.bappeda').get(`/projects/${started.body.id}`);
      const withTask = (project.body.steps as any[] | undefined)?.filter((s) => s.task !== null) ?? [];
      return withTask.length === 2 ? withTask : undefined;
    });
    dinkesTask = steps.find((s: any) => s.task.agency.code === 'DINKES').task.id;
    dinsosTask = steps.find((s: any) => s.task.agency.code === 'DINSOS').task.id;
    const submitted = await api('staff.dinkes').post(`/tasks/${dinkesTask}/contribution`, {
      values: { summary: 'Posyandu Tiris: 120 balita diukur' },
    });
    expect(submitted.status).toBe(200);
    await contributionRecorded('staff.dinkes', dinkesTask);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await s3?.stop();
  });

  it('keeps a photo as uploaded, with a smaller thumbnail that carries no EXIF, both stored in S3', async () => {
    const photo = await cameraPhoto();
    expect((await sharp(photo).metadata()).exif).toBeDefined();

    const res = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      photo,
      'jalan-tergenang.jpg',
      'image/jpeg',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      fileName: 'jalan-tergenang.jpg',
      mediaType: 'image/jpeg',
      sizeBytes: photo.length,
      hasThumbnail: true,
      uploadedBy: { fullName: expect.any(String) },
    });
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The original comes back byte for byte, as a download.
    const original = await download('staff.dinkes', `/attachments/${res.body.id}/content`);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('image/jpeg');
    expect(original.headers.get('content-disposition')).toMatch(
      /^attachment; filename="jalan-tergenang.jpg"/,
    );
    expect(original.bytes.equals(photo)).toBe(true);

    // The thumbnail: a JPEG at most 320 px, far smaller, without the camera's EXIF (no maker, no GPS).
    const thumb = await download('staff.dinkes', `/attachments/${res.body.id}/thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(thumb.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width, meta.height)).toBe(320);
    expect(thumb.bytes.length).toBeLessThan(photo.length / 4);
    expect(meta.exif).toBeUndefined();
    expect(thumb.bytes.includes(Buffer.from('GotongCam'))).toBe(false);

    // Both objects are in the bucket, under the keys the row names.
    const row = await stack.db.attachment.findUniqueOrThrow({ where: { id: res.body.id } });
    const store = new S3Store({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: BUCKET,
      accessKeyId: 'gotong-test',
      secretAccessKey: 'unused',
      forcePathStyle: true,
    });
    try {
      expect((await bytesOf(await store.get(row.storageKey))).equals(photo)).toBe(true);
      expect(await store.exists(row.thumbnailKey!)).toBe(true);
    } finally {
      store.close();
    }

    // Listed with the contribution; recorded in the task's audit trail with its checksum.
    const listed = await api('lead.bappeda').get(`/tasks/${dinkesTask}/contributions/1/attachments`);
    expect(listed.status).toBe(200);
    expect(listed.body.map((a: any) => a.id)).toContain(res.body.id);
    const history = await api('staff.dinkes').get(`/tasks/${dinkesTask}/history`);
    expect(history.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'ATTACHMENT_ADDED',
          detail: expect.objectContaining({ attachmentId: res.body.id, sha256: res.body.sha256 }),
        }),
      ]),
    );
  });

  it('takes a PDF, a CSV and a spreadsheet, each without a thumbnail', async () => {
    const pdf = await upload(
      'kepala.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      PDF,
      'surat-kepala-desa.pdf',
      'application/pdf',
    );
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({ mediaType: 'application/pdf', hasThumbnail: false });
    const noThumb = await download('kepala.dinkes', `/attachments/${pdf.body.id}/thumbnail`);
    expect(noThumb.status).toBe(404);

    const csv = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      Buffer.from('desa;balita\nTiris;120\nAndungbiru;95\n'),
      'balita.csv',
      'text/csv',
    );
    expect(csv.status).toBe(201);
    expect(csv.body.mediaType).toBe('text/csv');

    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Data').addRow(['desa', 'balita']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const sheet = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      xlsx,
      'rekap.xlsx',
    );
    expect(sheet.status).toBe(201);
    expect(sheet.body.mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('refuses a 12 MB file with 413 naming the limit, and stores nothing', async () => {
    const before = await stack.db.attachment.count();
    const big = Buffer.concat([PDF, randomBytes(12 * 1024 * 1024)]);
    const res = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      big,
      'scan-besar.pdf',
      'application/pdf',
    );
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/larger than the limit of 10 MB/);
    expect(await stack.db.attachment.count()).toBe(before);
  });

  it('refuses a program renamed .pdf with 415, judged by its content', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), randomBytes(512)]);
    const res = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      exe,
      'laporan.pdf',
      'application/pdf',
    );
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(
      /laporan\.pdf is application\/x-msdownload \(exe\); allowed are JPEG, PNG, WebP, PDF, XLSX, CSV, DOCX/,
    );

    const text = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      Buffer.from('just words, no csv'),
      'catatan.txt',
      'text/plain',
    );
    expect(text.status).toBe(415);
  });

  it('answers a missing file, an empty file and a damaged photo with 400, and an unknown version with 404', async () => {
    const none = await fetch(`${stack.baseUrl}/tasks/${dinkesTask}/contributions/1/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['staff.dinkes']}` },
      body: new FormData(),
    });
    expect(none.status).toBe(400);
    expect(((await none.json()) as any).message).toEqual([
      'file: send the file as the multipart/form-data field "file"',
    ]);

    const empty = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      Buffer.alloc(0),
      'kosong.pdf',
    );
    expect(empty.status).toBe(400);

    const photo = await cameraPhoto();
    const damaged = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      photo.subarray(0, 600),
      'rusak.jpg',
    );
    expect(damaged.status).toBe(400);
    expect(damaged.body.message).toEqual([
      'file: the photo rusak.jpg cannot be read (damaged or incomplete)',
    ]);

    const unknown = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/7/attachments`,
      PDF,
      'a.pdf',
    );
    expect(unknown.status).toBe(404);
  });

  it('lets only the task’s OPD attach, and only those who read the contribution download', async () => {
    // DINSOS takes part in the project but the task is DINKES's; the lead reviews, it does not add evidence.
    for (const user of ['staff.dinsos', 'lead.bappeda']) {
      const res = await upload(user, `/tasks/${dinkesTask}/contributions/1/attachments`, PDF, 'x.pdf');
      expect({ user, status: res.status }).toEqual({ user, status: 403 });
    }
    const foreign = await upload(
      'staff.dpupr',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      PDF,
      'x.pdf',
    );
    expect(foreign.status).toBe(403);

    const mine = await upload(
      'staff.dinkes',
      `/tasks/${dinkesTask}/contributions/1/attachments`,
      PDF,
      'bukti.pdf',
    );
    expect(mine.status).toBe(201);
    const id = mine.body.id as string;

    // Readers of the contribution: the OPD, the lead, a participant OPD, leadership.
    for (const user of ['staff.dinkes', 'lead.bappeda', 'staff.dinsos', 'sekda']) {
      const res = await download(user, `/attachments/${id}/content`);
      expect({ user, status: res.status }).toEqual({ user, status: 200 });
      expect(res.bytes.equals(PDF)).toBe(true);
    }
    // A foreign OPD, and the admin (who reads the state of work, not its content): refused, nothing sent.
    for (const user of ['staff.dpupr', 'admin']) {
      for (const path of [
        `/attachments/${id}/content`,
        `/attachments/${id}`,
        `/tasks/${dinkesTask}/contributions/1/attachments`,
      ]) {
        const res = await download(user, path);
        expect({ user, path, status: res.status }).toEqual({ user, path, status: 403 });
        expect(res.bytes.includes(PDF.subarray(0, 8))).toBe(false);
      }
    }
    const unknown = await download('staff.dinkes', `/attachments/${randomUUIDv4()}/content`);
    expect(unknown.status).toBe(404);
    // The DINSOS task has no contribution yet.
    const none = await upload(
      'staff.dinsos',
      `/tasks/${dinsosTask}/contributions/1/attachments`,
      PDF,
      'x.pdf',
    );
    expect(none.status).toBe(404);
  });

  it('attaches a photo to a submitted sitrep, read by the incident’s parties only', async () => {
    const declared = await api('staff.bpbd').post('/incidents', {
      type: 'banjir',
      severity: 'RINGAN',
      kecamatan: ['35.13.23'],
      desa: ['35.13.23.2008'],
      description: `Banjir Tongas ${TAG}`,
    });
    expect(declared.status).toBe(201);
    const sitrep = await eventually(async () => {
      const res = await api('staff.bpbd').get(`/inbox?projectId=${declared.body.projectId}&pageSize=100`);
      return (res.body?.items as any[] | undefined)?.find((t) => t.stepKey === 'sitrep-bpbd-1');
    });
    const sent = await api('staff.bpbd').post(`/tasks/${sitrep.id}/contribution`, {
      values: { terdampak: { '35.13.23.2008': 40 }, narasi: 'Air setinggi lutut.' },
    });
    expect(sent.status).toBe(200);
    await contributionRecorded('staff.bpbd', sitrep.id);
    const photo = await upload(
      'staff.bpbd',
      `/tasks/${sitrep.id}/contributions/1/attachments`,
      await cameraPhoto(),
      'tongas-wetan.jpg',
    );
    expect(photo.status).toBe(201);
    expect(photo.body.hasThumbnail).toBe(true);
    expect((await download('sekda', `/attachments/${photo.body.id}/thumbnail`)).status).toBe(200);
    // BAPPEDA is not mobilised for the flood.
    expect((await download('lead.bappeda', `/attachments/${photo.body.id}/thumbnail`)).status).toBe(403);

    const closed = await api('staff.bpbd').post(`/incidents/${declared.body.id}/status`, {
      status: 'CLOSED',
      reason: `attachments ${TAG} done`,
    });
    expect(closed.status).toBe(200);
  });
});

function randomUUIDv4(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The same contract for both stores: what the attachments service relies on. */
describe.each([
  ['local disk', 'local'],
  ['S3 (gofakes3 on loopback)', 's3'],
] as const)('object store: %s', (_name, kind) => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (kind === 'local') {
      const dir = mkdtempSync(join(tmpdir(), 'gotong-store-'));
      store = new LocalDiskStore(dir);
      cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
    } else {
      const server = await startS3TestServer('contract');
      const s3 = new S3Store({
        endpoint: server.endpoint,
        region: 'us-east-1',
        bucket: 'contract',
        accessKeyId: 'k',
        secretAccessKey: 's',
        forcePathStyle: true,
      });
      store = s3;
      cleanup = async () => {
        s3.close();
        await server.stop();
      };
    }
  }, 120_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it('stores bytes under a key and gives them back, and tells what exists', async () => {
    const body = randomBytes(256 * 1024);
    await store.put('attachments/a1', body, 'application/pdf');
    expect(await store.exists('attachments/a1')).toBe(true);
    expect((await bytesOf(await store.get('attachments/a1'))).equals(body)).toBe(true);
    await store.put('attachments/a1.thumb.jpg', Buffer.from('thumb'), 'image/jpeg');
    expect((await bytesOf(await store.get('attachments/a1.thumb.jpg'))).toString()).toBe('thumb');
  });

  it('says a missing key is missing, and deletes (twice without an error)', async () => {
    expect(await store.exists('attachments/none')).toBe(false);
    await expect(store.get('attachments/none')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await store.put('attachments/gone', Buffer.from('x'), 'text/csv');
    await store.delete('attachments/gone');
    await store.delete('attachments/gone');
    expect(await store.exists('attachments/gone')).toBe(false);
  });

  it('refuses keys that could leave its place', async () => {
    for (const key of ['../etc/passwd', 'attachments/../../x', '/abs', 'a//b', '']) {
      await expect(store.put(key, Buffer.from('x'), 'text/csv')).rejects.toThrow(/invalid object key/);
    }
  });
});
