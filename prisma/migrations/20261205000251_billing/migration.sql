-- CreateEnum
CREATE TYPE "DirectDebitState" AS ENUM ('NONE', 'IN_COLLECTION', 'COLLECTED', 'RETURNED');

-- CreateEnum
CREATE TYPE "BillingRunKind" AS ENUM ('INVOICES', 'STATEMENTS');

-- CreateEnum
CREATE TYPE "BillingRunState" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED');

-- AlterEnum
ALTER TYPE "InvoiceKind" ADD VALUE 'CREDIT_NOTE';

-- DropForeignKey
ALTER TABLE "Invoice" DROP CONSTRAINT "Invoice_studentId_fkey";

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "billingKey" TEXT,
ADD COLUMN     "billingRunId" UUID,
ADD COLUMN     "creditedInvoiceId" UUID,
ADD COLUMN     "directDebit" "DirectDebitState" NOT NULL DEFAULT 'NONE',
ADD COLUMN     "directDebitOn" DATE,
ADD COLUMN     "directDebitReason" TEXT,
ADD COLUMN     "sddBatchId" UUID,
ALTER COLUMN "studentId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "InvoiceLine" ADD COLUMN     "studentId" UUID;

-- CreateTable
CREATE TABLE "InvoiceSequence" (
    "tenantId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL,

    CONSTRAINT "InvoiceSequence_pkey" PRIMARY KEY ("tenantId","year")
);

