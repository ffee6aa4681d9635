-- A tamper-evident, append-only audit trail (#15).
--
-- 1. Audit rows are never rewritten by a foreign key. The four references were ON DELETE SET NULL /
--    ON UPDATE CASCADE, which rewrote an audit row when the project, task, user or OPD it names was removed
--    or re-keyed. They are now RESTRICT: a row that the audit trail names cannot be deleted (users and OPDs
--    are deactivated, never deleted; projects and tasks are never deleted), and every actor and subject of an
--    event keeps pointing at a real row.
-- 2. Each event is a link of a hash chain in its stream (audit_event_stream): position 1, 2, 3, ... with
--    prev_hash = the hash of the previous event of the stream (64 zeros for the first) and
--    hash = audit_event_hash(row). A BEFORE INSERT trigger fills stream, position, prev_hash and hash for
--    every writer under a per-stream transaction advisory lock; whatever the writer put there is replaced.
-- 3. UPDATE, DELETE and TRUNCATE of audit_event are refused by a trigger (everyone, owner and superuser
--    included, unless triggers are disabled) and by privileges (the application role gotong_app).

ALTER TABLE "audit_event"
  DROP CONSTRAINT "audit_event_project_id_fkey",
  DROP CONSTRAINT "audit_event_task_id_fkey",
  DROP CONSTRAINT "audit_event_actor_user_id_fkey",
  DROP CONSTRAINT "audit_event_actor_agency_id_fkey";
ALTER TABLE "audit_event"
  ADD CONSTRAINT "audit_event_project_id_fkey" FOREIGN KEY ("project_id")
    REFERENCES "joint_project"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
  ADD CONSTRAINT "audit_event_task_id_fkey" FOREIGN KEY ("task_id")
    REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
  ADD CONSTRAINT "audit_event_actor_user_id_fkey" FOREIGN KEY ("actor_user_id")
    REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
  ADD CONSTRAINT "audit_event_actor_agency_id_fkey" FOREIGN KEY ("actor_agency_id")
    REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

ALTER TABLE "audit_event"
  ADD COLUMN "stream" TEXT,
  ADD COLUMN "position" INTEGER,
  ADD COLUMN "prev_hash" TEXT,
  ADD COLUMN "hash" TEXT;

-- The stream of an event: its project's (every task, escalation, incident and resource-request event carries
-- the project id), otherwise the kind of subject its event key starts with (user, agency, acting, template,
-- holiday, indicator, data-conflict, data-collection, ...): `user:<id>:user_created` is in stream `user`.
CREATE FUNCTION audit_event_stream(project_id UUID, event_key TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN project_id IS NOT NULL THEN 'project:' || project_id::text
                    ELSE coalesce(nullif(split_part(event_key, ':', 1), ''), 'regency') END $$;

-- The one definition of an event's hash (the trigger, the backfill below and `npm run audit:verify` all call
-- it): sha256, hex, over the previous hash followed by the row's canonical form, the jsonb text of an array of
-- every column but hash, timestamps in UTC with milliseconds (independent of the session's TimeZone).
CREATE FUNCTION audit_event_hash(e "audit_event") RETURNS TEXT
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT encode(sha256(convert_to(e.prev_hash || jsonb_build_array(
           e.stream, e.position, e.id, e.event_key, e.action, e.project_id, e.task_id, e.actor_user_id,
           e.actor_agency_id, e.detail,
           to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text, 'UTF8')), 'hex') $$;

-- One stream's writers queue here until the transaction that appended before them ends. Two-key advisory
-- locks, so they never meet the application's one-key locks (pg_advisory_xact_lock(hashtext(...))).
CREATE FUNCTION audit_event_lock(stream TEXT) RETURNS VOID
  LANGUAGE sql VOLATILE
  AS $$ SELECT pg_advisory_xact_lock(hashtext('audit_event'), hashtext(stream)) $$;

-- Existing events: chained in the order they were recorded.
UPDATE "audit_event" SET "stream" = audit_event_stream("project_id", "event_key");
DO $$
DECLARE
  r RECORD;
  current_stream TEXT := NULL;
  pos INTEGER := 0;
  prev TEXT;
BEGIN
  FOR r IN SELECT "id", "stream" FROM "audit_event" ORDER BY "stream", "recorded_at", "occurred_at", "id" LOOP
    IF r.stream IS DISTINCT FROM current_stream THEN
      current_stream := r.stream;
      pos := 0;
      prev := repeat('0', 64);
    END IF;
    pos := pos + 1;
    UPDATE "audit_event" SET "position" = pos, "prev_hash" = prev WHERE "id" = r.id;
    UPDATE "audit_event" AS e SET "hash" = audit_event_hash(e) WHERE e."id" = r.id RETURNING e."hash" INTO prev;
  END LOOP;
END $$;

ALTER TABLE "audit_event"
  ALTER COLUMN "stream" SET NOT NULL,
  ALTER COLUMN "position" SET NOT NULL,
  ALTER COLUMN "prev_hash" SET NOT NULL,
  ALTER COLUMN "hash" SET NOT NULL;
CREATE UNIQUE INDEX "audit_event_stream_position_key" ON "audit_event"("stream", "position");

-- Appends the event to its stream. A row that then meets ON CONFLICT DO NOTHING (a retried event key) is not
-- inserted, so the next event reads the same head: duplicates never advance the chain. Under READ COMMITTED
-- each query below sees what the previous holder of the lock committed, and earlier rows of the same
-- statement and transaction; a REPEATABLE READ writer that missed an append fails on the unique index rather
-- than forking the chain.
CREATE FUNCTION audit_event_chain() RETURNS TRIGGER
  LANGUAGE plpgsql VOLATILE
  AS $$
DECLARE
  head RECORD;
BEGIN
  NEW.stream := audit_event_stream(NEW.project_id, NEW.event_key);
  PERFORM audit_event_lock(NEW.stream);
  SELECT e."position", e."hash" INTO head
    FROM "audit_event" AS e WHERE e."stream" = NEW.stream ORDER BY e."position" DESC LIMIT 1;
  NEW.position := coalesce(head.position, 0) + 1;
  NEW.prev_hash := coalesce(head.hash, repeat('0', 64));
  NEW.hash := audit_event_hash(NEW);
  RETURN NEW;
END $$;
CREATE TRIGGER "audit_event_chain" BEFORE INSERT ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

CREATE FUNCTION audit_event_append_only() RETURNS TRIGGER
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'The audit trail is never changed or removed; record a new event instead.';
END $$;
CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- The application role appends and reads, nothing else. The role is cluster-wide and absent from development
-- and test databases; deploy/postgres/init-roles.sh revokes the same again whenever it re-grants privileges.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event" FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'gotong_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event" FROM gotong_app;
  END IF;
END $$;
