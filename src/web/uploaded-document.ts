import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { FieldRuleError, messageKey } from './forms.ts';
import { MAX_UPLOAD_BYTES } from './multipart.ts';

/** What a family or the office may upload, by the type the bytes say (the browser's name and type are not trusted). */
const ACCEPTED: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

export interface Upload {
  originalName: string;
  buffer: Buffer;
}

export interface CheckedDocument {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  content: Uint8Array<ArrayBuffer>;
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
 * A PDF, JPEG or PNG within the size limit, its type sniffed from its first bytes, ready to store; else a
 * FieldRuleError on `field` saying what is wrong (too large, missing, not one of the three types).
 */
export async function checkedDocument(field: string, upload: Upload | undefined, tooLarge: boolean): Promise<CheckedDocument> {
  const limitMb = MAX_UPLOAD_BYTES / 1024 / 1024;
  if (tooLarge) throw new FieldRuleError(field, messageKey('validation.upload.tooLarge', { mb: limitMb }));
  if (!upload || upload.buffer.length === 0) throw new FieldRuleError(field, 'validation.upload.missing');
  const sniffed = await fileTypeFromBuffer(upload.buffer);
  const extension = sniffed ? ACCEPTED[sniffed.mime] : undefined;
  if (!sniffed || !extension) throw new FieldRuleError(field, 'validation.upload.type');
  return {
    fileName: safeFileName(upload.originalName, extension),
    mimeType: sniffed.mime,
    sizeBytes: upload.buffer.length,
    content: new Uint8Array(upload.buffer),
  };
}
