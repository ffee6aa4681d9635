-- Citizen reports (issue #18): a public door in the spirit of SP4N-LAPOR! (Perpres 76/2013, PermenPANRB 62/2018).
-- citizenReportWorkflow writes these rows; the public API reads them without the reporter's personal data.

CREATE TYPE "CitizenReportStatus" AS ENUM ('RECEIVED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED', 'REJECTED');

CREATE TABLE "citizen_report" (
    "id" UUID NOT NULL,
    "tracking_number" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "desa_code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "reporter_name" TEXT,
    "reporter_contact" TEXT,
    "photo_key" TEXT,
    "photo_media_type" TEXT,
    "photo_size_bytes" INTEGER,
    "status" "CitizenReportStatus" NOT NULL DEFAULT 'RECEIVED',
    "handling_agency_id" UUID NOT NULL,
    "first_response_due_at" TIMESTAMPTZ(3) NOT NULL,
    "first_responded_at" TIMESTAMPTZ(3),
    "rejection_reason" TEXT,
    "project_id" UUID,
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citizen_report_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "citizen_report_tracking_number_key" ON "citizen_report"("tracking_number");
CREATE UNIQUE INDEX "citizen_report_workflow_id_key" ON "citizen_report"("workflow_id");
CREATE UNIQUE INDEX "citizen_report_photo_key_key" ON "citizen_report"("photo_key");
CREATE UNIQUE INDEX "citizen_report_project_id_key" ON "citizen_report"("project_id");
CREATE INDEX "citizen_report_handling_agency_id_created_at_idx" ON "citizen_report"("handling_agency_id", "created_at");
CREATE INDEX "citizen_report_status_idx" ON "citizen_report"("status");

ALTER TABLE "citizen_report"
  ADD CONSTRAINT "citizen_report_desa_code_fkey" FOREIGN KEY ("desa_code")
    REFERENCES "area"("code") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "citizen_report_handling_agency_id_fkey" FOREIGN KEY ("handling_agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "citizen_report_project_id_fkey" FOREIGN KEY ("project_id")
    REFERENCES "joint_project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "citizen_report_answer" (
    "id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "agency_id" UUID NOT NULL,
    "by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "citizen_report_answer_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "citizen_report_answer_report_id_created_at_idx" ON "citizen_report_answer"("report_id", "created_at");

ALTER TABLE "citizen_report_answer"
  ADD CONSTRAINT "citizen_report_answer_report_id_fkey" FOREIGN KEY ("report_id")
    REFERENCES "citizen_report"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "citizen_report_answer_agency_id_fkey" FOREIGN KEY ("agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "citizen_report_answer_by_user_id_fkey" FOREIGN KEY ("by_user_id")
    REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "citizen_report_note" (
    "id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "agency_id" UUID NOT NULL,
    "by_user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "citizen_report_note_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "citizen_report_note_report_id_created_at_idx" ON "citizen_report_note"("report_id", "created_at");

ALTER TABLE "citizen_report_note"
  ADD CONSTRAINT "citizen_report_note_report_id_fkey" FOREIGN KEY ("report_id")
    REFERENCES "citizen_report"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  ADD CONSTRAINT "citizen_report_note_agency_id_fkey" FOREIGN KEY ("agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "citizen_report_note_by_user_id_fkey" FOREIGN KEY ("by_user_id")
    REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "citizen_challenge_use" (
    "nonce" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citizen_challenge_use_pkey" PRIMARY KEY ("nonce")
);

CREATE INDEX "citizen_challenge_use_expires_at_idx" ON "citizen_challenge_use"("expires_at");
