import type { RequestHandler } from 'express';
import multer from 'multer';
import { withoutNul } from './form-bodies.ts';

/** The largest file a form may upload; a larger one reaches the route as `req.uploadTooLarge`, to be refused on the page. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * Reads multipart/form-data bodies (file uploads) into memory, before the CSRF check: the token travels in the
 * form's `_csrf` field like on every other form, never in the URL. Only logged-in sessions get their uploads
 * read (an anonymous one has no CSRF token to pass anyway), at most two files of MAX_UPLOAD_BYTES each.
 */
export function setUpMultipart(): RequestHandler {
  const read = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, fields: 30, fieldSize: 20_000, parts: 32 },
  }).any();
  return (req, res, next) => {
    if (!req.is('multipart/form-data') || !req.session?.auth) return next();
    read(req, res, (error?: unknown) => {
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
        req.uploadTooLarge = true;
        return next();
      }
      if (error instanceof multer.MulterError) return next(Object.assign(error, { status: 400 }));
      // the fields of a multipart form get the same cleaning as every other form's (setUpFormBodies)
      req.body = withoutNul((req.body as unknown) ?? {});
      next(error);
    });
  };
}

/** The file a form sent in the field `name`, if any. */
export function uploadedFile(req: Express.Request, name: string): Express.Multer.File | undefined {
  return Array.isArray(req.files) ? req.files.find((file) => file.fieldname === name) : undefined;
}
