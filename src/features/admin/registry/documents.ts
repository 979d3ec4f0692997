import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db } from '../../../db/client.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { MAX_UPLOAD_BYTES } from '../../../web/multipart.ts';
import type { DOCUMENT_KINDS } from './schemas.ts';
import { studentOf, type TenantRef } from './scope.ts';

/** What the fascicolo accepts, by the type the bytes say (the browser's name and type are not trusted). */
const ACCEPTED: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

export interface Upload {
  originalName: string;
  buffer: Buffer;
}

/** The name shown and downloaded: the uploaded one without folders or control characters, with the true extension. */
function safeFileName(original: string, extension: string): string {
  const base = path
    .basename(original.replace(/\\/g, '/'))
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._-]/gu, '')
    .trim()
    .slice(0, 100);
  return `${base || 'documento'}.${extension}`;
}

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
  const limitMb = MAX_UPLOAD_BYTES / 1024 / 1024;
  if (tooLarge) throw new FieldRuleError('file', `Il file supera ${limitMb} MB: caricane uno più piccolo.`);
  if (!upload || upload.buffer.length === 0) throw new FieldRuleError('file', 'Scegli il file da caricare (PDF, JPEG o PNG).');
  const sniffed = await fileTypeFromBuffer(upload.buffer);
  const extension = sniffed ? ACCEPTED[sniffed.mime] : undefined;
  if (!sniffed || !extension)
    throw new FieldRuleError('file', 'Il file non è un PDF, un JPEG o un PNG (il tipo è riconosciuto dal contenuto, non dal nome).');
  return inTransaction(db, async (tx) => {
    const document = await tx.attachment.create({
      data: {
        tenantId: tenant.id,
        studentId: student.id,
        kind: input.kind,
        title: input.title,
        fileName: safeFileName(upload.originalName, extension),
        mimeType: sniffed.mime,
        sizeBytes: upload.buffer.length,
        content: new Uint8Array(upload.buffer),
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
