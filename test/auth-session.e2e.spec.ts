import { randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { JwtService } from '@nestjs/jwt';
import type { Browser } from 'playwright-core';
import { eventually, http, startStack, type Stack } from './support/stack';
import { assertWebAppBuilt, launchChromium, openPage, signIn, type WatchedPage } from './web/browser';

/**
 * Sessions through the real API (test/support/stack.ts): password change, logout, sliding refresh, and the
 * revocation list behind them — the JWT guard refuses a revoked or superseded token with 401, the
 * notification stream included. Each test signs in as a user of its own (a fresh DINKES staff account),
 * so changing a password or ending sessions does not touch the seeded users other test files sign in as.
 * The last part drives the web app in Chromium: the session survives a new tab (a notification link opened
 * there), the change-password page, and signing out revokes the token.
 */

const PASSWORD = () => process.env.GOTONG_TEST_PASSWORD!;

describe('auth sessions (real API)', () => {
  let stack: Stack;
  let agencyId: string;
  const TAG = randomBytes(3).toString('hex');
  let counter = 0;

  beforeAll(async () => {
    stack = await startStack();
    agencyId = (await stack.db.agency.findUniqueOrThrow({ where: { code: 'DINKES' } })).id;
  });

  afterAll(async () => {
    await stack?.db.user.updateMany({
      where: { username: { startsWith: `staff.session-${TAG}` } },
      data: { active: false },
    });
    await stack?.stop();
  });

  /** A new user with the test password; returns its username, id and a signed-in token. */
  async function freshUser() {
    const username = `staff.session-${TAG}-${++counter}`;
    const user = await stack.db.user.create({
      data: {
        username,
        fullName: 'Staf Dinkes (uji sesi)',
        role: 'STAFF',
        agencyId,
        passwordHash: await hash(PASSWORD()),
      },
    });
    return { username, id: user.id, token: await stack.login(username) };
  }

  const login = (username: string, password: string) =>
    http(stack.baseUrl).post('/auth/login', { username, password });
  const me = (token: string) => http(stack.baseUrl, token).get('/auth/me');

  describe('POST /auth/password', () => {
    it('names a wrong current password, a short new one and an unchanged one, and changes nothing then', async () => {
      const { username, token } = await freshUser();
      const api = http(stack.baseUrl, token);

      const wrong = await api.post('/auth/password', {
        currentPassword: 'not-the-password',
        newPassword: 'Sehat-Probolinggo-2027',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toEqual(['currentPassword: is not the current password']);

      const short = await api.post('/auth/password', { currentPassword: PASSWORD(), newPassword: 'pendek' });
      expect(short.status).toBe(400);
      expect(short.body.message).toEqual(['newPassword: must be at least 10 characters long']);

      const same = await api.post('/auth/password', { currentPassword: PASSWORD(), newPassword: PASSWORD() });
      expect(same.status).toBe(400);
      expect(same.body.message).toEqual(['newPassword: must differ from the current password']);

      const missing = await api.post('/auth/password', { newPassword: 'Sehat-Probolinggo-2027' });
      expect(missing.status).toBe(400);
      expect(missing.body.message.join('\n')).toMatch(/currentPassword/);

      // Nothing changed: the old password still signs in and the token still works.
      expect((await login(username, PASSWORD())).status).toBe(200);
      expect((await me(token)).status).toBe(200);
    });

    it('changes the password: the old one is refused, the new one accepted, other sessions end', async () => {
      const { username, token } = await freshUser();
      const otherTab = await stack.login(username);
      const newPassword = `Sehat-Probolinggo-${randomBytes(4).toString('hex')}`;

      const changed = await http(stack.baseUrl, token).post('/auth/password', {
        currentPassword: PASSWORD(),
        newPassword,
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ tokenType: 'Bearer', user: { username } });

      expect((await login(username, PASSWORD())).status).toBe(401);
      const again = await login(username, newPassword);
      expect(again.status).toBe(200);
      expect((await me(again.body.accessToken)).status).toBe(200);

      // The caller carries on with the token it was given; every token from before the change is refused.
      expect((await me(changed.body.accessToken)).status).toBe(200);
      expect((await me(token)).status).toBe(401);
      expect((await me(otherTab)).status).toBe(401);

      const unauthenticated = await http(stack.baseUrl).post('/auth/password', {
        currentPassword: newPassword,
        newPassword: 'Another-long-password',
      });
      expect(unauthenticated.status).toBe(401);
    });
  });

  describe('a one-time password (mustChangePassword)', () => {
    it('allows only /auth/me, the password change and logout, until the user has chosen their own', async () => {
      const { id, username } = await freshUser();
      await stack.db.user.update({ where: { id }, data: { mustChangePassword: true } });
      const signedIn = await login(username, PASSWORD());
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.mustChangePassword).toBe(true);
      const api = http(stack.baseUrl, signedIn.body.accessToken);

      expect((await api.get('/auth/me')).body.mustChangePassword).toBe(true);
      const refused = await api.get('/notifications');
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/POST \/auth\/password/);

      const changed = await api.post('/auth/password', {
        currentPassword: PASSWORD(),
        newPassword: `Sehat-Probolinggo-${randomBytes(4).toString('hex')}`,
      });
      expect(changed.status).toBe(200);
      expect(changed.body.user.mustChangePassword).toBe(false);
      expect((await http(stack.baseUrl, changed.body.accessToken).get('/notifications')).status).toBe(200);
    });
  });

  describe('POST /auth/logout', () => {
    it('revokes the token: refused with 401 afterwards, the stream included; other sessions go on', async () => {
      const { username, id, token } = await freshUser();
      const otherSession = await stack.login(username);

      expect((await me(token)).status).toBe(200);
      const out = await http(stack.baseUrl, token).post('/auth/logout');
      expect(out.status).toBe(204);

      const refused = await me(token);
      expect(refused.status).toBe(401);
      expect(refused.body.message).toMatch(/signed out/);
      expect((await http(stack.baseUrl, token).get('/notifications')).status).toBe(401);
      expect((await openStream(token)).status).toBe(401);
      expect((await http(stack.baseUrl, token).post('/auth/refresh')).status).toBe(401);
      expect((await http(stack.baseUrl, token).post('/auth/logout')).status).toBe(401);

      // On the revocation list until the token would have expired anyway.
      const rows = await stack.db.revokedToken.findMany({ where: { userId: id } });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now());

      expect((await me(otherSession)).status).toBe(200);
    });

    it('ends a notification stream that is already open', async () => {
      const { token } = await freshUser();
      const stream = await openStream(token);
      expect(stream.status).toBe(200);
      await eventually(() => stream.text().includes('event: unread'));

      expect((await http(stack.baseUrl, token).post('/auth/logout')).status).toBe(204);
      // Re-checked every 15 s (SessionStreamInterceptor): the server closes the stream.
      await eventually(() => stream.ended(), 30_000);
    }, 60_000);
  });

  describe('POST /auth/refresh', () => {
    it('gives a fresh token for a valid one and revokes the old one', async () => {
      const { username, token } = await freshUser();
      const refreshed = await http(stack.baseUrl, token).post('/auth/refresh');
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 8 * 3600, user: { username } });
      const fresh = refreshed.body.accessToken as string;
      expect(fresh).not.toBe(token);
      expect(Date.parse(refreshed.body.expiresAt)).toBeGreaterThan(Date.now() + 7 * 3_600_000);

      expect((await me(fresh)).status).toBe(200);
      expect((await me(token)).status).toBe(401);
      // The old token cannot be refreshed a second time either.
      expect((await http(stack.baseUrl, token).post('/auth/refresh')).status).toBe(401);

      // And the fresh one slides on in turn.
      const next = await http(stack.baseUrl, fresh).post('/auth/refresh');
      expect(next.status).toBe(200);
      expect((await me(next.body.accessToken)).status).toBe(200);
    });

    it('refuses an expired token, a token without a jti, and no token', async () => {
      const { id } = await freshUser();
      const jwt = new JwtService({ secret: process.env.JWT_SECRET!, signOptions: { algorithm: 'HS256' } });
      const now = Math.floor(Date.now() / 1000);
      const expired = await jwt.signAsync({
        sub: id,
        ver: 0,
        jti: randomUUID(),
        iat: now - 9 * 3600,
        exp: now - 60,
      });
      const noJti = await jwt.signAsync({ sub: id, ver: 0 }, { expiresIn: 3600 });
      const control = await jwt.signAsync({ sub: id, ver: 0 }, { expiresIn: 3600, jwtid: randomUUID() });

      const refused = await http(stack.baseUrl, expired).post('/auth/refresh');
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('invalid or expired token');
      expect((await http(stack.baseUrl, noJti).post('/auth/refresh')).status).toBe(401);
      expect((await http(stack.baseUrl).post('/auth/refresh')).status).toBe(401);
      // The same signing, valid and with a jti, is accepted: the refusals above are for expiry and jti.
      expect((await http(stack.baseUrl, control).post('/auth/refresh')).status).toBe(200);
    });
  });

  describe('web app', () => {
    let browser: Browser;
    let watched: WatchedPage | undefined;

    beforeAll(async () => {
      assertWebAppBuilt();
      browser = await launchChromium();
    });

    afterEach(async () => {
      await watched?.close();
      watched = undefined;
    });

    afterAll(async () => {
      await browser?.close();
    });

    /** The token the web app keeps (localStorage, shared by the tabs). */
    const storedToken = (w: WatchedPage) =>
      w.page.evaluate(() => {
        const raw = localStorage.getItem('gotong.session');
        return raw ? (JSON.parse(raw) as { token: string }).token : null;
      });

    it('keeps the session in a new tab, and signing out revokes the token in every tab', async () => {
      const { username } = await freshUser();
      watched = await openPage(browser, stack.baseUrl);
      const { page, context } = watched;
      await signIn(page, username);
      const token = await storedToken(watched);
      expect(token).toBeTruthy();

      // A notification link opened in a new tab: still signed in, on the linked page.
      const tab = await context.newPage();
      await tab.goto('/app/notifications');
      await tab.getByRole('button', { name: 'Keluar' }).waitFor();
      expect(tab.url()).toContain('/app/notifications');

      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.getByRole('button', { name: 'Masuk', exact: true }).waitFor();
      // The server refuses the token now, and the other tab follows the sign-out.
      await eventually(async () => (await me(token!)).status === 401);
      await tab.getByRole('button', { name: 'Masuk', exact: true }).waitFor();
      expect(watched.problems).toEqual([]);
    });

    it('refreshes a token near its expiry while the user works (sliding session)', async () => {
      const { username } = await freshUser();
      watched = await openPage(browser, stack.baseUrl);
      const { page } = watched;
      await signIn(page, username);
      const before = await storedToken(watched);

      // As if the 8 hours were nearly over: 10 minutes left by this browser's reckoning.
      await page.evaluate(() => {
        const session = JSON.parse(localStorage.getItem('gotong.session')!) as { expiresAt: number };
        session.expiresAt = Date.now() + 10 * 60_000;
        localStorage.setItem('gotong.session', JSON.stringify(session));
      });
      // The user carries on (a click, an API call): the app swaps the token before calling.
      await page.getByRole('link', { name: 'Proyek', exact: true }).click();
      const after = await eventually(async () => {
        const token = await storedToken(watched!);
        return token !== before ? token : undefined;
      });
      expect((await me(after!)).status).toBe(200);
      expect((await me(before!)).status).toBe(401);
      await page.getByRole('button', { name: 'Keluar' }).waitFor();
      expect(watched.problems).toEqual([]);
    });

    it('changes the password from the header menu, naming what is wrong first', async () => {
      const { username } = await freshUser();
      watched = await openPage(browser, stack.baseUrl);
      const { page } = watched;
      await signIn(page, username);
      const before = await storedToken(watched);

      await page.getByRole('link', { name: 'Ganti kata sandi' }).click();
      await page.getByRole('heading', { name: 'Ganti kata sandi' }).waitFor();
      const submit = page.getByRole('button', { name: 'Ganti kata sandi' });

      // Checked in the browser: too short, repeated differently.
      await page.getByLabel('Kata sandi sekarang').fill(PASSWORD());
      await page.getByLabel('Kata sandi baru', { exact: true }).fill('pendek');
      await page.getByLabel('Ulangi kata sandi baru').fill('lain');
      await submit.click();
      await page.getByText('Kata sandi baru paling sedikit 10 karakter.').waitFor();
      await page.getByText('Kedua isian kata sandi baru tidak sama.').waitFor();

      // Checked by the API: the current password is wrong (a 400, the user stays signed in).
      const newPassword = `Sehat-Probolinggo-${randomBytes(4).toString('hex')}`;
      watched.expectError(/400/);
      await page.getByLabel('Kata sandi sekarang').fill('bukan-kata-sandinya');
      await page.getByLabel('Kata sandi baru', { exact: true }).fill(newPassword);
      await page.getByLabel('Ulangi kata sandi baru').fill(newPassword);
      await submit.click();
      await page.getByText('Kata sandi sekarang salah.').waitFor();

      await page.getByLabel('Kata sandi sekarang').fill(PASSWORD());
      await submit.click();
      await page.getByText('Kata sandi sudah diganti.').waitFor();

      // Still signed in here, with a fresh token; the old one and the old password are refused.
      const after = await storedToken(watched);
      expect(after).not.toBe(before);
      expect((await me(after!)).status).toBe(200);
      expect((await me(before!)).status).toBe(401);
      expect((await login(username, PASSWORD())).status).toBe(401);
      expect((await login(username, newPassword)).status).toBe(200);
      await page.getByRole('link', { name: 'Notifikasi' }).first().click();
      await page.getByRole('button', { name: 'Keluar' }).waitFor();
      expect(watched.problems).toEqual([]);
    });
  });

  /** GET /notifications/stream with a bearer token, read in the background. */
  async function openStream(token: string) {
    const controller = new AbortController();
    streams.push(controller);
    const res = await fetch(`${stack.baseUrl}/notifications/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    let text = '';
    let ended = false;
    if (res.ok && res.body) {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      void (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            text += decoder.decode(value, { stream: true });
          }
        } catch {
          // aborted by the test
        }
        ended = true;
      })();
    } else {
      await res.text();
      ended = true;
    }
    return { status: res.status, text: () => text, ended: () => ended };
  }

  const streams: AbortController[] = [];
  afterEach(() => {
    for (const controller of streams.splice(0)) controller.abort();
  });
});
