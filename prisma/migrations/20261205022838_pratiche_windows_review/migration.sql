-- AlterEnum
ALTER TYPE "ApplicationState" ADD VALUE 'IN_REVIEW' AFTER 'SUBMITTED';

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "privacyAcceptedAt" TIMESTAMPTZ(3),
ADD COLUMN     "reviewStartedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ApplicationWindow" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "type" "ApplicationType" NOT NULL,
    "schoolYear" TEXT,
    "opensOn" DATE NOT NULL,
    "closesOn" DATE NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationSequence" (
    "tenantId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL,

    CONSTRAINT "ApplicationSequence_pkey" PRIMARY KEY ("tenantId","year")
);

-- CreateIndex
CREATE INDEX "ApplicationWindow_tenantId_type_opensOn_idx" ON "ApplicationWindow"("tenantId", "type", "opensOn");

-- AddForeignKey
ALTER TABLE "ApplicationWindow" ADD CONSTRAINT "ApplicationWindow_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationSequence" ADD CONSTRAINT "ApplicationSequence_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
