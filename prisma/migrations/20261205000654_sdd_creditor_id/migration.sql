-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "sddCreditorId" TEXT;
