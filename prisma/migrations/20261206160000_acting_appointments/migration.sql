-- CreateEnum
CREATE TYPE "ActingTitle" AS ENUM ('PLT', 'PLH');

-- CreateEnum
CREATE TYPE "ActingPostKind" AS ENUM ('AGENCY_HEAD', 'SEKDA');

-- CreateTable
CREATE TABLE "acting_appointment" (
    "id" UUID NOT NULL,
    "post_kind" "ActingPostKind" NOT NULL,
    "agency_id" UUID,
    "title" "ActingTitle" NOT NULL,
    "acting_user_id" UUID NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "appointed_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "ended_by_id" UUID,

    CONSTRAINT "acting_appointment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "acting_appointment_acting_user_id_ends_on_idx" ON "acting_appointment"("acting_user_id", "ends_on");

-- CreateIndex
CREATE INDEX "acting_appointment_post_kind_agency_id_ends_on_idx" ON "acting_appointment"("post_kind", "agency_id", "ends_on");

-- AddForeignKey
ALTER TABLE "acting_appointment" ADD CONSTRAINT "acting_appointment_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "acting_appointment" ADD CONSTRAINT "acting_appointment_acting_user_id_fkey" FOREIGN KEY ("acting_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "acting_appointment" ADD CONSTRAINT "acting_appointment_appointed_by_id_fkey" FOREIGN KEY ("appointed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "acting_appointment" ADD CONSTRAINT "acting_appointment_ended_by_id_fkey" FOREIGN KEY ("ended_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
