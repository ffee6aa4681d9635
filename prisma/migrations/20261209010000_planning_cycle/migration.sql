-- The annual planning cycle (issue #18, Permendagri 86/2017): one row per RKPD year, driven by
-- planningCycleWorkflow, and the Musrenbang proposals the kecamatan offices enter, each decided by its OPDs
-- through the agency tasks of its project.

CREATE TYPE "PlanningYearStatus" AS ENUM ('OPEN', 'CONSOLIDATING', 'CLOSED');
CREATE TYPE "PlanningProposalStatus" AS ENUM ('SUBMITTED', 'UNOWNED', 'ROUTED');

CREATE TABLE "planning_year" (
    "year" INTEGER NOT NULL,
    "status" "PlanningYearStatus" NOT NULL DEFAULT 'OPEN',
    "stages" JSONB NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "routed_at" TIMESTAMPTZ(3),
    "late_recorded_at" TIMESTAMPTZ(3),
    "consolidation_project_id" UUID,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "planning_year_pkey" PRIMARY KEY ("year")
);

CREATE UNIQUE INDEX "planning_year_workflow_id_key" ON "planning_year"("workflow_id");
CREATE UNIQUE INDEX "planning_year_consolidation_project_id_key" ON "planning_year"("consolidation_project_id");

ALTER TABLE "planning_year"
  ADD CONSTRAINT "planning_year_created_by_id_fkey" FOREIGN KEY ("created_by_id")
    REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "planning_year_consolidation_project_id_fkey" FOREIGN KEY ("consolidation_project_id")
    REFERENCES "joint_project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "planning_proposal" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "kecamatan_agency_id" UUID NOT NULL,
    "kecamatan_code" TEXT NOT NULL,
    "desa_code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "problem" TEXT NOT NULL,
    "proposed_activity" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "status" "PlanningProposalStatus" NOT NULL DEFAULT 'SUBMITTED',
    "assigned_agencies" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "agency_codes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "project_id" UUID,
    "routed_at" TIMESTAMPTZ(3),
    "late_agencies" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "planning_proposal_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "planning_proposal_project_id_key" ON "planning_proposal"("project_id");
CREATE INDEX "planning_proposal_year_kecamatan_code_idx" ON "planning_proposal"("year", "kecamatan_code");
CREATE INDEX "planning_proposal_year_status_idx" ON "planning_proposal"("year", "status");

ALTER TABLE "planning_proposal"
  ADD CONSTRAINT "planning_proposal_year_fkey" FOREIGN KEY ("year")
    REFERENCES "planning_year"("year") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "planning_proposal_kecamatan_agency_id_fkey" FOREIGN KEY ("kecamatan_agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "planning_proposal_project_id_fkey" FOREIGN KEY ("project_id")
    REFERENCES "joint_project"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  ADD CONSTRAINT "planning_proposal_created_by_id_fkey" FOREIGN KEY ("created_by_id")
    REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
