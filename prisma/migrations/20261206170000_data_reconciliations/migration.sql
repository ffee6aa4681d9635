-- Decisions stick, one reconciliation per request (issue 13).

-- CreateEnum
CREATE TYPE "ReconciliationStatus" AS ENUM ('OPEN', 'RESOLVED');

-- AlterTable
ALTER TABLE "data_conflict" ADD COLUMN "reconciliation_id" UUID,
ADD COLUMN "published_value" DECIMAL(20,4);

-- CreateTable
CREATE TABLE "data_reconciliation" (
    "id" UUID NOT NULL,
    "source_project_id" UUID NOT NULL,
    "open_key" TEXT,
    "status" "ReconciliationStatus" NOT NULL DEFAULT 'OPEN',
    "project_id" UUID,
    "title" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "data_reconciliation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "published_figure_revision" (
    "id" UUID NOT NULL,
    "indicator_code" TEXT NOT NULL,
    "area_code" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "breakdown" TEXT NOT NULL DEFAULT '',
    "old_value" DECIMAL(20,4) NOT NULL,
    "old_basis" "PublicationBasis" NOT NULL,
    "old_conflict_id" UUID,
    "old_published_at" TIMESTAMPTZ(3) NOT NULL,
    "new_value" DECIMAL(20,4) NOT NULL,
    "new_basis" "PublicationBasis" NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "conflict_id" UUID,
    "revised_by_id" UUID NOT NULL,
    "revised_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "published_figure_revision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "data_conflict_reconciliation_id_idx" ON "data_conflict"("reconciliation_id");

-- CreateIndex
CREATE UNIQUE INDEX "data_reconciliation_open_key_key" ON "data_reconciliation"("open_key");

-- CreateIndex
CREATE INDEX "data_reconciliation_status_opened_at_idx" ON "data_reconciliation"("status", "opened_at");

-- CreateIndex
CREATE INDEX "published_figure_revision_indicator_code_area_code_period_b_idx" ON "published_figure_revision"("indicator_code", "area_code", "period", "breakdown");

-- AddForeignKey
ALTER TABLE "data_conflict" ADD CONSTRAINT "data_conflict_reconciliation_id_fkey" FOREIGN KEY ("reconciliation_id") REFERENCES "data_reconciliation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
