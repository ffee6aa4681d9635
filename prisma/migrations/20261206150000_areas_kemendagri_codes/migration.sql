-- The regency's areas as reference data, and the kecamatan codes stored so far rewritten from the BPS order of
-- the old seed into the Kemendagri kode wilayah of Kepmendagri No. 300.2.2-2138 Tahun 2025
-- (docs/domain.md, "Region data"). The rows of "area" come from prisma/seed.ts (libs/domain/src/region).

-- CreateEnum
CREATE TYPE "AreaLevel" AS ENUM ('KABUPATEN', 'KECAMATAN', 'DESA', 'KELURAHAN');

-- CreateTable
CREATE TABLE "area" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "AreaLevel" NOT NULL,
    "parent_code" TEXT,
    "decree" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "area_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "area_parent_code_idx" ON "area"("parent_code");

-- AddForeignKey
ALTER TABLE "area" ADD CONSTRAINT "area_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "area"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- Data migration: old kecamatan code (BPS order, the seed before this migration) → the decree's code, matched
-- by the kecamatan's name. Sukapura, Sumber, Kuripan, Bantaran, Leces and Tongas keep theirs. A desa or
-- kelurahan code keeps its last four digits under its kecamatan's new code (no desa list existed before, so
-- there is nothing better to match them by). Audit events and outbox messages are history and stay as written.
CREATE TEMPORARY TABLE "kecamatan_recode" ("old_code" TEXT PRIMARY KEY, "name" TEXT NOT NULL, "new_code" TEXT NOT NULL);
INSERT INTO "kecamatan_recode" ("old_code", "name", "new_code") VALUES
    ('35.13.06', 'Tegalsiwalan', '35.13.20'),
    ('35.13.07', 'Banyuanyar', '35.13.06'),
    ('35.13.08', 'Tiris', '35.13.07'),
    ('35.13.09', 'Krucil', '35.13.08'),
    ('35.13.10', 'Gading', '35.13.09'),
    ('35.13.11', 'Pakuniran', '35.13.10'),
    ('35.13.12', 'Kotaanyar', '35.13.11'),
    ('35.13.13', 'Paiton', '35.13.12'),
    ('35.13.14', 'Besuk', '35.13.13'),
    ('35.13.15', 'Kraksaan', '35.13.14'),
    ('35.13.16', 'Krejengan', '35.13.15'),
    ('35.13.17', 'Pajarakan', '35.13.16'),
    ('35.13.18', 'Maron', '35.13.17'),
    ('35.13.19', 'Gending', '35.13.18'),
    ('35.13.20', 'Dringu', '35.13.19'),
    ('35.13.21', 'Wonomerto', '35.13.22'),
    ('35.13.22', 'Lumbang', '35.13.24'),
    ('35.13.24', 'Sumberasih', '35.13.21');

