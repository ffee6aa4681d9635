import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { challengeQuestion, parseChallengeAnswer } from '@gotong/domain/citizen/challenge';

/** How long a challenge may be answered. */
export const CHALLENGE_TTL_MS = 10 * 60_000;

const bad = (message: string) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });

/**
 * The challenge in front of the public report form (libs/domain/src/citizen/challenge.ts says why a small sum):
 * the token is `<nonce>.<expiry>.<mac>`, the mac an HMAC-SHA256 over nonce, expiry and the answer under a key
 * derived from JWT_SECRET. Nothing is stored when a challenge is handed out; a token is checked by recomputing
 * the mac with the answer given, and each token is good for one attempt (right or wrong): its nonce is
 * recorded (citizen_challenge_use) before the answer is judged, so guessing the answer on one token is one try.
 */
@Injectable()
export class ChallengeService {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
  ) {
    this.key = createHmac('sha256', config.JWT_SECRET).update('gotong citizen-report challenge v1').digest();
  }

  private mac(nonce: string, expires: number, answer: number): string {
    return createHmac('sha256', this.key).update(`${nonce}.${expires}.${answer}`).digest('base64url');
  }

  issue(now = Date.now()) {
    const { question, questionEn, answer } = challengeQuestion(
      randomInt(1_000_000) / 1_000_000,
      randomInt(1_000_000) / 1_000_000,
      randomInt(1_000_000) / 1_000_000,
    );
    const nonce = randomBytes(12).toString('base64url');
    const expires = now + CHALLENGE_TTL_MS;
    return {
      token: `${nonce}.${expires}.${this.mac(nonce, expires, answer)}`,
      question,
      questionEn,
      expiresAt: new Date(expires).toISOString(),
    };
  }

  /** Uses up the token and judges the answer: a 400 naming challengeToken or challengeAnswer when refused. */
  async check(token: string, typedAnswer: string, now = Date.now()): Promise<void> {
    const parts = token.split('.');
    const [nonce, expiresText, mac] = parts;
    if (parts.length !== 3 || !/^[A-Za-z0-9_-]{16}$/.test(nonce!) || !/^\d{13}$/.test(expiresText!) || !mac) {
      throw bad('challengeToken: not a challenge from GET /public/reports/challenge');
    }
    const expires = Number(expiresText);
    if (expires < now) throw bad('challengeToken: expired; ask for a new challenge');
    if (expires > now + CHALLENGE_TTL_MS) throw bad('challengeToken: not a challenge from this server');
    const used = await this.db.citizenChallengeUse.createMany({
      data: [{ nonce: nonce!, expiresAt: new Date(expires) }],
      skipDuplicates: true,
    });
    if (used.count === 0) throw bad('challengeToken: already used; ask for a new challenge');
    // Forget nonces whose tokens have expired anyway (cheap: indexed, few rows).
    await this.db.citizenChallengeUse.deleteMany({ where: { expiresAt: { lt: new Date(now - 60_000) } } });
    const answer = parseChallengeAnswer(typedAnswer);
    const expected = Buffer.from(mac);
    const given = answer === null ? null : Buffer.from(this.mac(nonce!, expires, answer));
    if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw bad('challengeAnswer: wrong answer; ask for a new challenge');
    }
  }
}
