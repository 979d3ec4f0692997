import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { currentRequestId } from '../logger.ts';

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

/** A user-facing rule refused the request; the message is Italian and shown as is. */
export class DomainRuleError extends Error {
  override name = 'DomainRuleError';
  constructor(
    readonly userMessage: string,
    readonly status = 422,
  ) {
    super(userMessage);
  }
}

export function setUpNotFound(): RequestHandler {
  return (_req, res) => {
    res.status(404).render('errors/not-found', { title: 'Pagina non trovata' });
  };
}

export function setUpErrorHandler(logger: Logger, showStacks: boolean): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof NotFoundError || error instanceof ForbiddenError) {
      res.status(404).render('errors/not-found', { title: 'Pagina non trovata' });
      return;
    }
    if (error instanceof ConflictError || error instanceof DomainRuleError) {
      const status = error instanceof ConflictError ? 409 : error.status;
      res.status(status).render('errors/refused', { title: 'Operazione non possibile', message: error.userMessage });
      return;
    }
    const { status: statusOfError, code } = (error ?? {}) as { status?: unknown; code?: unknown };
    const status = typeof statusOfError === 'number' && statusOfError >= 400 ? statusOfError : 500;
    if (status === 403 && code === 'EBADCSRFTOKEN') {
      res.status(403).render('errors/refused', {
        title: 'Sessione scaduta',
        message: 'La pagina era scaduta o il modulo non è stato inviato da questo sito. Ricarica la pagina e riprova.',
      });
      return;
    }
    if (status < 500) {
      res.status(status).render('errors/refused', { title: 'Richiesta non valida', message: 'La richiesta non è valida.' });
      return;
    }
    logger.error({ err: error, url: req.originalUrl }, 'unhandled error');
    res.status(500).render('errors/server-error', {
      title: 'Errore del sistema',
      requestId: currentRequestId() ?? '-',
      stack: showStacks ? (error instanceof Error ? (error.stack ?? error.message) : String(error)) : null,
    });
  };
}
