-- The command's resolution of a sitrep conflict (issue #17): the figure that counts for one desa and field of
-- an incident, picked from one OPD or entered as verified with a note. The roll-up counts the latest one of a
-- cell until an OPD reports that cell again.
CREATE TABLE "sitrep_resolution" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "desa_code" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "agency_code" TEXT,
    "note" TEXT,
    "resolved_by_id" UUID NOT NULL,
    "resolved_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sitrep_resolution_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "sitrep_resolution_incident_id_resolved_at_idx" ON "sitrep_resolution"("incident_id", "resolved_at");

ALTER TABLE "sitrep_resolution" ADD CONSTRAINT "sitrep_resolution_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
