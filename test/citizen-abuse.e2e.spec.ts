import { randomBytes, randomInt } from 'node:crypto';
import { isolateTestFile } from './support/database';
import { startStack, type Stack } from './support/stack';
import { solve } from './support/citizen-challenge';

/**
 * The abuse limits of the public report door (issue #18 part 3): the challenge (wrong, expired, forged and
 * reused tokens), fields named when refused, size limits (photo over 5 MB, oversized fields: 413), photos judged
 * by content (415), and the per-address filing limit (429 with Retry-After). Its own database and Redis prefix,
 * a low filing limit of its own, and a fresh client address per case (X-Forwarded-For through the trusted
 * loopback proxy), so nothing here waits for a window to pass or trips another file's limit.
 */
describe('citizen report abuse limits (real API)', () => {
  let stack: Stack;
  const LIMIT = 2;
  const ANDUNGBIRU = '35.13.07.2001';
  const valid = {
    category: 'jalan',
    desaCode: ANDUNGBIRU,
    description: 'Lampu penerangan jalan di perempatan desa mati sejak sebulan lalu.',
  };

  beforeAll(async () => {
    await isolateTestFile('citizen-abuse');
    process.env.CITIZEN_REPORT_RATE_LIMIT = String(LIMIT);
    process.env.CITIZEN_REPORT_RATE_WINDOW = '1h';
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const used = new Set<string>();
  function freshAddress(): string {
    for (;;) {
      const address = `198.18.${randomInt(0, 255)}.${randomInt(1, 254)}`;
      if (!used.has(address)) {
        used.add(address);
        return address;
      }
    }
  }

  async function challenge(address: string) {
    const res = await fetch(`${stack.baseUrl}/public/reports/challenge`, {
      headers: { 'x-forwarded-for': address },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { token: string; question: string; questionEn: string; expiresAt: string };
  }

  async function post(
    address: string,
    fields: Record<string, string>,
    photo?: { bytes: Buffer; type: string },
  ) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (photo) form.set('photo', new Blob([new Uint8Array(photo.bytes)], { type: photo.type }), 'foto.jpg');
    const res = await fetch(`${stack.baseUrl}/public/reports`, {
      method: 'POST',
      body: form,
      headers: { 'x-forwarded-for': address },
    });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  }

  async function withChallenge(address: string, fields: Record<string, string>) {
    const c = await challenge(address);
    return { challengeToken: c.token, challengeAnswer: solve(c.questionEn), ...fields };
  }

  it('refuses a wrong answer, then the same token even with the right answer; forged and expired tokens are named', async () => {
    const address = freshAddress();
    const c = await challenge(address);
    expect(c.question).toMatch(/^Berapa .+ (ditambah|dikurangi) .+\?$/);
    const right = solve(c.questionEn);
    const wrong = await post(address, {
      ...valid,
      challengeToken: c.token,
      challengeAnswer: String(Number(right) + 1),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toEqual(['challengeAnswer: wrong answer; ask for a new challenge']);
    const reused = await post(freshAddress(), { ...valid, challengeToken: c.token, challengeAnswer: right });
    expect(reused.status).toBe(400);
    expect(reused.body.message).toEqual(['challengeToken: already used; ask for a new challenge']);

    const forged = await post(freshAddress(), { ...valid, challengeToken: 'abc', challengeAnswer: '3' });
    expect(forged.status).toBe(400);
    expect(forged.body.message).toEqual([
      'challengeToken: not a challenge from GET /public/reports/challenge',
    ]);
    const nonce = randomBytes(12).toString('base64url');
    const expired = await post(freshAddress(), {
      ...valid,
      challengeToken: `${nonce}.${Date.now() - 1000}.${'x'.repeat(43)}`,
      challengeAnswer: '3',
    });
    expect(expired.status).toBe(400);
    expect(expired.body.message).toEqual(['challengeToken: expired; ask for a new challenge']);
    // A token signed for later than the server hands out is not ours either.
    const tooLong = await post(freshAddress(), {
      ...valid,
      challengeToken: `${nonce}.${Date.now() + 3_600_000}.${'x'.repeat(43)}`,
      challengeAnswer: '3',
    });
    expect(tooLong.body.message).toEqual(['challengeToken: not a challenge from this server']);
    expect(await stack.db.citizenReport.count()).toBe(0);
  });

  it('names the field of a bad category, desa or description', async () => {
    const badCategory = await post(
      freshAddress(),
      await withChallenge(freshAddress(), { ...valid, category: 'banjir' }),
    );
    expect(badCategory.status).toBe(400);
    expect(badCategory.body.message[0]).toMatch(/^category must be one of jalan, kesehatan/);
    const badDesa = await post(
      freshAddress(),
      await withChallenge(freshAddress(), { ...valid, desaCode: 'Andungbiru' }),
    );
    expect(badDesa.status).toBe(400);
    expect(badDesa.body.message).toEqual(['desaCode must be a kode wilayah desa such as 35.13.07.2001']);
    const address = freshAddress();
    const unknownDesa = await post(
      address,
      await withChallenge(address, { ...valid, desaCode: '35.13.07.2999' }),
    );
    expect(unknownDesa.status).toBe(400);
    expect(unknownDesa.body.message).toEqual([
      'desaCode: 35.13.07.2999 is not a desa or kelurahan of Kabupaten Probolinggo',
    ]);
    const kecamatan = freshAddress();
    const short = await post(kecamatan, await withChallenge(kecamatan, { ...valid, description: 'rusak' }));
    expect(short.status).toBe(400);
    expect(short.body.message).toEqual(['description: at least 20 characters']);
    const missing = await post(freshAddress(), {
      category: 'jalan',
      desaCode: ANDUNGBIRU,
      description: valid.description,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^challengeToken/)]));
  });

  it('refuses a photo over 5 MB and a field over 16 KB with 413, and a photo that is not an image with 415', async () => {
    const a = freshAddress();
    const jpegHeader = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
    const big = Buffer.concat([jpegHeader, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await post(a, await withChallenge(a, valid), { bytes: big, type: 'image/jpeg' });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.message).toEqual(['photo: larger than 5 MB']);
    const b = freshAddress();
    const longField = await post(b, await withChallenge(b, { ...valid, description: 'x'.repeat(17 * 1024) }));
    expect(longField.status).toBe(413);
    expect(longField.body.message).toEqual(['description: larger than 16 KB']);
    const c = freshAddress();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const notImage = await post(c, await withChallenge(c, valid), { bytes: pdf, type: 'image/jpeg' });
    expect(notImage.status).toBe(415);
    expect(notImage.body.message).toBe('photo: the content is application/pdf, not JPEG, PNG or WebP');
    expect(await stack.db.citizenReport.count()).toBe(0);
  });

  it('limits filings per address: over the limit a 429 with Retry-After, while another address still files', async () => {
    const address = freshAddress();
    for (let i = 0; i < LIMIT; i += 1) {
      const filed = await post(address, await withChallenge(address, valid));
      expect(filed.status).toBe(201);
    }
    const over = await post(address, await withChallenge(address, valid));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Reading is a separate, larger limit: the citizen can still follow a report.
    const challengeStill = await fetch(`${stack.baseUrl}/public/reports/challenge`, {
      headers: { 'x-forwarded-for': address },
    });
    expect(challengeStill.status).toBe(200);
    const other = freshAddress();
    expect((await post(other, await withChallenge(other, valid))).status).toBe(201);
  });
});
