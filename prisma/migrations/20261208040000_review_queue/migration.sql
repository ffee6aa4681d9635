-- The lead's review queue (issue #17, GET /reviews): the submitted tasks, few among many, found by state and
-- read in the order their reviews are due.
CREATE INDEX "task_status_review_due_at_idx" ON "task" ("status", "review_due_at");
