-- Rate-limit buckets counted in PostgreSQL while Redis is down, shared by every API replica.
-- CreateTable
CREATE TABLE "rate_limit_bucket" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "window_ends" TIMESTAMPTZ(3) NOT NULL,
    "blocked_until" TIMESTAMPTZ(3),

    CONSTRAINT "rate_limit_bucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "rate_limit_bucket_window_ends_idx" ON "rate_limit_bucket"("window_ends");
