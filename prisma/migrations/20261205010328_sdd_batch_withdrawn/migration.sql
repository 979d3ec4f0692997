-- AlterTable
ALTER TABLE "SddBatch" ADD COLUMN     "withdrawnAt" TIMESTAMPTZ(3),
ADD COLUMN     "withdrawnBy" TEXT;