-- A kecamatan code (35.13.xx) or desa code (35.13.xx.yyyy) under its new kecamatan code; anything else unchanged.
CREATE FUNCTION pg_temp.recode_area(code TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN code ~ '^35\.13\.\d{2}(\.\d{4})?$'
            THEN COALESCE((SELECT r."new_code" FROM "kecamatan_recode" r WHERE r."old_code" = left(code, 8)), left(code, 8))
                || substr(code, 9)
        ELSE code
    END
$$;

CREATE FUNCTION pg_temp.recode_areas(codes TEXT[]) RETURNS TEXT[] LANGUAGE sql STABLE AS $$
    SELECT COALESCE(array_agg(pg_temp.recode_area(c) ORDER BY i), codes)
    FROM unnest(codes) WITH ORDINALITY AS t(c, i)
$$;

-- Every string value and every object key that is an area code (per-area values are objects keyed by code).
CREATE FUNCTION pg_temp.recode_json(j JSONB) RETURNS JSONB LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF j IS NULL THEN
        RETURN NULL;
    END IF;
    CASE jsonb_typeof(j)
        WHEN 'string' THEN
            RETURN to_jsonb(pg_temp.recode_area(j #>> '{}'));
        WHEN 'array' THEN
            RETURN COALESCE(
                (SELECT jsonb_agg(pg_temp.recode_json(e) ORDER BY i) FROM jsonb_array_elements(j) WITH ORDINALITY AS t(e, i)),
                '[]'::jsonb);
        WHEN 'object' THEN
            RETURN COALESCE(
                (SELECT jsonb_object_agg(pg_temp.recode_area(k), pg_temp.recode_json(v)) FROM jsonb_each(j) AS t(k, v)),
                '{}'::jsonb);
        ELSE
            RETURN j;
    END CASE;
END
$$;

-- Kecamatan offices (area_code is unique: cleared first, then set, so the permutation never collides).
CREATE TEMPORARY TABLE "agency_recode" AS
    SELECT "id", pg_temp.recode_area("area_code") AS "new_code" FROM "agency"
    WHERE "area_code" IS NOT NULL AND pg_temp.recode_area("area_code") <> "area_code";
UPDATE "agency" SET "area_code" = NULL WHERE "id" IN (SELECT "id" FROM "agency_recode");
UPDATE "agency" a SET "area_code" = r."new_code" FROM "agency_recode" r WHERE a."id" = r."id";

-- Incidents, data requests.
UPDATE "incident" SET
    "affected_kecamatan" = pg_temp.recode_areas("affected_kecamatan"),
    "affected_desa" = pg_temp.recode_areas("affected_desa")
WHERE "affected_kecamatan" <> pg_temp.recode_areas("affected_kecamatan")
    OR "affected_desa" <> pg_temp.recode_areas("affected_desa");
UPDATE "incident" SET "summary" = pg_temp.recode_json("summary")
WHERE "summary" IS NOT NULL AND "summary" <> pg_temp.recode_json("summary");
UPDATE "data_request" SET "areas" = pg_temp.recode_areas("areas") WHERE "areas" <> pg_temp.recode_areas("areas");

-- Project parameters and step plans (forms with their areas), templates, task forms and results, contributions.
UPDATE "joint_project" SET "parameters" = pg_temp.recode_json("parameters") WHERE "parameters" <> pg_temp.recode_json("parameters");
UPDATE "joint_project" SET "steps" = pg_temp.recode_json("steps") WHERE "steps" <> pg_temp.recode_json("steps");
UPDATE "template" SET "definition" = pg_temp.recode_json("definition") WHERE "definition" <> pg_temp.recode_json("definition");
UPDATE "task" SET "form" = pg_temp.recode_json("form") WHERE "form" IS NOT NULL AND "form" <> pg_temp.recode_json("form");
UPDATE "task" SET "result" = pg_temp.recode_json("result") WHERE "result" IS NOT NULL AND "result" <> pg_temp.recode_json("result");
UPDATE "contribution" SET "values" = pg_temp.recode_json("values") WHERE "values" <> pg_temp.recode_json("values");

-- Typed values, data values, conflicts, published figures, jump confirmations: keyed by area code, so each is
-- moved out of the way ('~' prefix) before taking its new code.
UPDATE "contribution_value" SET "area_code" = '~' || "area_code" WHERE pg_temp.recode_area("area_code") <> "area_code";
UPDATE "contribution_value" SET "area_code" = pg_temp.recode_area(substr("area_code", 2)) WHERE "area_code" LIKE '~%';

UPDATE "data_value" SET "area_code" = '~' || "area_code" WHERE pg_temp.recode_area("area_code") <> "area_code";
UPDATE "data_value" SET "area_code" = pg_temp.recode_area(substr("area_code", 2)) WHERE "area_code" LIKE '~%';

UPDATE "data_conflict" SET "area_code" = '~' || "area_code", "open_key" = '~' || "open_key"
WHERE pg_temp.recode_area("area_code") <> "area_code";
UPDATE "data_conflict" SET
    "area_code" = pg_temp.recode_area(substr("area_code", 2)),
    "open_key" = CASE WHEN "open_key" IS NULL THEN NULL
        ELSE "indicator_code" || '|' || pg_temp.recode_area(substr("area_code", 2)) || '|' || "period" || '|' || "breakdown" END
WHERE "area_code" LIKE '~%';

UPDATE "published_figure" SET "area_code" = '~' || "area_code" WHERE pg_temp.recode_area("area_code") <> "area_code";
UPDATE "published_figure" SET "area_code" = pg_temp.recode_area(substr("area_code", 2)) WHERE "area_code" LIKE '~%';

-- A confirmation's cell is `<fieldKey>.<kodeWilayah>` (field keys and indicator codes hold no dot).
UPDATE "data_confirmation" SET "cell" = '~' || "cell"
WHERE "cell" LIKE '%.%'
    AND pg_temp.recode_area(substr("cell", strpos("cell", '.') + 1)) <> substr("cell", strpos("cell", '.') + 1);
UPDATE "data_confirmation" SET "cell" =
    split_part(substr("cell", 2), '.', 1) || '.' || pg_temp.recode_area(substr("cell", strpos("cell", '.') + 1))
WHERE "cell" LIKE '~%';

DROP FUNCTION pg_temp.recode_json(JSONB);
DROP FUNCTION pg_temp.recode_areas(TEXT[]);
DROP FUNCTION pg_temp.recode_area(TEXT);
DROP TABLE "agency_recode";
DROP TABLE "kecamatan_recode";
