-- CreateEnum
CREATE TYPE "DataValueStatus" AS ENUM ('VERIFIED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "ConflictStatus" AS ENUM ('OPEN', 'RESOLVED');

-- CreateEnum
CREATE TYPE "PublicationBasis" AS ENUM ('SINGLE', 'CONCORDANT', 'RECONCILED');

-- CreateTable
CREATE TABLE "indicator" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "standard" JSONB NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_request" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "areas" TEXT[],
    "indicators" JSONB NOT NULL,
    "requested_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_confirmation" (
    "task_id" UUID NOT NULL,
    "cell" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_confirmation_pkey" PRIMARY KEY ("task_id","cell")
);

-- CreateTable
CREATE TABLE "data_value" (
    "id" UUID NOT NULL,
    "indicator_code" TEXT NOT NULL,
    "indicator_version" INTEGER NOT NULL,
    "area_code" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "breakdown" TEXT NOT NULL DEFAULT '',
    "value" DECIMAL(20,4) NOT NULL,
    "status" "DataValueStatus" NOT NULL DEFAULT 'VERIFIED',
    "agency_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "contribution_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "submitted_by_id" UUID NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "verified_by_id" UUID,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmation" TEXT,
    "conflict_id" UUID,

    CONSTRAINT "data_value_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_conflict" (
    "id" UUID NOT NULL,
    "indicator_code" TEXT NOT NULL,
    "area_code" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "breakdown" TEXT NOT NULL DEFAULT '',
    "status" "ConflictStatus" NOT NULL DEFAULT 'OPEN',
    "open_key" TEXT,
    "project_id" UUID,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "agreed_value" DECIMAL(20,4),
    "reasoning" TEXT,
    "resolved_by_id" UUID,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "data_conflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "published_figure" (
    "indicator_code" TEXT NOT NULL,
    "indicator_version" INTEGER NOT NULL,
    "area_code" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "breakdown" TEXT NOT NULL DEFAULT '',
    "value" DECIMAL(20,4) NOT NULL,
    "basis" "PublicationBasis" NOT NULL,
    "value_ids" TEXT[],
    "conflict_id" UUID,
    "published_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "published_figure_pkey" PRIMARY KEY ("indicator_code","area_code","period","breakdown")
);

-- CreateIndex
CREATE UNIQUE INDEX "indicator_code_version_key" ON "indicator"("code", "version");

-- CreateIndex
CREATE UNIQUE INDEX "data_request_project_id_key" ON "data_request"("project_id");

-- CreateIndex
CREATE INDEX "data_value_indicator_code_area_code_period_breakdown_idx" ON "data_value"("indicator_code", "area_code", "period", "breakdown");

-- CreateIndex
CREATE UNIQUE INDEX "data_value_contribution_id_indicator_code_area_code_breakdo_key" ON "data_value"("contribution_id", "indicator_code", "area_code", "breakdown");

-- CreateIndex
CREATE UNIQUE INDEX "data_conflict_open_key_key" ON "data_conflict"("open_key");

-- CreateIndex
CREATE INDEX "data_conflict_status_opened_at_idx" ON "data_conflict"("status", "opened_at");

-- CreateIndex
CREATE INDEX "published_figure_indicator_code_period_idx" ON "published_figure"("indicator_code", "period");

-- AddForeignKey
ALTER TABLE "data_value" ADD CONSTRAINT "data_value_conflict_id_fkey" FOREIGN KEY ("conflict_id") REFERENCES "data_conflict"("id") ON DELETE SET NULL ON UPDATE CASCADE;
