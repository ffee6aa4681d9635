-- Joint policy drafting (issue #18): a draft (Perbup, SK/SE Bupati, SOP) with versions, the paraf koordinasi
-- of its reviewer OPDs per version (each an agency task of the draft's project), then the Sekda's and the
-- Bupati's sign-off. policyDraftWorkflow writes these rows; the API reads them.

CREATE TYPE "PolicyKind" AS ENUM ('PERBUP', 'SK_BUPATI', 'SE_BUPATI', 'SOP');
CREATE TYPE "PolicyStatus" AS ENUM (
  'DRAFTING', 'IN_REVIEW', 'RETURNED', 'AWAITING_SEKDA', 'AWAITING_BUPATI', 'SIGNED', 'WITHDRAWN');
CREATE TYPE "ParafDecision" AS ENUM ('INITIALLED', 'RETURNED');
CREATE TYPE "SignOffOffice" AS ENUM ('SEKDA', 'BUPATI');
CREATE TYPE "SignOffDecision" AS ENUM ('SIGNED', 'RETURNED');

CREATE TABLE "policy_draft" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "PolicyKind" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "status" "PolicyStatus" NOT NULL DEFAULT 'DRAFTING',
    "drafting_agency_id" UUID NOT NULL,
    "created_by_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "current_version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signed_at" TIMESTAMPTZ(3),

    CONSTRAINT "policy_draft_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "policy_draft_key_key" ON "policy_draft"("key");
CREATE UNIQUE INDEX "policy_draft_project_id_key" ON "policy_draft"("project_id");
CREATE UNIQUE INDEX "policy_draft_workflow_id_key" ON "policy_draft"("workflow_id");
CREATE INDEX "policy_draft_status_idx" ON "policy_draft"("status");
CREATE INDEX "policy_draft_drafting_agency_id_idx" ON "policy_draft"("drafting_agency_id");

ALTER TABLE "policy_draft"
  ADD CONSTRAINT "policy_draft_drafting_agency_id_fkey" FOREIGN KEY ("drafting_agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "policy_draft_created_by_id_fkey" FOREIGN KEY ("created_by_id")
    REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "policy_draft_project_id_fkey" FOREIGN KEY ("project_id")
    REFERENCES "joint_project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "policy_reviewer" (
    "draft_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,

    CONSTRAINT "policy_reviewer_pkey" PRIMARY KEY ("draft_id", "agency_id")
);

CREATE INDEX "policy_reviewer_agency_id_idx" ON "policy_reviewer"("agency_id");

ALTER TABLE "policy_reviewer"
  ADD CONSTRAINT "policy_reviewer_draft_id_fkey" FOREIGN KEY ("draft_id")
    REFERENCES "policy_draft"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "policy_reviewer_agency_id_fkey" FOREIGN KEY ("agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "policy_draft_version" (
    "id" UUID NOT NULL,
    "draft_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "attachment_id" UUID NOT NULL,
    "note" TEXT,
    "uploaded_by_id" UUID NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "policy_draft_version_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "policy_draft_version_draft_id_number_key" ON "policy_draft_version"("draft_id", "number");

ALTER TABLE "policy_draft_version"
  ADD CONSTRAINT "policy_draft_version_draft_id_fkey" FOREIGN KEY ("draft_id")
    REFERENCES "policy_draft"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "policy_draft_version_attachment_id_fkey" FOREIGN KEY ("attachment_id")
    REFERENCES "attachment"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "policy_draft_version_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id")
    REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "policy_paraf" (
    "task_id" UUID NOT NULL,
    "draft_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "agency_id" UUID NOT NULL,
    "decision" "ParafDecision",
    "comment" TEXT,
    "by_user_id" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "policy_paraf_pkey" PRIMARY KEY ("task_id")
);

CREATE UNIQUE INDEX "policy_paraf_draft_id_version_agency_id_key" ON "policy_paraf"("draft_id", "version", "agency_id");

ALTER TABLE "policy_paraf"
  ADD CONSTRAINT "policy_paraf_draft_id_fkey" FOREIGN KEY ("draft_id")
    REFERENCES "policy_draft"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "policy_paraf_agency_id_fkey" FOREIGN KEY ("agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "policy_paraf_by_user_id_fkey" FOREIGN KEY ("by_user_id")
    REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "policy_sign_off" (
    "id" UUID NOT NULL,
    "draft_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "office" "SignOffOffice" NOT NULL,
    "decision" "SignOffDecision" NOT NULL,
    "note" TEXT,
    "by_user_id" UUID NOT NULL,
    "acting_title" "ActingTitle",
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "policy_sign_off_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "policy_sign_off_draft_id_idx" ON "policy_sign_off"("draft_id");

ALTER TABLE "policy_sign_off"
  ADD CONSTRAINT "policy_sign_off_draft_id_fkey" FOREIGN KEY ("draft_id")
    REFERENCES "policy_draft"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "policy_sign_off_by_user_id_fkey" FOREIGN KEY ("by_user_id")
    REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
