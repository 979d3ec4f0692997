import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db } from '../../../db/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { checkedDocument, type Upload } from '../../../web/uploaded-document.ts';
import type { DOCUMENT_KINDS } from './schemas.ts';
import { studentOf, type TenantRef } from './scope.ts';

/**
 * Files go in the database (Attachment.content, bytea) rather than on disk: the two app replicas share only
 * PostgreSQL, so a file on one replica's disk would be missing on the other; and the files are small.
 */
export async function addDocument(
  db: Db,
  tenant: TenantRef,
  actor: Actor,
  studentId: string,
  input: { title: string; kind: (typeof DOCUMENT_KINDS)[number] },
  upload: Upload | undefined,
  tooLarge: boolean,
) {
  const student = await studentOf(db, tenant.id, studentId);
  const checked = await checkedDocument('file', upload, tooLarge);
  return inTransaction(db, async (tx) => {
    const document = await tx.attachment.create({
      data: {
        tenantId: tenant.id,
        studentId: student.id,
        kind: input.kind,
        title: input.title,
        ...checked,
      },
      select: { id: true, fileName: true, mimeType: true, sizeBytes: true },
    });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'STUDENT_DOCUMENT_ADDED',
      entityType: 'Attachment',
      entityId: document.id,
      details: { studentId: student.id, kind: input.kind, title: input.title, ...document },
    });
    return document;
  });
}

/** A document of this student's fascicolo, for the office; anything else is 404. */
export async function studentDocument(db: Db, tenantId: string, studentId: string, documentId: string) {
  const student = await studentOf(db, tenantId, studentId);
  if (!/^[0-9a-f-]{36}$/i.test(documentId)) throw new NotFoundError();
  const document = await db.attachment.findFirst({ where: { id: documentId, tenantId, studentId: student.id, invoiceId: null } });
  if (!document) throw new NotFoundError();
  return document;
}
