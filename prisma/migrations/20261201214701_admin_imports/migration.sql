-- CreateEnum
CREATE TYPE "InvoiceKind" AS ENUM ('SERVICE', 'OPENING_BALANCE');

-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('FAMILIES', 'ENROLLMENTS', 'OPENING_BALANCES');

-- CreateEnum
CREATE TYPE "ImportState" AS ENUM ('CHECKED', 'QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "WalletMovement" ADD COLUMN     "importRef" TEXT;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "importRef" TEXT,
ADD COLUMN     "kind" "InvoiceKind" NOT NULL DEFAULT 'SERVICE';

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" "ImportKind" NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "state" "ImportState" NOT NULL DEFAULT 'CHECKED',
    "rowsTotal" INTEGER NOT NULL,
    "rowsDone" INTEGER NOT NULL DEFAULT 0,
    "totals" JSONB NOT NULL,
    "outcomes" JSONB NOT NULL,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportBatch_tenantId_createdAt_idx" ON "ImportBatch"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WalletMovement_tenantId_importRef_key" ON "WalletMovement"("tenantId", "importRef");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_tenantId_importRef_key" ON "Invoice"("tenantId", "importRef");

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
