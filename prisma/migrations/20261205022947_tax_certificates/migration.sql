-- CreateEnum
CREATE TYPE "TaxCertificateRunState" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "TaxCertificateRun" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "state" "TaxCertificateRunState" NOT NULL DEFAULT 'QUEUED',
    "studentsTotal" INTEGER NOT NULL DEFAULT 0,
    "studentsDone" INTEGER NOT NULL DEFAULT 0,
    "certificates" INTEGER NOT NULL DEFAULT 0,
    "totalCents" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "TaxCertificateRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaxCertificate" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "totalCents" INTEGER NOT NULL,
    "payments" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaxCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TaxCertificateRun_tenantId_year_idx" ON "TaxCertificateRun"("tenantId", "year");

-- CreateIndex
CREATE INDEX "TaxCertificate_runId_idx" ON "TaxCertificate"("runId");

-- CreateIndex
CREATE INDEX "TaxCertificate_studentId_idx" ON "TaxCertificate"("studentId");

-- CreateIndex
CREATE UNIQUE INDEX "TaxCertificate_tenantId_runId_studentId_key" ON "TaxCertificate"("tenantId", "runId", "studentId");

-- AddForeignKey
ALTER TABLE "TaxCertificateRun" ADD CONSTRAINT "TaxCertificateRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaxCertificate" ADD CONSTRAINT "TaxCertificate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaxCertificate" ADD CONSTRAINT "TaxCertificate_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TaxCertificateRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaxCertificate" ADD CONSTRAINT "TaxCertificate_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