-- CreateTable
CREATE TABLE "BillingRun" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "kind" "BillingRunKind" NOT NULL,
    "instalment" INTEGER,
    "state" "BillingRunState" NOT NULL DEFAULT 'QUEUED',
    "previewTotals" JSONB NOT NULL,
    "familiesTotal" INTEGER NOT NULL,
    "familiesDone" INTEGER NOT NULL DEFAULT 0,
    "noticesTotal" INTEGER NOT NULL DEFAULT 0,
    "noticesDone" INTEGER NOT NULL DEFAULT 0,
    "totalCents" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelledBy" TEXT,

    CONSTRAINT "BillingRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingAdjustment" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "guardianId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "studentId" UUID,
    "amountCents" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "invoiceId" UUID,
    "bookingId" UUID,
    "appliedInvoiceId" UUID,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SddMandate" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "guardianId" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "iban" TEXT NOT NULL,
    "bic" TEXT,
    "debtorName" TEXT NOT NULL,
    "signedOn" DATE NOT NULL,
    "firstCollectedOn" DATE,
    "revokedAt" TIMESTAMPTZ(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SddMandate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SddBatch" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "billingRunId" UUID,
    "messageId" TEXT NOT NULL,
    "collectionOn" DATE NOT NULL,
    "count" INTEGER NOT NULL,
    "totalCents" INTEGER NOT NULL,
    "xml" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SddBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SddBatchItem" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "batchId" UUID NOT NULL,
    "mandateId" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "endToEndId" TEXT NOT NULL,
    "sequenceType" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,

    CONSTRAINT "SddBatchItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BillingRun_tenantId_serviceId_period_idx" ON "BillingRun"("tenantId", "serviceId", "period");

-- CreateIndex
CREATE INDEX "BillingRun_serviceId_idx" ON "BillingRun"("serviceId");

-- CreateIndex
CREATE INDEX "BillingAdjustment_tenantId_guardianId_serviceId_idx" ON "BillingAdjustment"("tenantId", "guardianId", "serviceId");

-- CreateIndex
CREATE INDEX "BillingAdjustment_guardianId_idx" ON "BillingAdjustment"("guardianId");

-- CreateIndex
CREATE INDEX "BillingAdjustment_serviceId_idx" ON "BillingAdjustment"("serviceId");

-- CreateIndex
CREATE INDEX "BillingAdjustment_studentId_idx" ON "BillingAdjustment"("studentId");

-- CreateIndex
CREATE INDEX "BillingAdjustment_invoiceId_idx" ON "BillingAdjustment"("invoiceId");

-- CreateIndex
CREATE INDEX "BillingAdjustment_bookingId_idx" ON "BillingAdjustment"("bookingId");

-- CreateIndex
CREATE INDEX "BillingAdjustment_appliedInvoiceId_idx" ON "BillingAdjustment"("appliedInvoiceId");

-- CreateIndex
CREATE INDEX "SddMandate_tenantId_guardianId_idx" ON "SddMandate"("tenantId", "guardianId");

-- CreateIndex
CREATE INDEX "SddMandate_guardianId_idx" ON "SddMandate"("guardianId");

-- CreateIndex
CREATE UNIQUE INDEX "SddMandate_tenantId_reference_key" ON "SddMandate"("tenantId", "reference");

-- CreateIndex
CREATE INDEX "SddBatch_billingRunId_idx" ON "SddBatch"("billingRunId");

-- CreateIndex
CREATE UNIQUE INDEX "SddBatch_tenantId_messageId_key" ON "SddBatch"("tenantId", "messageId");

-- CreateIndex
CREATE INDEX "SddBatchItem_batchId_idx" ON "SddBatchItem"("batchId");

-- CreateIndex
CREATE INDEX "SddBatchItem_mandateId_idx" ON "SddBatchItem"("mandateId");

-- CreateIndex
CREATE INDEX "SddBatchItem_invoiceId_idx" ON "SddBatchItem"("invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "SddBatchItem_tenantId_endToEndId_key" ON "SddBatchItem"("tenantId", "endToEndId");

-- CreateIndex
CREATE INDEX "Invoice_tenantId_billingRunId_idx" ON "Invoice"("tenantId", "billingRunId");

-- CreateIndex
CREATE INDEX "Invoice_tenantId_sddBatchId_idx" ON "Invoice"("tenantId", "sddBatchId");

-- CreateIndex
CREATE INDEX "Invoice_billingRunId_idx" ON "Invoice"("billingRunId");

-- CreateIndex
CREATE INDEX "Invoice_creditedInvoiceId_idx" ON "Invoice"("creditedInvoiceId");

-- CreateIndex
CREATE INDEX "Invoice_sddBatchId_idx" ON "Invoice"("sddBatchId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_tenantId_billingKey_key" ON "Invoice"("tenantId", "billingKey");

-- CreateIndex
CREATE INDEX "InvoiceLine_studentId_idx" ON "InvoiceLine"("studentId");

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_billingRunId_fkey" FOREIGN KEY ("billingRunId") REFERENCES "BillingRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_creditedInvoiceId_fkey" FOREIGN KEY ("creditedInvoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_sddBatchId_fkey" FOREIGN KEY ("sddBatchId") REFERENCES "SddBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceSequence" ADD CONSTRAINT "InvoiceSequence_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingRun" ADD CONSTRAINT "BillingRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingRun" ADD CONSTRAINT "BillingRun_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAdjustment" ADD CONSTRAINT "BillingAdjustment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAdjustment" ADD CONSTRAINT "BillingAdjustment_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAdjustment" ADD CONSTRAINT "BillingAdjustment_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAdjustment" ADD CONSTRAINT "BillingAdjustment_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAdjustment" ADD CONSTRAINT "BillingAdjustment_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAdjustment" ADD CONSTRAINT "BillingAdjustment_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAdjustment" ADD CONSTRAINT "BillingAdjustment_appliedInvoiceId_fkey" FOREIGN KEY ("appliedInvoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SddMandate" ADD CONSTRAINT "SddMandate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SddMandate" ADD CONSTRAINT "SddMandate_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SddBatch" ADD CONSTRAINT "SddBatch_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SddBatch" ADD CONSTRAINT "SddBatch_billingRunId_fkey" FOREIGN KEY ("billingRunId") REFERENCES "BillingRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SddBatchItem" ADD CONSTRAINT "SddBatchItem_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SddBatchItem" ADD CONSTRAINT "SddBatchItem_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "SddBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SddBatchItem" ADD CONSTRAINT "SddBatchItem_mandateId_fkey" FOREIGN KEY ("mandateId") REFERENCES "SddMandate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
