-- Separation of duties (#15): a template belongs to an OPD, and only a LEAD of that OPD or an ADMIN publishes a
-- new version (libs/domain permissions versionsTemplate). Every version of a code carries the same owner.
ALTER TABLE "template" ADD COLUMN "owner_agency_id" UUID;

-- Existing templates: the OPD of the LEAD who saved the code's first version, else BAPPEDA (the planning
-- agency, owner of the seeded templates). Null only where neither exists: then only an ADMIN versions it.
UPDATE "template" AS t
SET "owner_agency_id" = COALESCE(
  (SELECT u."agency_id"
     FROM "template" AS first
     JOIN "app_user" AS u ON u."id" = first."created_by_id" AND u."role" = 'LEAD'
    WHERE first."code" = t."code"
    ORDER BY first."version" ASC
    LIMIT 1),
  (SELECT a."id" FROM "agency" AS a WHERE a."code" = 'BAPPEDA')
);

ALTER TABLE "template"
  ADD CONSTRAINT "template_owner_agency_id_fkey" FOREIGN KEY ("owner_agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
