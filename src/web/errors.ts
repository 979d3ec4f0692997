import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { WriteConflictError } from '../db/client.ts';
import { currentRequestId } from '../logger.ts';
import { translateForJobs, type Translate } from './i18n.ts';

/** A record that does not exist for this user: shown as 404, as are records of other families. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(message = 'Not found') {
    super(message);
  }
}

/** Not allowed here. Rendered as 404 too, so nobody can probe which ids exist. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** The request collides with the current state (e.g. a notice already paid). */
export class ConflictError extends Error {
  override name = 'ConflictError';
  /** Italian text safe to show the user. */
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

/**
 * A user-facing rule refused the request. `userMessage` is Italian text, shown as is; a refusal a parent can meet
 * is built with `localizedRefusal` from a locale key instead, so `messageIn` gives it in the page's language.
 */
export class DomainRuleError extends Error {
  override name = 'DomainRuleError';
  constructor(
    readonly userMessage: string,
    readonly status = 422,
    readonly localized?: { key: string; values?: Record<string, unknown> },
  ) {
    super(userMessage);
  }

  messageIn(t: Translate): string {
    return this.localized ? t(this.localized.key, this.localized.values) : this.userMessage;
  }
}

/** A refusal by locale key: Italian in `userMessage` (staff pages show it as is), any language through `messageIn`. */
export function localizedRefusal(key: string, values?: Record<string, unknown>, status = 422): DomainRuleError {
  return new DomainRuleError(translateForJobs()(key, values), status, { key, values });
}

export function setUpNotFound(): RequestHandler {
  return (_req, res) => {
    res.status(404).render('errors/not-found', { title: res.locals.t('errors.notFound.title') });
  };
}

/**
 * The one error handler. An error raised before the view locals exist (a body too large, a missing asset)
 * still gets an Italian page: `t` is given here too.
 */
export function setUpErrorHandler(logger: Logger, showStacks: boolean, translate: Translate): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const t: Translate = (res.locals.t ??= translate);
    const refusal = (status: number, title: string, message: string) => res.status(status).render('errors/refused', { title, message });
    if (error instanceof NotFoundError || error instanceof ForbiddenError) {
      res.status(404).render('errors/not-found', { title: t('errors.notFound.title') });
      return;
    }
    if (error instanceof WriteConflictError) {
      logger.warn({ err: error, url: req.originalUrl }, 'write not saved: it kept conflicting with concurrent ones');
      refusal(409, t('errors.writeConflict.title'), t('errors.writeConflict.text'));
      return;
    }
    if (error instanceof ConflictError) {
      refusal(409, t('errors.refused'), error.userMessage);
      return;
    }
    if (error instanceof DomainRuleError) {
      refusal(error.status, t('errors.refused'), error.messageIn(t));
      return;
    }
    const { status: statusOfError, code } = (error ?? {}) as { status?: unknown; code?: unknown };
    const status = typeof statusOfError === 'number' && statusOfError >= 400 ? statusOfError : 500;
    if (status === 404) {
      res.status(404).render('errors/not-found', { title: t('errors.notFound.title') });
      return;
    }
    if (status === 403 && code === 'EBADCSRFTOKEN') {
      refusal(403, t('errors.csrf.title'), t('errors.csrf.text'));
      return;
    }
    if (status === 415) {
      refusal(415, t('errors.unsupportedForm.title'), t('errors.unsupportedForm.text'));
      return;
    }
    if (status < 500) {
      refusal(status, t('errors.badRequest.title'), t('errors.badRequest.text'));
      return;
    }
    logger.error({ err: error, url: req.originalUrl }, 'unhandled error');
    res.status(500).render('errors/server-error', {
      title: t('errors.server.title'),
      requestId: currentRequestId() ?? '-',
      stack: showStacks ? (error instanceof Error ? (error.stack ?? error.message) : String(error)) : null,
    });
  };
}
