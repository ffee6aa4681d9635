-- CreateEnum
CREATE TYPE "TemplateCategory" AS ENUM ('PROGRAM', 'INFRASTRUCTURE', 'DATA', 'EMERGENCY', 'PLANNING');

-- CreateEnum
CREATE TYPE "ContributionStatus" AS ENUM ('SUBMITTED', 'ACCEPTED', 'RETURNED');

-- CreateEnum
CREATE TYPE "EscalationStatus" AS ENUM ('OPEN', 'ANSWERED', 'SUPERSEDED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "ReassignmentKind" AS ENUM ('OTHER_OPD', 'WITHIN_OPD');

-- CreateEnum
CREATE TYPE "HolidayKind" AS ENUM ('NATIONAL_HOLIDAY', 'CUTI_BERSAMA');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TaskStatus" ADD VALUE 'CLAIMED';
ALTER TYPE "TaskStatus" ADD VALUE 'SUBMITTED';
ALTER TYPE "TaskStatus" ADD VALUE 'RETURNED';

-- AlterTable
ALTER TABLE "joint_project" ADD COLUMN     "cancel_reason" TEXT,
ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3),
ADD COLUMN     "parameters" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "steps" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "template_id" UUID;

-- AlterTable
ALTER TABLE "task" ADD COLUMN     "assignee_id" UUID,
ADD COLUMN     "deadline_extended" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "form" JSONB,
ADD COLUMN     "reassignment_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "step_key" TEXT;

-- CreateTable
CREATE TABLE "template" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "TemplateCategory" NOT NULL,
    "definition" JSONB NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_agency" (
    "project_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_agency_pkey" PRIMARY KEY ("project_id","agency_id")
);

-- CreateTable
CREATE TABLE "contribution" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "ContributionStatus" NOT NULL DEFAULT 'SUBMITTED',
    "values" JSONB NOT NULL,
    "submitted_by_id" UUID NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "review_note" TEXT,
    "reviewed_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),

    CONSTRAINT "contribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contribution_value" (
    "id" UUID NOT NULL,
    "contribution_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "field_key" TEXT NOT NULL,
    "area_code" TEXT NOT NULL DEFAULT '',
    "unit" TEXT,
    "number_value" DECIMAL(20,4),
    "text_value" TEXT,
    "boolean_value" BOOLEAN,
    "date_value" DATE,

    CONSTRAINT "contribution_value_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "level" INTEGER NOT NULL,
    "status" "EscalationStatus" NOT NULL DEFAULT 'OPEN',
    "repeats" INTEGER NOT NULL DEFAULT 0,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "instruction" TEXT,
    "answered_by_id" UUID,
    "answered_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reassignment" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "kind" "ReassignmentKind" NOT NULL,
    "from_agency_id" UUID NOT NULL,
    "to_agency_id" UUID NOT NULL,
    "to_user_id" UUID,
    "by_user_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reassignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "holiday" (
    "date" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "HolidayKind" NOT NULL,

    CONSTRAINT "holiday_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE UNIQUE INDEX "template_code_version_key" ON "template"("code", "version");

-- CreateIndex
CREATE INDEX "project_agency_agency_id_idx" ON "project_agency"("agency_id");

-- CreateIndex
CREATE UNIQUE INDEX "contribution_task_id_version_key" ON "contribution"("task_id", "version");

-- CreateIndex
CREATE INDEX "contribution_value_field_key_area_code_idx" ON "contribution_value"("field_key", "area_code");

-- CreateIndex
CREATE UNIQUE INDEX "contribution_value_contribution_id_field_key_area_code_key" ON "contribution_value"("contribution_id", "field_key", "area_code");

-- CreateIndex
CREATE INDEX "escalation_status_level_idx" ON "escalation"("status", "level");

-- CreateIndex
CREATE INDEX "escalation_agency_id_opened_at_idx" ON "escalation"("agency_id", "opened_at");

-- CreateIndex
CREATE INDEX "reassignment_from_agency_id_at_idx" ON "reassignment"("from_agency_id", "at");

-- AddForeignKey
ALTER TABLE "joint_project" ADD CONSTRAINT "joint_project_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template" ADD CONSTRAINT "template_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_agency" ADD CONSTRAINT "project_agency_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "joint_project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_agency" ADD CONSTRAINT "project_agency_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contribution" ADD CONSTRAINT "contribution_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contribution" ADD CONSTRAINT "contribution_submitted_by_id_fkey" FOREIGN KEY ("submitted_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contribution" ADD CONSTRAINT "contribution_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contribution_value" ADD CONSTRAINT "contribution_value_contribution_id_fkey" FOREIGN KEY ("contribution_id") REFERENCES "contribution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contribution_value" ADD CONSTRAINT "contribution_value_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "joint_project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_answered_by_id_fkey" FOREIGN KEY ("answered_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reassignment" ADD CONSTRAINT "reassignment_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reassignment" ADD CONSTRAINT "reassignment_from_agency_id_fkey" FOREIGN KEY ("from_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reassignment" ADD CONSTRAINT "reassignment_to_agency_id_fkey" FOREIGN KEY ("to_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reassignment" ADD CONSTRAINT "reassignment_by_user_id_fkey" FOREIGN KEY ("by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
