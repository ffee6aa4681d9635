import { randomInt, randomUUID } from 'node:crypto';
import { audit, type Tx } from '@gotong/database/audit';
import type { AuthContext } from '../common/auth-context';

/** No 0/O, 1/l/I: read aloud or copied from a screen without mistakes. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A random, readable one-time password, e.g. `k7pm-x3qa-9rtd` (three groups of four, about 59 bits). It is
 * shown to the admin once and only its hash is stored; the user must choose their own at the next sign-in.
 */
export function oneTimePassword(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

/** The audit event of a configuration, account or OPD change by a signed-in user (never a password). */
export function adminAudit(
  tx: Tx,
  auth: AuthContext,
  action: string,
  subject: string,
  detail: Record<string, unknown>,
): Promise<void> {
  return audit(tx, {
    // One event per change: the same account may be edited many times.
    eventKey: `${subject}:${action.toLowerCase()}:${randomUUID()}`,
    action,
    actorUserId: auth.userId,
    actorAgencyId: auth.agencyId,
    detail: detail as never,
    occurredAt: new Date(),
  });
}
