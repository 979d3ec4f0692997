-- CreateEnum
CREATE TYPE "NewsStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ContactStatus" AS ENUM ('NEW', 'IN_PROGRESS', 'CLOSED');

-- CreateEnum
CREATE TYPE "ContactEventKind" AS ENUM ('REPLY', 'STATUS', 'ASSIGNMENT');

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "pushTokenHash" TEXT,
ADD COLUMN     "pushTokenSetAt" TIMESTAMPTZ(3),
ADD COLUMN     "topUpMaxCents" INTEGER,
ADD COLUMN     "topUpMinCents" INTEGER;

-- AlterTable
ALTER TABLE "News" ADD COLUMN     "createdBy" TEXT,
ADD COLUMN     "publishUntil" TIMESTAMPTZ(3),
ADD COLUMN     "status" "NewsStatus" NOT NULL DEFAULT 'PUBLISHED',
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3);

-- AlterTable: messages already handled become CLOSED, and handledAt/handledBy move into the history (no semicolons in comments: the engine splits on them)
ALTER TABLE "ContactMessage" ADD COLUMN     "assignedToId" UUID,
ADD COLUMN     "status" "ContactStatus" NOT NULL DEFAULT 'NEW',
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3);
UPDATE "ContactMessage" SET "status" = 'CLOSED', "updatedAt" = "handledAt" WHERE "handledAt" IS NOT NULL;

-- AlterTable
ALTER TABLE "LocalAccount" ADD COLUMN     "disabledAt" TIMESTAMPTZ(3),
ADD COLUMN     "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "after" JSONB,
ADD COLUMN     "before" JSONB;

-- CreateTable
CREATE TABLE "TenantLogo" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TenantLogo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "kind" "ContactEventKind" NOT NULL,
    "authorId" UUID,
    "authorName" TEXT NOT NULL,
    "body" TEXT,
    "status" "ContactStatus",
    "assignedTo" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ContactEvent_pkey" PRIMARY KEY ("id")
);

INSERT INTO "ContactEvent" ("id", "tenantId", "messageId", "kind", "authorName", "status", "at")
SELECT gen_random_uuid(), "tenantId", "id", 'STATUS', COALESCE("handledBy", ''), 'CLOSED', "handledAt"
FROM "ContactMessage" WHERE "handledAt" IS NOT NULL;
ALTER TABLE "ContactMessage" DROP COLUMN "handledAt", DROP COLUMN "handledBy";

-- CreateIndex
CREATE UNIQUE INDEX "TenantLogo_tenantId_key" ON "TenantLogo"("tenantId");

-- CreateIndex
CREATE INDEX "ContactEvent_tenantId_messageId_at_idx" ON "ContactEvent"("tenantId", "messageId", "at");

-- CreateIndex
CREATE INDEX "News_tenantId_schoolId_idx" ON "News"("tenantId", "schoolId");

-- CreateIndex
CREATE INDEX "ContactMessage_tenantId_status_createdAt_idx" ON "ContactMessage"("tenantId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ContactMessage_tenantId_guardianId_idx" ON "ContactMessage"("tenantId", "guardianId");

-- CreateIndex
CREATE INDEX "ContactMessage_tenantId_studentId_idx" ON "ContactMessage"("tenantId", "studentId");

-- CreateIndex
CREATE INDEX "ContactMessage_tenantId_assignedToId_idx" ON "ContactMessage"("tenantId", "assignedToId");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_actorId_at_idx" ON "AuditEvent"("tenantId", "actorId", "at");

-- AddForeignKey
ALTER TABLE "TenantLogo" ADD CONSTRAINT "TenantLogo_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactMessage" ADD CONSTRAINT "ContactMessage_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "LocalAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactEvent" ADD CONSTRAINT "ContactEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactEvent" ADD CONSTRAINT "ContactEvent_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "ContactMessage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
