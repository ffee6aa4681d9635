-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('SIAGA_DARURAT', 'TANGGAP_DARURAT', 'TRANSISI_DARURAT', 'CLOSED');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('RINGAN', 'SEDANG', 'BERAT');

-- CreateEnum
CREATE TYPE "ResourceRequestStatus" AS ENUM ('REQUESTED', 'COMMITTED', 'SENT', 'RECEIVED', 'REFUSED', 'CANCELLED');

-- CreateTable
CREATE TABLE "incident" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "IncidentStatus" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "affected_kecamatan" TEXT[],
    "affected_desa" TEXT[],
    "declared_by_id" UUID NOT NULL,
    "declared_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "summary" JSONB,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_agency" (
    "incident_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "clusters" TEXT[],
    "mobilised_at" TIMESTAMPTZ(3) NOT NULL,
    "released_at" TIMESTAMPTZ(3),

    CONSTRAINT "incident_agency_pkey" PRIMARY KEY ("incident_id","agency_id")
);

-- CreateTable
CREATE TABLE "incident_status_change" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "from_status" "IncidentStatus",
    "to_status" "IncidentStatus" NOT NULL,
    "by_user_id" UUID NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resource_request" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "from_agency_id" UUID NOT NULL,
    "to_agency_id" UUID NOT NULL,
    "item" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit" TEXT NOT NULL,
    "status" "ResourceRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "reason" TEXT,
    "requested_by_id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "resource_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "incident_project_id_key" ON "incident"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "incident_workflow_id_key" ON "incident"("workflow_id");

-- CreateIndex
CREATE INDEX "incident_status_idx" ON "incident"("status");

-- CreateIndex
CREATE INDEX "incident_status_change_incident_id_at_idx" ON "incident_status_change"("incident_id", "at");

-- CreateIndex
CREATE INDEX "resource_request_incident_id_status_idx" ON "resource_request"("incident_id", "status");

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "joint_project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_agency" ADD CONSTRAINT "incident_agency_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_agency" ADD CONSTRAINT "incident_agency_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_status_change" ADD CONSTRAINT "incident_status_change_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_request" ADD CONSTRAINT "resource_request_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_request" ADD CONSTRAINT "resource_request_from_agency_id_fkey" FOREIGN KEY ("from_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_request" ADD CONSTRAINT "resource_request_to_agency_id_fkey" FOREIGN KEY ("to_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
