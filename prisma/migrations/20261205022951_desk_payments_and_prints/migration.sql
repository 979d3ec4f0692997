-- CreateEnum
CREATE TYPE "DeskPaymentMethod" AS ENUM ('CASH', 'POS');

-- CreateEnum
CREATE TYPE "DeskPrintState" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- AlterEnum
ALTER TYPE "ReceiptFlag" ADD VALUE 'PAID_AT_DESK';

-- CreateTable
CREATE TABLE "DeskPayment" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "noticeId" UUID NOT NULL,
    "method" "DeskPaymentMethod" NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "paidAt" TIMESTAMPTZ(3) NOT NULL,
    "paidOn" DATE NOT NULL,
    "cashierId" UUID,
    "cashierName" TEXT NOT NULL,
    "guardianId" UUID NOT NULL,

    CONSTRAINT "DeskPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeskPrint" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "period" TEXT,
    "schoolId" UUID,
    "classId" UUID,
    "state" "DeskPrintState" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "filePath" TEXT,
    "sizeBytes" INTEGER,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DeskPrint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DeskPayment_noticeId_key" ON "DeskPayment"("noticeId");

-- CreateIndex
CREATE INDEX "DeskPayment_tenantId_paidOn_cashierName_idx" ON "DeskPayment"("tenantId", "paidOn", "cashierName");

-- CreateIndex
CREATE INDEX "DeskPayment_guardianId_idx" ON "DeskPayment"("guardianId");

-- CreateIndex
CREATE INDEX "DeskPrint_tenantId_createdAt_idx" ON "DeskPrint"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "DeskPrint_schoolId_idx" ON "DeskPrint"("schoolId");

-- CreateIndex
CREATE INDEX "DeskPrint_classId_idx" ON "DeskPrint"("classId");

-- CreateIndex
CREATE INDEX "PaymentNotice_tenantId_state_debtorName_debtorFiscalCode_id_idx" ON "PaymentNotice"("tenantId", "state", "debtorName", "debtorFiscalCode", "id");

-- AddForeignKey
ALTER TABLE "DeskPayment" ADD CONSTRAINT "DeskPayment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeskPayment" ADD CONSTRAINT "DeskPayment_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "PaymentNotice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeskPayment" ADD CONSTRAINT "DeskPayment_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeskPrint" ADD CONSTRAINT "DeskPrint_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeskPrint" ADD CONSTRAINT "DeskPrint_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeskPrint" ADD CONSTRAINT "DeskPrint_classId_fkey" FOREIGN KEY ("classId") REFERENCES "SchoolClass"("id") ON DELETE SET NULL ON UPDATE CASCADE;
