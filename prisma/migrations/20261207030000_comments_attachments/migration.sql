-- Comments and attachments (#17): OPDs discuss a task, a project or an incident and mention other OPDs; files
-- (photos, PDFs, spreadsheets, documents) are attached to a contribution (a task's or a sitrep's) or a comment.
-- The bytes live in the object store (libs/storage); these rows hold what the API checks and lists. Neither is
-- ever updated or deleted by the application: a comment is corrected by another comment.

CREATE TABLE "comment" (
    "id" UUID NOT NULL,
    "task_id" UUID,
    "project_id" UUID,
    "incident_id" UUID,
    "author_user_id" UUID NOT NULL,
    "author_agency_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_pkey" PRIMARY KEY ("id"),
    -- About exactly one thing.
    CONSTRAINT "comment_one_subject" CHECK (num_nonnulls("task_id", "project_id", "incident_id") = 1),
    CONSTRAINT "comment_body_not_blank" CHECK (length(btrim("body")) > 0)
);

CREATE INDEX "comment_task_id_created_at_idx" ON "comment"("task_id", "created_at");
CREATE INDEX "comment_project_id_created_at_idx" ON "comment"("project_id", "created_at");
CREATE INDEX "comment_incident_id_created_at_idx" ON "comment"("incident_id", "created_at");

ALTER TABLE "comment"
  ADD CONSTRAINT "comment_task_id_fkey" FOREIGN KEY ("task_id")
    REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "comment_project_id_fkey" FOREIGN KEY ("project_id")
    REFERENCES "joint_project"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "comment_incident_id_fkey" FOREIGN KEY ("incident_id")
    REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "comment_author_user_id_fkey" FOREIGN KEY ("author_user_id")
    REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "comment_author_agency_id_fkey" FOREIGN KEY ("author_agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "comment_mention" (
    "comment_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,

    CONSTRAINT "comment_mention_pkey" PRIMARY KEY ("comment_id", "agency_id")
);

CREATE INDEX "comment_mention_agency_id_idx" ON "comment_mention"("agency_id");

ALTER TABLE "comment_mention"
  ADD CONSTRAINT "comment_mention_comment_id_fkey" FOREIGN KEY ("comment_id")
    REFERENCES "comment"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "comment_mention_agency_id_fkey" FOREIGN KEY ("agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "attachment" (
    "id" UUID NOT NULL,
    "contribution_id" UUID,
    "comment_id" UUID,
    "file_name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "thumbnail_key" TEXT,
    "uploaded_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachment_pkey" PRIMARY KEY ("id"),
    -- Belongs to exactly one thing.
    CONSTRAINT "attachment_one_owner" CHECK (num_nonnulls("contribution_id", "comment_id") = 1),
    CONSTRAINT "attachment_size_positive" CHECK ("size_bytes" > 0),
    CONSTRAINT "attachment_sha256_hex" CHECK ("sha256" ~ '^[0-9a-f]{64}$')
);

CREATE UNIQUE INDEX "attachment_storage_key_key" ON "attachment"("storage_key");
CREATE INDEX "attachment_contribution_id_idx" ON "attachment"("contribution_id");
CREATE INDEX "attachment_comment_id_idx" ON "attachment"("comment_id");

ALTER TABLE "attachment"
  ADD CONSTRAINT "attachment_contribution_id_fkey" FOREIGN KEY ("contribution_id")
    REFERENCES "contribution"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "attachment_comment_id_fkey" FOREIGN KEY ("comment_id")
    REFERENCES "comment"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD CONSTRAINT "attachment_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id")
    REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
