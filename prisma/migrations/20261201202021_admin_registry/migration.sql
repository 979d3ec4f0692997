-- AlterTable
ALTER TABLE "Guardian" ADD COLUMN     "deactivatedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Student" ADD COLUMN     "deactivatedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "RetiredBadge" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "retiredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredBy" TEXT NOT NULL,

    CONSTRAINT "RetiredBadge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetiredBadge_tenantId_studentId_idx" ON "RetiredBadge"("tenantId", "studentId");

-- CreateIndex
CREATE UNIQUE INDEX "RetiredBadge_tenantId_number_key" ON "RetiredBadge"("tenantId", "number");

-- CreateIndex
CREATE INDEX "Guardian_tenantId_lastName_firstName_idx" ON "Guardian"("tenantId", "lastName", "firstName");

-- CreateIndex
CREATE INDEX "Student_tenantId_lastName_firstName_idx" ON "Student"("tenantId", "lastName", "firstName");

-- CreateIndex
CREATE UNIQUE INDEX "Student_tenantId_fiscalCode_key" ON "Student"("tenantId", "fiscalCode");

-- AddForeignKey
ALTER TABLE "RetiredBadge" ADD CONSTRAINT "RetiredBadge_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetiredBadge" ADD CONSTRAINT "RetiredBadge_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
