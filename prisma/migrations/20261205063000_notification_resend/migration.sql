-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "resentAt" TIMESTAMPTZ(3);
