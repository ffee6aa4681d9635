import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { audit } from '@gotong/database/audit';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { RESPONSIBILITIES, RESPONSIBILITY_KEYS } from '@gotong/domain/responsibility';
import { validateTemplate, type TemplateDefinition } from '@gotong/domain/template';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';

const summary = {
  id: true,
  code: true,
  version: true,
  name: true,
  description: true,
  category: true,
  createdAt: true,
  ownerAgency: { select: { code: true, name: true } },
} satisfies Prisma.TemplateSelect;

@Injectable()
export class TemplatesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  /** Saves a template as the next version of its code; running projects keep the version they started with. */
  async create(auth: AuthContext, definition: unknown) {
    this.access.requireRole(auth, 'template.write');
    // Who may version the code is decided first, so a caller who may not learns nothing from the body's check.
    const code = (definition as { code?: unknown } | null)?.code;
    // Serialised per code by the unique (code, version) index: a concurrent save gets a retryable conflict.
    const latest =
      typeof code === 'string'
        ? await this.db.template.findFirst({
            where: { code },
            orderBy: { version: 'desc' },
            select: { version: true, ownerAgencyId: true },
          })
        : null;
    // A new version of an existing code: only a LEAD of its owning OPD or an ADMIN (separation of duties).
    // A new code belongs to the creating LEAD's OPD; one an ADMIN creates to the planning agency.
    const ownerAgencyId = latest
      ? await this.access.requireTemplateVersion(auth, code as string, latest.ownerAgencyId)
      : await this.access.newTemplateOwner(auth);
    const agencies = await this.db.agency.findMany({ select: { code: true } });
    const problems = validateTemplate(definition, {
      agencyCodes: new Set(agencies.map((a) => a.code)),
      responsibilities: RESPONSIBILITY_KEYS,
    });
    if (problems.length > 0)
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problems });
    const def = definition as TemplateDefinition;
    return this.db.$transaction(async (tx) => {
      const created = await tx.template.create({
        data: {
          code: def.code,
          version: (latest?.version ?? 0) + 1,
          name: def.name,
          description: def.description,
          category: def.category,
          definition: def as unknown as Prisma.InputJsonValue,
          createdById: auth.userId,
          ownerAgencyId,
        },
        select: { ...summary, definition: true },
      });
      await audit(tx, {
        eventKey: `template:${created.code}:version:${created.version}`,
        action: 'TEMPLATE_VERSION_CREATED',
        actorUserId: auth.userId,
        actorAgencyId: auth.agencyId,
        detail: {
          templateId: created.id,
          code: created.code,
          version: created.version,
          previousVersion: latest?.version ?? null,
          name: created.name,
          category: created.category,
          steps: def.steps.map((step) => step.key),
        },
        occurredAt: created.createdAt,
      });
      return created;
    });
  }

  /** The newest version of every template. */
  async list() {
    const rows = await this.db.template.findMany({
      select: summary,
      orderBy: [{ code: 'asc' }, { version: 'desc' }],
    });
    const latest = new Map<string, (typeof rows)[number] & { versions: number }>();
    for (const row of rows) {
      const seen = latest.get(row.code);
      if (seen) seen.versions += 1;
      else latest.set(row.code, { ...row, versions: 1 });
    }
    return [...latest.values()];
  }

  async get(code: string, version?: number) {
    const template = await this.db.template.findFirst({
      where: { code, ...(version !== undefined ? { version } : {}) },
      orderBy: { version: 'desc' },
      select: { ...summary, definition: true },
    });
    if (!template) {
      throw new NotFoundException(
        version !== undefined ? `template ${code} has no version ${version}` : `template ${code} not found`,
      );
    }
    const versions = await this.db.template.findMany({
      where: { code },
      select: { version: true, createdAt: true },
      orderBy: { version: 'asc' },
    });
    return { ...template, versions };
  }

  responsibilities() {
    return Object.entries(RESPONSIBILITIES).map(([key, r]) => ({ key, ...r }));
  }
}
