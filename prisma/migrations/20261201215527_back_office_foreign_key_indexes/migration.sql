-- CreateIndex
CREATE INDEX "RetiredBadge_studentId_idx" ON "RetiredBadge"("studentId");

-- CreateIndex
CREATE INDEX "ContactMessage_assignedToId_idx" ON "ContactMessage"("assignedToId");

-- CreateIndex
CREATE INDEX "ContactEvent_messageId_idx" ON "ContactEvent"("messageId");
