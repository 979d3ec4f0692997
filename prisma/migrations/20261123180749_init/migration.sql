-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "BillingMode" AS ENUM ('PREPAID', 'POSTPAID');

-- CreateEnum
CREATE TYPE "SchoolKind" AS ENUM ('INFANZIA', 'PRIMARIA', 'SECONDARIA');

-- CreateEnum
CREATE TYPE "ClosureKind" AS ENUM ('HOLIDAY', 'BREAK', 'BRIDGE', 'EXTRAORDINARY');

-- CreateEnum
CREATE TYPE "Course" AS ENUM ('FIRST', 'SECOND', 'SIDE', 'FRUIT', 'DESSERT', 'SNACK');

-- CreateEnum
CREATE TYPE "ServiceKind" AS ENUM ('CANTEEN', 'SCHOOL_BUS', 'PRE_SCHOOL', 'POST_SCHOOL');

-- CreateEnum
CREATE TYPE "TariffUnit" AS ENUM ('PER_MEAL', 'PER_MONTH');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('PAGOPA', 'SDD');

-- CreateEnum
CREATE TYPE "InvoiceDelivery" AS ENUM ('PORTAL', 'EMAIL', 'POST');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('M', 'F');

-- CreateEnum
CREATE TYPE "BadgeState" AS ENUM ('ACTIVE', 'SUSPENDED', 'CLOSED');

-- CreateEnum
CREATE TYPE "EnrollmentState" AS ENUM ('ACTIVE', 'ENDED');

-- CreateEnum
CREATE TYPE "MealStatus" AS ENUM ('PRESENT', 'ABSENT', 'BLAND');

-- CreateEnum
CREATE TYPE "WalletMovementKind" AS ENUM ('OPENING', 'TOP_UP', 'MEAL', 'CORRECTION', 'REFUND');

-- CreateEnum
CREATE TYPE "InvoiceState" AS ENUM ('ISSUED', 'PARTIALLY_PAID', 'PAID', 'CANCELLED');

