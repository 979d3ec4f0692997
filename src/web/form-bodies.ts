import querystring from 'node:querystring';
import express, { type Request, type RequestHandler } from 'express';

/** What a browser's form can send us; anything else on a form route is refused with 415. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A body of another kind on a form route (JSON, text…): the error handler answers 415 in Italian. */
export class UnsupportedFormBody extends Error {
  override name = 'UnsupportedFormBody';
  readonly status = 415;
  constructor(contentType: string | undefined) {
    super(`not a form body: ${contentType ?? 'no content type'}`);
  }
}

/** A body with at least one byte (an empty one, whatever its declared type, is an empty form). */
function hasContent(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0;
}

/**
 * The NUL character, removed from every string a request brings. No keyboard types it and PostgreSQL cannot
 * store it in text ("invalid byte sequence for encoding UTF8: 0x00"), so it is dropped before any schema
 * sees the value: validation then judges what will really be stored, and no form needs its own check.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\0', '') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object') {
    const clean: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) clean[withoutNul(key)] = withoutNul(item);
    return clean as T;
  }
  return value;
}

/** Express's "simple" query parser, without NUL characters (Express 5 parses the query string on each read). */
export function parseQueryString(text: string): querystring.ParsedUrlQuery {
  return withoutNul(querystring.parse(text));
}

/**
 * Form bodies for every route, in one place: parsed (flat, as browsers send them), always an object (a POST
 * without a body is an empty form, so it gets the form's usual errors), free of NUL characters, and refused
 * with 415 when they are something else. Routes that are not forms (`isNotAForm`: the SAML bindings, pagoPA's
 * push, the simulator) parse their own bodies.
 */
export function setUpFormBodies(isNotAForm: (req: Request) => boolean): RequestHandler[] {
  const urlencoded = express.urlencoded({ extended: false, limit: '200kb' });
  const normalize: RequestHandler = (req, _res, next) => {
    if (isNotAForm(req)) return next();
    if (hasContent(req) && !SAFE_METHODS.has(req.method) && req.is(FORM_TYPES) === false)
      return next(new UnsupportedFormBody(req.headers['content-type']));
    req.body = withoutNul((req.body as unknown) ?? {});
    next();
  };
  return [urlencoded, normalize];
}
