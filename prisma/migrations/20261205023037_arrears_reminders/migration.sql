-- CreateEnum
CREATE TYPE "ReminderBatchState" AS ENUM ('QUEUED', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "ReminderChannel" AS ENUM ('LETTER', 'EMAIL');

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "collectionAfterDays" INTEGER NOT NULL DEFAULT 180,
ADD COLUMN     "collectionAfterReminders" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "reenrolmentArrearsCents" INTEGER NOT NULL DEFAULT 10000,
ADD COLUMN     "reenrolmentArrearsDays" INTEGER NOT NULL DEFAULT 60;

-- CreateTable
CREATE TABLE "ReminderBatch" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "guardianIds" UUID[],
    "state" "ReminderBatchState" NOT NULL DEFAULT 'QUEUED',
    "letters" INTEGER NOT NULL DEFAULT 0,
    "pdf" BYTEA,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ReminderBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "guardianId" UUID NOT NULL,
    "batchId" UUID,
    "channel" "ReminderChannel" NOT NULL,
    "sentOn" DATE NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReminderItem" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "reminderId" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "dueCents" INTEGER NOT NULL,

    CONSTRAINT "ReminderItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReminderBatch_tenantId_createdAt_idx" ON "ReminderBatch"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Reminder_tenantId_guardianId_sentOn_idx" ON "Reminder"("tenantId", "guardianId", "sentOn");

-- CreateIndex
CREATE INDEX "Reminder_guardianId_idx" ON "Reminder"("guardianId");

-- CreateIndex
CREATE INDEX "Reminder_batchId_idx" ON "Reminder"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_tenantId_batchId_guardianId_channel_key" ON "Reminder"("tenantId", "batchId", "guardianId", "channel");

-- CreateIndex
CREATE INDEX "ReminderItem_tenantId_invoiceId_idx" ON "ReminderItem"("tenantId", "invoiceId");

-- CreateIndex
CREATE INDEX "ReminderItem_reminderId_idx" ON "ReminderItem"("reminderId");

-- CreateIndex
CREATE INDEX "ReminderItem_invoiceId_idx" ON "ReminderItem"("invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderItem_tenantId_reminderId_invoiceId_key" ON "ReminderItem"("tenantId", "reminderId", "invoiceId");

-- CreateIndex
CREATE INDEX "Invoice_tenantId_state_dueOn_idx" ON "Invoice"("tenantId", "state", "dueOn");

-- AddForeignKey
ALTER TABLE "ReminderBatch" ADD CONSTRAINT "ReminderBatch_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ReminderBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderItem" ADD CONSTRAINT "ReminderItem_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderItem" ADD CONSTRAINT "ReminderItem_reminderId_fkey" FOREIGN KEY ("reminderId") REFERENCES "Reminder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderItem" ADD CONSTRAINT "ReminderItem_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
