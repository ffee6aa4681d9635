-- CreateTable
CREATE TABLE "data_collection" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "indicators" TEXT[],
    "areas" TEXT[],
    "periodicity" TEXT NOT NULL,
    "deadline_working_days" INTEGER NOT NULL,
    "first_period" TEXT NOT NULL,
    "schedule_id" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "data_collection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_collection_period" (
    "collection_id" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "request_id" UUID NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_collection_period_pkey" PRIMARY KEY ("collection_id","period")
);

-- CreateIndex
CREATE UNIQUE INDEX "data_collection_schedule_id_key" ON "data_collection"("schedule_id");

-- CreateIndex
CREATE UNIQUE INDEX "data_collection_period_request_id_key" ON "data_collection_period"("request_id");

-- AddForeignKey
ALTER TABLE "data_collection_period" ADD CONSTRAINT "data_collection_period_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "data_collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
