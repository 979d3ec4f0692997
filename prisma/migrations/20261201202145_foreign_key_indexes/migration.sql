-- CreateIndex
CREATE INDEX "SchoolClass_schoolId_idx" ON "SchoolClass"("schoolId");

-- CreateIndex
CREATE INDEX "ServiceCalendar_schoolId_idx" ON "ServiceCalendar"("schoolId");

-- CreateIndex
CREATE INDEX "ClosureDay_schoolId_idx" ON "ClosureDay"("schoolId");

-- CreateIndex
CREATE INDEX "MenuDay_schoolId_idx" ON "MenuDay"("schoolId");

-- CreateIndex
CREATE INDEX "MenuDish_menuDayId_idx" ON "MenuDish"("menuDayId");

-- CreateIndex
CREATE INDEX "Tariff_serviceId_idx" ON "Tariff"("serviceId");

-- CreateIndex
CREATE INDEX "Delegate_guardianId_idx" ON "Delegate"("guardianId");

-- CreateIndex
CREATE INDEX "Student_classId_idx" ON "Student"("classId");

-- CreateIndex
CREATE INDEX "Student_guardianId_idx" ON "Student"("guardianId");

-- CreateIndex
CREATE INDEX "Student_schoolId_idx" ON "Student"("schoolId");

-- CreateIndex
CREATE INDEX "Enrollment_classId_idx" ON "Enrollment"("classId");

-- CreateIndex
CREATE INDEX "Enrollment_schoolId_idx" ON "Enrollment"("schoolId");

-- CreateIndex
CREATE INDEX "Enrollment_serviceId_idx" ON "Enrollment"("serviceId");

-- CreateIndex
CREATE INDEX "Enrollment_studentId_idx" ON "Enrollment"("studentId");

-- CreateIndex
CREATE INDEX "Enrollment_tariffId_idx" ON "Enrollment"("tariffId");

-- CreateIndex
CREATE INDEX "Booking_invoiceId_idx" ON "Booking"("invoiceId");

-- CreateIndex
CREATE INDEX "Booking_studentId_idx" ON "Booking"("studentId");

-- CreateIndex
CREATE INDEX "ProlongedAbsence_studentId_idx" ON "ProlongedAbsence"("studentId");

-- CreateIndex
CREATE INDEX "Wallet_serviceId_idx" ON "Wallet"("serviceId");

-- CreateIndex
CREATE INDEX "Wallet_studentId_idx" ON "Wallet"("studentId");

-- CreateIndex
CREATE INDEX "WalletMovement_bookingId_idx" ON "WalletMovement"("bookingId");

-- CreateIndex
CREATE INDEX "WalletMovement_receiptId_idx" ON "WalletMovement"("receiptId");

-- CreateIndex
CREATE INDEX "WalletMovement_walletId_idx" ON "WalletMovement"("walletId");

-- CreateIndex
CREATE INDEX "Invoice_guardianId_idx" ON "Invoice"("guardianId");

-- CreateIndex
CREATE INDEX "Invoice_serviceId_idx" ON "Invoice"("serviceId");

-- CreateIndex
CREATE INDEX "Invoice_studentId_idx" ON "Invoice"("studentId");

-- CreateIndex
CREATE INDEX "InvoiceLine_invoiceId_idx" ON "InvoiceLine"("invoiceId");

-- CreateIndex
CREATE INDEX "PaymentNotice_studentId_idx" ON "PaymentNotice"("studentId");

-- CreateIndex
CREATE INDEX "PaymentNotice_walletId_idx" ON "PaymentNotice"("walletId");

-- CreateIndex
CREATE INDEX "PaymentNoticeItem_invoiceId_idx" ON "PaymentNoticeItem"("invoiceId");

-- CreateIndex
CREATE INDEX "PaymentNoticeItem_noticeId_idx" ON "PaymentNoticeItem"("noticeId");

-- CreateIndex
CREATE INDEX "Receipt_noticeId_idx" ON "Receipt"("noticeId");

-- CreateIndex
CREATE INDEX "CheckoutCart_guardianId_idx" ON "CheckoutCart"("guardianId");

-- CreateIndex
CREATE INDEX "CheckoutCartNotice_cartId_idx" ON "CheckoutCartNotice"("cartId");

-- CreateIndex
CREATE INDEX "CheckoutCartNotice_noticeId_idx" ON "CheckoutCartNotice"("noticeId");

-- CreateIndex
CREATE INDEX "Application_guardianId_idx" ON "Application"("guardianId");

-- CreateIndex
CREATE INDEX "Application_studentId_idx" ON "Application"("studentId");

-- CreateIndex
CREATE INDEX "News_schoolId_idx" ON "News"("schoolId");

-- CreateIndex
CREATE INDEX "ContactMessage_guardianId_idx" ON "ContactMessage"("guardianId");

-- CreateIndex
CREATE INDEX "ContactMessage_studentId_idx" ON "ContactMessage"("studentId");

-- CreateIndex
CREATE INDEX "Attachment_applicationId_idx" ON "Attachment"("applicationId");

-- CreateIndex
CREATE INDEX "Attachment_invoiceId_idx" ON "Attachment"("invoiceId");

-- CreateIndex
CREATE INDEX "Attachment_studentId_idx" ON "Attachment"("studentId");

-- CreateIndex
CREATE INDEX "LocalAccount_guardianId_idx" ON "LocalAccount"("guardianId");
