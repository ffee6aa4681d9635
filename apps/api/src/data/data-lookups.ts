import { BadRequestException } from '@nestjs/common';
import type { Database } from '@gotong/database/prisma';
import type { IndicatorStandard } from '@gotong/domain/data-standard';

/** A 400 naming every problem, as the rest of the API answers them. */
export const badRequest = (message: string[]) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message });

/** Name and position of each user, for provenance (submitted by, verified by, reconciled by). */
export async function userNames(db: Database, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const users = await db.user.findMany({
    where: { id: { in: wanted } },
    select: { id: true, fullName: true, position: true },
  });
  return new Map(users.map((u) => [u.id, { name: u.fullName, position: u.position }]));
}

export async function agencyNames(db: Database, ids: string[]) {
  const agencies = await db.agency.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, code: true, name: true },
  });
  return new Map(agencies.map((a) => [a.id, { code: a.code, name: a.name }]));
}

/** Indicator standards by `code@version` (all of them, or of the codes given). */
export async function standardsByVersion(db: Database, codes?: string[]) {
  const rows = await db.indicator.findMany({ where: codes ? { code: { in: [...new Set(codes)] } } : {} });
  return new Map(rows.map((i) => [`${i.code}@${i.version}`, i.standard as unknown as IndicatorStandard]));
}
