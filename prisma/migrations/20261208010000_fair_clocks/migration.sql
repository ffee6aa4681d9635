-- Fair clocks (issue #17): an OPD is judged by its submission, the lead's review has its own clock.

-- The deadline in force when the contribution was submitted (the OPD's on-time judgement).
ALTER TABLE "contribution" ADD COLUMN "due_at" TIMESTAMPTZ(3);

-- When the current OPD got the task (assignment, or its move from another OPD): its own time is counted from here.
ALTER TABLE "task" ADD COLUMN "holder_since" TIMESTAMPTZ(3);
-- When the lead's review of the waiting submission is due (null unless a submission waits).
ALTER TABLE "task" ADD COLUMN "review_due_at" TIMESTAMPTZ(3);

UPDATE "task" t SET "holder_since" = COALESCE(
  (SELECT max(r."at") FROM "reassignment" r WHERE r."task_id" = t."id" AND r."kind" = 'OTHER_OPD'),
  t."created_at");
ALTER TABLE "task" ALTER COLUMN "holder_since" SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "task" ALTER COLUMN "holder_since" SET NOT NULL;

-- Whose clock an escalation climbs: the OPD's work (OPD) or the lead's review (REVIEW, on the lead's OPD).
CREATE TYPE "EscalationKind" AS ENUM ('OPD', 'REVIEW');
ALTER TABLE "escalation" ADD COLUMN "kind" "EscalationKind" NOT NULL DEFAULT 'OPD';