-- CreateEnum
CREATE TYPE "NoticeState" AS ENUM ('DRAFT', 'VALID', 'PAID', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "NoticePurpose" AS ENUM ('INVOICE', 'TOP_UP', 'SPONTANEOUS');

-- CreateEnum
CREATE TYPE "ReceiptStatus" AS ENUM ('APPLIED', 'FLAGGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "ReceiptFlag" AS ENUM ('UNKNOWN_NOTICE', 'NOTICE_CANCELLED', 'NOTICE_EXPIRED', 'WRONG_AMOUNT', 'ALREADY_PAID', 'NEGATIVE_OUTCOME');

-- CreateEnum
CREATE TYPE "CartState" AS ENUM ('OPEN', 'REDIRECTED', 'RETURNED_OK', 'RETURNED_CANCEL', 'RETURNED_ERROR', 'COMPLETED');

-- CreateEnum
CREATE TYPE "ApplicationType" AS ENUM ('ENROLLMENT', 'DIET', 'RESIDENCE', 'PAYMENT_METHOD', 'CERTIFICATE');

-- CreateEnum
CREATE TYPE "ApplicationState" AS ENUM ('DRAFT', 'SUBMITTED', 'ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "NewsSource" AS ENUM ('COMUNE', 'CATERER');

-- CreateEnum
CREATE TYPE "ContactKind" AS ENUM ('CONTACT', 'DATA_ERROR');

-- CreateEnum
CREATE TYPE "AttachmentKind" AS ENUM ('TAX_CERTIFICATE', 'DIET_CERTIFICATE', 'INVOICE_PDF', 'APPLICATION_DOCUMENT', 'OTHER');

-- CreateEnum
CREATE TYPE "AccountRole" AS ENUM ('ADMIN', 'CLERK', 'CASHIER', 'CATERER', 'COMPANY');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "province" TEXT NOT NULL,
    "fiscalCode" TEXT NOT NULL,
    "ipaCode" TEXT NOT NULL,
    "cadastralCode" TEXT NOT NULL,
    "segregationCode" CHAR(2) NOT NULL,
    "cbillCode" TEXT,
    "postalAccount" TEXT,
    "iban" TEXT NOT NULL,
    "billingMode" "BillingMode" NOT NULL,
    "cutoffTime" TEXT NOT NULL DEFAULT '09:00',
    "spidLevel" INTEGER NOT NULL DEFAULT 2,
    "officeName" TEXT NOT NULL,
    "officeEmail" TEXT NOT NULL,
    "officePhone" TEXT NOT NULL,
    "officeAddress" TEXT NOT NULL,
    "officeHours" TEXT NOT NULL,
    "websiteUrl" TEXT NOT NULL,
    "samlPrivateKeyPem" TEXT,
    "samlCertificatePem" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "School" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SchoolKind" NOT NULL,
    "address" TEXT NOT NULL,

    CONSTRAINT "School_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchoolClass" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "mealWeekdays" INTEGER[],

    CONSTRAINT "SchoolClass_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceCalendar" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "schoolYear" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,

    CONSTRAINT "ServiceCalendar_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClosureDay" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "kind" "ClosureKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClosureDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MenuDay" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "date" DATE NOT NULL,

    CONSTRAINT "MenuDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MenuDish" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "menuDayId" UUID NOT NULL,
    "course" "Course" NOT NULL,
    "name" TEXT NOT NULL,
    "allergens" INTEGER[],
    "dietCode" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MenuDish_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ServiceKind" NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tariff" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "schoolYear" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "unit" "TariffUnit" NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "iseeFromCents" INTEGER,
    "iseeToCents" INTEGER,
    "siblingReductionPct" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Tariff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Guardian" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "fiscalCode" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "isCompany" BOOLEAN NOT NULL DEFAULT false,
    "email" TEXT,
    "phone" TEXT,
    "residenceCity" TEXT,
    "residenceZip" TEXT,
    "residenceProv" TEXT,
    "residenceStreet" TEXT,
    "paymentMethod" "PaymentMethod" NOT NULL DEFAULT 'PAGOPA',
    "iban" TEXT,
    "invoiceDelivery" "InvoiceDelivery" NOT NULL DEFAULT 'PORTAL',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Guardian_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delegate" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "guardianId" UUID NOT NULL,
    "fiscalCode" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Delegate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Student" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "guardianId" UUID NOT NULL,
    "fiscalCode" TEXT,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "birthPlace" TEXT NOT NULL,
    "birthProvince" TEXT NOT NULL,
    "sex" "Sex" NOT NULL,
    "residenceCity" TEXT NOT NULL,
    "residenceZip" TEXT NOT NULL,
    "residenceProv" TEXT NOT NULL,
    "residenceStreet" TEXT NOT NULL,
    "badgeNumber" TEXT NOT NULL,
    "badgeState" "BadgeState" NOT NULL DEFAULT 'ACTIVE',
    "schoolId" UUID NOT NULL,
    "classId" UUID,

    CONSTRAINT "Student_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrollment" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "schoolYear" TEXT NOT NULL,
    "schoolId" UUID NOT NULL,
    "classId" UUID,
    "tariffId" UUID NOT NULL,
    "iseeCents" INTEGER,
    "siblingRank" INTEGER NOT NULL DEFAULT 1,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "dietCode" TEXT,
    "dietNote" TEXT,
    "state" "EnrollmentState" NOT NULL DEFAULT 'ACTIVE',

    CONSTRAINT "Enrollment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "status" "MealStatus" NOT NULL,
    "requestedAt" TIMESTAMPTZ(3),
    "requestedBy" TEXT,
    "closedAt" TIMESTAMPTZ(3),
    "chargedCents" INTEGER,
    "invoiceId" UUID,
    "correctedAt" TIMESTAMPTZ(3),
    "correctedBy" TEXT,
    "correctionWhy" TEXT,

    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProlongedAbsence" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "ProlongedAbsence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceDayClosing" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "closedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mealsCharged" INTEGER NOT NULL,

    CONSTRAINT "ServiceDayClosing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Wallet" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,

    CONSTRAINT "Wallet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WalletMovement" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "walletId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "kind" "WalletMovementKind" NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "bookingId" UUID,
    "receiptId" UUID,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "WalletMovement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "issuedOn" DATE NOT NULL,
    "dueOn" DATE NOT NULL,
    "guardianId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "serviceId" UUID,
    "period" TEXT,
    "description" TEXT NOT NULL,
    "totalCents" INTEGER NOT NULL,
    "paidCents" INTEGER NOT NULL DEFAULT 0,
    "state" "InvoiceState" NOT NULL DEFAULT 'ISSUED',
    "sentToCollectionOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceLine" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitCents" INTEGER NOT NULL,
    "amountCents" INTEGER NOT NULL,

    CONSTRAINT "InvoiceLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentNotice" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "noticeNumber" CHAR(18) NOT NULL,
    "iuv" CHAR(17) NOT NULL,
    "iupd" TEXT NOT NULL,
    "purpose" "NoticePurpose" NOT NULL,
    "state" "NoticeState" NOT NULL DEFAULT 'DRAFT',
    "amountCents" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "dueOn" DATE,
    "debtorFiscalCode" TEXT NOT NULL,
    "debtorName" TEXT NOT NULL,
    "studentId" UUID,
    "walletId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "paidAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),

    CONSTRAINT "PaymentNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentNoticeItem" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "noticeId" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "amountCents" INTEGER NOT NULL,

    CONSTRAINT "PaymentNoticeItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Receipt" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "receiptId" TEXT NOT NULL,
    "noticeNumber" TEXT NOT NULL,
    "iuv" TEXT NOT NULL,
    "noticeId" UUID,
    "outcome" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "feeCents" INTEGER,
    "pspId" TEXT,
    "pspName" TEXT,
    "paidAt" TIMESTAMPTZ(3) NOT NULL,
    "payerFiscalCode" TEXT,
    "payerName" TEXT,
    "status" "ReceiptStatus" NOT NULL,
    "flag" "ReceiptFlag",
    "resolution" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Receipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckoutCart" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "guardianId" UUID NOT NULL,
    "state" "CartState" NOT NULL DEFAULT 'OPEN',
    "totalCents" INTEGER NOT NULL,
    "checkoutUrl" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "returnedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CheckoutCart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckoutCartNotice" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "cartId" UUID NOT NULL,
    "noticeId" UUID NOT NULL,

    CONSTRAINT "CheckoutCartNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Application" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "type" "ApplicationType" NOT NULL,
    "state" "ApplicationState" NOT NULL DEFAULT 'DRAFT',
    "guardianId" UUID NOT NULL,
    "studentId" UUID,
    "schoolYear" TEXT,
    "payload" JSONB NOT NULL,
    "protocolNumber" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMPTZ(3),
    "decidedAt" TIMESTAMPTZ(3),
    "decidedBy" TEXT,
    "outcomeNote" TEXT,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "News" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "schoolId" UUID,
    "source" "NewsSource" NOT NULL DEFAULT 'COMUNE',
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "News_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactMessage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" "ContactKind" NOT NULL,
    "guardianId" UUID,
    "studentId" UUID,
    "fromFiscalCode" TEXT NOT NULL,
    "fromName" TEXT NOT NULL,
    "replyEmail" TEXT,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" TIMESTAMPTZ(3),
    "handledBy" TEXT,

    CONSTRAINT "ContactMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" "AttachmentKind" NOT NULL,
    "studentId" UUID,
    "invoiceId" UUID,
    "applicationId" UUID,
    "title" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocalAccount" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "AccountRole" NOT NULL,
    "fullName" TEXT NOT NULL,
    "fiscalCode" TEXT,
    "guardianId" UUID,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastLoginAt" TIMESTAMPTZ(3),
    "passwordChangedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocalAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "details" JSONB,
    "requestId" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SamlRequest" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "requestId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SamlRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SamlAssertionSeen" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "assertionId" TEXT NOT NULL,
    "seenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SamlAssertionSeen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "sid" VARCHAR NOT NULL,
    "sess" JSON NOT NULL,
    "expire" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "School_tenantId_code_key" ON "School"("tenantId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "SchoolClass_tenantId_schoolId_name_key" ON "SchoolClass"("tenantId", "schoolId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCalendar_tenantId_schoolId_schoolYear_key" ON "ServiceCalendar"("tenantId", "schoolId", "schoolYear");

-- CreateIndex
CREATE INDEX "ClosureDay_tenantId_date_idx" ON "ClosureDay"("tenantId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "ClosureDay_tenantId_schoolId_date_key" ON "ClosureDay"("tenantId", "schoolId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "MenuDay_tenantId_schoolId_date_key" ON "MenuDay"("tenantId", "schoolId", "date");

-- CreateIndex
CREATE INDEX "MenuDish_tenantId_menuDayId_idx" ON "MenuDish"("tenantId", "menuDayId");

-- CreateIndex
CREATE UNIQUE INDEX "Service_tenantId_code_key" ON "Service"("tenantId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Tariff_tenantId_serviceId_schoolYear_code_key" ON "Tariff"("tenantId", "serviceId", "schoolYear", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Guardian_tenantId_fiscalCode_key" ON "Guardian"("tenantId", "fiscalCode");

-- CreateIndex
CREATE INDEX "Delegate_tenantId_fiscalCode_idx" ON "Delegate"("tenantId", "fiscalCode");

-- CreateIndex
CREATE INDEX "Delegate_tenantId_guardianId_idx" ON "Delegate"("tenantId", "guardianId");

-- CreateIndex
CREATE INDEX "Student_tenantId_guardianId_idx" ON "Student"("tenantId", "guardianId");

-- CreateIndex
CREATE INDEX "Student_tenantId_schoolId_idx" ON "Student"("tenantId", "schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "Student_tenantId_badgeNumber_key" ON "Student"("tenantId", "badgeNumber");

-- CreateIndex
CREATE INDEX "Enrollment_tenantId_schoolId_idx" ON "Enrollment"("tenantId", "schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_tenantId_studentId_serviceId_schoolYear_key" ON "Enrollment"("tenantId", "studentId", "serviceId", "schoolYear");

-- CreateIndex
CREATE INDEX "Booking_tenantId_date_idx" ON "Booking"("tenantId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "Booking_tenantId_studentId_date_key" ON "Booking"("tenantId", "studentId", "date");

-- CreateIndex
CREATE INDEX "ProlongedAbsence_tenantId_studentId_idx" ON "ProlongedAbsence"("tenantId", "studentId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceDayClosing_tenantId_date_key" ON "ServiceDayClosing"("tenantId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "Wallet_tenantId_studentId_serviceId_key" ON "Wallet"("tenantId", "studentId", "serviceId");

-- CreateIndex
CREATE INDEX "WalletMovement_tenantId_walletId_occurredAt_idx" ON "WalletMovement"("tenantId", "walletId", "occurredAt");

-- CreateIndex
CREATE INDEX "WalletMovement_tenantId_bookingId_idx" ON "WalletMovement"("tenantId", "bookingId");

-- CreateIndex
CREATE UNIQUE INDEX "WalletMovement_tenantId_receiptId_key" ON "WalletMovement"("tenantId", "receiptId");

-- CreateIndex
CREATE INDEX "Invoice_tenantId_guardianId_idx" ON "Invoice"("tenantId", "guardianId");

-- CreateIndex
CREATE INDEX "Invoice_tenantId_studentId_idx" ON "Invoice"("tenantId", "studentId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_tenantId_number_key" ON "Invoice"("tenantId", "number");

-- CreateIndex
CREATE INDEX "InvoiceLine_tenantId_invoiceId_idx" ON "InvoiceLine"("tenantId", "invoiceId");

-- CreateIndex
CREATE INDEX "PaymentNotice_tenantId_debtorFiscalCode_idx" ON "PaymentNotice"("tenantId", "debtorFiscalCode");

-- CreateIndex
CREATE INDEX "PaymentNotice_tenantId_studentId_idx" ON "PaymentNotice"("tenantId", "studentId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentNotice_tenantId_noticeNumber_key" ON "PaymentNotice"("tenantId", "noticeNumber");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentNotice_tenantId_iuv_key" ON "PaymentNotice"("tenantId", "iuv");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentNotice_tenantId_iupd_key" ON "PaymentNotice"("tenantId", "iupd");

-- CreateIndex
CREATE INDEX "PaymentNoticeItem_tenantId_invoiceId_idx" ON "PaymentNoticeItem"("tenantId", "invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentNoticeItem_tenantId_noticeId_invoiceId_key" ON "PaymentNoticeItem"("tenantId", "noticeId", "invoiceId");

-- CreateIndex
CREATE INDEX "Receipt_tenantId_iuv_idx" ON "Receipt"("tenantId", "iuv");

-- CreateIndex
CREATE INDEX "Receipt_tenantId_status_idx" ON "Receipt"("tenantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Receipt_tenantId_receiptId_key" ON "Receipt"("tenantId", "receiptId");

-- CreateIndex
CREATE INDEX "CheckoutCart_tenantId_guardianId_idx" ON "CheckoutCart"("tenantId", "guardianId");

-- CreateIndex
CREATE INDEX "CheckoutCartNotice_tenantId_noticeId_idx" ON "CheckoutCartNotice"("tenantId", "noticeId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutCartNotice_tenantId_cartId_noticeId_key" ON "CheckoutCartNotice"("tenantId", "cartId", "noticeId");

-- CreateIndex
CREATE INDEX "Application_tenantId_guardianId_idx" ON "Application"("tenantId", "guardianId");

-- CreateIndex
CREATE INDEX "Application_tenantId_state_idx" ON "Application"("tenantId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Application_tenantId_protocolNumber_key" ON "Application"("tenantId", "protocolNumber");

-- CreateIndex
CREATE INDEX "News_tenantId_publishedAt_idx" ON "News"("tenantId", "publishedAt");

-- CreateIndex
CREATE INDEX "ContactMessage_tenantId_createdAt_idx" ON "ContactMessage"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Attachment_tenantId_studentId_idx" ON "Attachment"("tenantId", "studentId");

-- CreateIndex
CREATE INDEX "Attachment_tenantId_invoiceId_idx" ON "Attachment"("tenantId", "invoiceId");

-- CreateIndex
CREATE INDEX "Attachment_tenantId_applicationId_idx" ON "Attachment"("tenantId", "applicationId");

-- CreateIndex
CREATE INDEX "LocalAccount_tenantId_fiscalCode_idx" ON "LocalAccount"("tenantId", "fiscalCode");

-- CreateIndex
CREATE UNIQUE INDEX "LocalAccount_tenantId_username_key" ON "LocalAccount"("tenantId", "username");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_at_idx" ON "AuditEvent"("tenantId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_entityType_entityId_idx" ON "AuditEvent"("tenantId", "entityType", "entityId");

-- CreateIndex
CREATE INDEX "SamlRequest_tenantId_expiresAt_idx" ON "SamlRequest"("tenantId", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "SamlRequest_tenantId_requestId_key" ON "SamlRequest"("tenantId", "requestId");

-- CreateIndex
CREATE INDEX "SamlAssertionSeen_tenantId_expiresAt_idx" ON "SamlAssertionSeen"("tenantId", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "SamlAssertionSeen_tenantId_assertionId_key" ON "SamlAssertionSeen"("tenantId", "assertionId");

-- CreateIndex
CREATE INDEX "IDX_session_expire" ON "session"("expire");

-- AddForeignKey
ALTER TABLE "School" ADD CONSTRAINT "School_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchoolClass" ADD CONSTRAINT "SchoolClass_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchoolClass" ADD CONSTRAINT "SchoolClass_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceCalendar" ADD CONSTRAINT "ServiceCalendar_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceCalendar" ADD CONSTRAINT "ServiceCalendar_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClosureDay" ADD CONSTRAINT "ClosureDay_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClosureDay" ADD CONSTRAINT "ClosureDay_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenuDay" ADD CONSTRAINT "MenuDay_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenuDay" ADD CONSTRAINT "MenuDay_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenuDish" ADD CONSTRAINT "MenuDish_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenuDish" ADD CONSTRAINT "MenuDish_menuDayId_fkey" FOREIGN KEY ("menuDayId") REFERENCES "MenuDay"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tariff" ADD CONSTRAINT "Tariff_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tariff" ADD CONSTRAINT "Tariff_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Guardian" ADD CONSTRAINT "Guardian_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegate" ADD CONSTRAINT "Delegate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegate" ADD CONSTRAINT "Delegate_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Student" ADD CONSTRAINT "Student_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Student" ADD CONSTRAINT "Student_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Student" ADD CONSTRAINT "Student_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Student" ADD CONSTRAINT "Student_classId_fkey" FOREIGN KEY ("classId") REFERENCES "SchoolClass"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_classId_fkey" FOREIGN KEY ("classId") REFERENCES "SchoolClass"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_tariffId_fkey" FOREIGN KEY ("tariffId") REFERENCES "Tariff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProlongedAbsence" ADD CONSTRAINT "ProlongedAbsence_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProlongedAbsence" ADD CONSTRAINT "ProlongedAbsence_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceDayClosing" ADD CONSTRAINT "ServiceDayClosing_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Wallet" ADD CONSTRAINT "Wallet_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Wallet" ADD CONSTRAINT "Wallet_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Wallet" ADD CONSTRAINT "Wallet_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WalletMovement" ADD CONSTRAINT "WalletMovement_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WalletMovement" ADD CONSTRAINT "WalletMovement_walletId_fkey" FOREIGN KEY ("walletId") REFERENCES "Wallet"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WalletMovement" ADD CONSTRAINT "WalletMovement_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WalletMovement" ADD CONSTRAINT "WalletMovement_receiptId_fkey" FOREIGN KEY ("receiptId") REFERENCES "Receipt"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentNotice" ADD CONSTRAINT "PaymentNotice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentNotice" ADD CONSTRAINT "PaymentNotice_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentNotice" ADD CONSTRAINT "PaymentNotice_walletId_fkey" FOREIGN KEY ("walletId") REFERENCES "Wallet"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentNoticeItem" ADD CONSTRAINT "PaymentNoticeItem_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentNoticeItem" ADD CONSTRAINT "PaymentNoticeItem_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "PaymentNotice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentNoticeItem" ADD CONSTRAINT "PaymentNoticeItem_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Receipt" ADD CONSTRAINT "Receipt_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Receipt" ADD CONSTRAINT "Receipt_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "PaymentNotice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckoutCart" ADD CONSTRAINT "CheckoutCart_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckoutCart" ADD CONSTRAINT "CheckoutCart_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckoutCartNotice" ADD CONSTRAINT "CheckoutCartNotice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckoutCartNotice" ADD CONSTRAINT "CheckoutCartNotice_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "CheckoutCart"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckoutCartNotice" ADD CONSTRAINT "CheckoutCartNotice_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "PaymentNotice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "News" ADD CONSTRAINT "News_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "News" ADD CONSTRAINT "News_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactMessage" ADD CONSTRAINT "ContactMessage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactMessage" ADD CONSTRAINT "ContactMessage_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactMessage" ADD CONSTRAINT "ContactMessage_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalAccount" ADD CONSTRAINT "LocalAccount_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalAccount" ADD CONSTRAINT "LocalAccount_guardianId_fkey" FOREIGN KEY ("guardianId") REFERENCES "Guardian"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SamlRequest" ADD CONSTRAINT "SamlRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SamlAssertionSeen" ADD CONSTRAINT "SamlAssertionSeen_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
