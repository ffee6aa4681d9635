-- Resource requests (issue #17): where the resources go, by when they are needed and a note, given when the
-- request is made; and the quantities committed, sent and received, recorded at each step.
ALTER TABLE "resource_request"
    ADD COLUMN "destination" TEXT,
    ADD COLUMN "needed_by" TIMESTAMPTZ(3),
    ADD COLUMN "note" TEXT,
    ADD COLUMN "quantity_committed" INTEGER,
    ADD COLUMN "quantity_sent" INTEGER,
    ADD COLUMN "quantity_received" INTEGER;
