import express, { type Request, type Response, type Router } from 'express';
import type { ZodType } from 'zod';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { adminCrumbs, adminPath } from '../admin-crumbs.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { listLinks } from '../list-query.ts';
import { assignSchema, CONTACT_STATUSES, INBOX_FILTERS, inboxListSchema, replySchema, statusSchema } from './schemas.ts';
import { assign, inbox, reply, setStatus, thread } from './service.ts';

type ThreadRequest = Request<{ messageId: string }>;

/** The office's inbox of "Contattaci" messages and wrong-data reports, mounted at /admin/messaggi. */
export function adminInboxRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router();
  const listPath = (res: Response) => adminPath(res, 'messaggi');

  router.get('/', async (req, res) => {
    const t = res.locals.t;
    const query = inboxListSchema.parse(req.query);
    res.render('admin/inbox/index', {
      title: t('adminInbox.title'),
      breadcrumb: adminCrumbs(res, t('adminInbox.title')),
      messages: await inbox(prisma, res.locals.tenant.id, query, res.locals.auth!.accountId),
      query,
      filters: INBOX_FILTERS,
      hrefFor: listLinks(listPath(res), query),
    });
  });

  async function renderThread(
    res: Response,
    messageId: string,
    status = 200,
    values: Record<string, unknown> = {},
    errors: FormErrors = noErrors,
  ) {
    const t = res.locals.t;
    const { message, staff } = await thread(prisma, res.locals.tenant.id, messageId);
    res.status(status).render('admin/inbox/thread', {
      title: message.subject,
      breadcrumb: adminCrumbs(res, { label: t('adminInbox.title'), href: listPath(res) }, message.subject),
      message,
      staff,
      statuses: CONTACT_STATUSES,
      values,
      errors,
    });
  }

  router.get('/:messageId', (req: ThreadRequest, res) => renderThread(res, req.params.messageId));

  /** Parses one of the thread's forms, runs the change as this staff member, and returns to the thread. */
  function threadAction<S extends ZodType>(
    path: string,
    schema: S,
    run: (
      input: { tenantId: string; messageId: string; actor: ReturnType<typeof actorOf>; authorName: string; now: Date },
      data: S['_output'],
    ) => Promise<void>,
    done: string,
  ) {
    router.post(`/:messageId/${path}`, async (req: ThreadRequest, res) => {
      const { messageId } = req.params;
      const form = parseForm(schema, req.body);
      if (!form.ok) return renderThread(res, messageId, 422, form.values, form.errors);
      const auth = res.locals.auth!;
      try {
        await run(
          { tenantId: res.locals.tenant.id, messageId, actor: actorOf(auth), authorName: auth.displayName, now: clock.now() },
          form.data,
        );
      } catch (error) {
        if (!(error instanceof FieldRuleError)) throw error;
        return renderThread(res, messageId, 422, typedValues(req.body), formError(error.field, error.userMessage));
      }
      flash(req, 'success', res.locals.t(done));
      res.redirect(`${listPath(res)}/${messageId}`);
    });
  }

  threadAction(
    'risposta',
    replySchema,
    (input, data) => reply(prisma, { ...input, body: data.risposta, close: data.chiudi }),
    'adminInbox.replied',
  );
  threadAction('stato', statusSchema, (input, data) => setStatus(prisma, { ...input, status: data.stato }), 'adminInbox.statusChanged');
  threadAction('assegna', assignSchema, (input, data) => assign(prisma, { ...input, accountId: data.assegnatario }), 'adminInbox.assigned');

  return router;
}
