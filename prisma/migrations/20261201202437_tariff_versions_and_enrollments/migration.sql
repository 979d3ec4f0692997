-- Tariff versions (a band valid from a date), service billing modes, enrollments with DSU, rientri, exemption
-- and withdrawal. The sibling rank and the band are derived on each day instead of stored.

-- CreateEnum
CREATE TYPE "ServiceBilling" AS ENUM ('PREPAID', 'POSTPAID', 'FLAT_MONTHLY', 'FLAT_INSTALMENTS');

-- AlterEnum
ALTER TYPE "TariffUnit" ADD VALUE 'PER_YEAR';

-- DropForeignKey
ALTER TABLE "Enrollment" DROP CONSTRAINT "Enrollment_tariffId_fkey";

-- DropIndex
DROP INDEX "Tariff_tenantId_serviceId_schoolYear_code_key";

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "billingMode" "ServiceBilling" NOT NULL DEFAULT 'PREPAID',
ADD COLUMN     "instalments" INTEGER;

-- AlterTable
ALTER TABLE "Tariff" ADD COLUMN     "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "laterSiblingReductionPct" INTEGER,
ADD COLUMN     "validFrom" DATE;
-- existing bands are the first version of their school year: valid from 1 September
UPDATE "Tariff" SET "validFrom" = make_date(left("schoolYear", 4)::int, 9, 1);
ALTER TABLE "Tariff" ALTER COLUMN "validFrom" SET NOT NULL;
UPDATE "Service" s SET "billingMode" = t."billingMode"::text::"ServiceBilling" FROM "Tenant" t WHERE t.id = s."tenantId" AND s.kind = 'CANTEEN';
UPDATE "Service" SET "billingMode" = 'FLAT_MONTHLY' WHERE kind <> 'CANTEEN';

-- AlterTable
ALTER TABLE "Enrollment" DROP COLUMN "siblingRank",
DROP COLUMN "tariffId",
ADD COLUMN     "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "dsuProtocol" TEXT,
ADD COLUMN     "exemptionReason" TEXT,
ADD COLUMN     "mealWeekdays" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "withdrawalReason" TEXT,
ADD COLUMN     "withdrawnOn" DATE;

-- CreateIndex
CREATE UNIQUE INDEX "Tariff_tenantId_serviceId_schoolYear_code_validFrom_key" ON "Tariff"("tenantId", "serviceId", "schoolYear", "code", "validFrom");

-- CreateIndex
CREATE INDEX "Enrollment_tenantId_serviceId_schoolYear_idx" ON "Enrollment"("tenantId", "serviceId", "schoolYear");

-- CreateIndex
CREATE INDEX "Enrollment_tenantId_classId_idx" ON "Enrollment"("tenantId", "classId");
