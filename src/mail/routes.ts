import express, { type Router } from 'express';
import type { MailCatcher } from './catcher.ts';
import { NotFoundError } from '../web/errors.ts';

export const MAIL_MOUNT = '/_mail';

/** Outside production: every message the catcher received, to read what the portal sent (newest first). */
export function mailCatcherRoutes(catcher: MailCatcher): Router {
  const router = express.Router();
  const find = (seq: string | undefined) => {
    const mail = catcher.messages.find((m) => String(m.seq) === seq);
    if (!mail) throw new NotFoundError();
    return mail;
  };

  router.get('/', (_req, res) => {
    res.render('mail/list', { messages: [...catcher.messages].reverse(), mount: MAIL_MOUNT });
  });

  router.get('/:seq', (req, res) => {
    res.render('mail/show', { mail: find(req.params.seq), mount: MAIL_MOUNT });
  });

  // the HTML part as its own document, sandboxed: a message's markup never runs with the portal's origin
  router.get('/:seq/html', (req, res) => {
    const { parsed } = find(req.params.seq);
    if (!parsed.html) throw new NotFoundError();
    res.set('content-security-policy', "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    res.type('html').send(parsed.html);
  });

  router.get('/:seq/raw', (req, res) => {
    res.type('message/rfc822').send(find(req.params.seq).raw);
  });

  router.get('/:seq/allegati/:index', (req, res) => {
    const attachment = find(req.params.seq).parsed.attachments[Number(req.params.index)];
    if (!attachment) throw new NotFoundError();
    res.set('content-type', attachment.contentType);
    res.attachment(attachment.filename ?? `allegato-${req.params.index}`);
    res.send(attachment.content);
  });
  return router;
}
