import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { requireRole } from '../../../auth/guards.ts';
import { STAFF_ROLES } from '../../../auth/session-auth.ts';
import type { LocalAccount } from '../../../generated/prisma/client.ts';
import { formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { adminCrumbs, adminPath } from '../admin-crumbs.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { listLinks } from '../list-query.ts';
import { staffCreateSchema, staffEditSchema, staffListSchema } from './schemas.ts';
import { createStaff, resetStaffPassword, setStaffDisabled, staffList, staffMember, updateStaff } from './service.ts';

type AccountRequest = Request<{ accountId: string }>;

const formValues = (account: LocalAccount) => ({ nome: account.fullName, ruolo: account.role, codiceFiscale: account.fiscalCode ?? '' });

/** Staff accounts of the Comune (ADMIN only): create, edit, disable, reset the password. */
export function adminStaffRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router();
  router.use(requireRole('ADMIN'));
  const listPath = (res: Response) => adminPath(res, 'personale');
  const change = (res: Response) => ({ tenantId: res.locals.tenant.id, actor: actorOf(res.locals.auth!), now: clock.now() });
  const listCrumb = (res: Response) => ({ label: res.locals.t('adminStaff.title'), href: listPath(res) });

  router.get('/', async (req, res) => {
    const t = res.locals.t;
    const query = staffListSchema.parse(req.query);
    res.render('admin/staff/index', {
      title: t('adminStaff.title'),
      breadcrumb: adminCrumbs(res, t('adminStaff.title')),
      staff: await staffList(prisma, res.locals.tenant.id, query),
      query,
      hrefFor: listLinks(listPath(res), query),
    });
  });

  async function renderForm(
    res: Response,
    accountId: string | null,
    status = 200,
    values?: Record<string, unknown>,
    errors: FormErrors = noErrors,
  ) {
    const t = res.locals.t;
    const account = accountId ? await staffMember(prisma, res.locals.tenant.id, accountId) : null;
    const title = account ? account.fullName : t('adminStaff.newTitle');
    res.status(status).render('admin/staff/form', {
      title,
      breadcrumb: adminCrumbs(res, listCrumb(res), title),
      account,
      roles: STAFF_ROLES,
      isSelf: account?.id === res.locals.auth!.accountId,
      values: values ?? (account ? formValues(account) : { ruolo: 'CLERK' }),
      errors,
    });
  }

  function renderPassword(res: Response, account: LocalAccount, password: string, created: boolean) {
    const t = res.locals.t;
    // Shown once: never kept by a browser or proxy cache.
    res.set('Cache-Control', 'no-store');
    res.status(created ? 201 : 200).render('admin/staff/password', {
      title: t(created ? 'adminStaff.createdTitle' : 'adminStaff.resetTitle'),
      breadcrumb: adminCrumbs(res, listCrumb(res), account.fullName),
      account,
      password,
    });
  }

  router.get('/nuovo', (_req, res) => renderForm(res, null));

  router.post('/nuovo', async (req, res) => {
    const form = parseForm(staffCreateSchema, req.body);
    if (!form.ok) return renderForm(res, null, 422, form.values, form.errors);
    try {
      const { account, password } = await createStaff(prisma, { ...change(res), staff: form.data });
      renderPassword(res, account, password, true);
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      return renderForm(res, null, 422, typedValues(req.body), formError(error.field, error.userMessage));
    }
  });

  router.get('/:accountId', (req: AccountRequest, res) => renderForm(res, req.params.accountId));

  router.post('/:accountId', async (req: AccountRequest, res) => {
    const { accountId } = req.params;
    const form = parseForm(staffEditSchema, req.body);
    if (!form.ok) return renderForm(res, accountId, 422, form.values, form.errors);
    try {
      await updateStaff(prisma, { ...change(res), accountId, staff: form.data });
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      return renderForm(res, accountId, 422, typedValues(req.body), formError(error.field, error.userMessage));
    }
    flash(req, 'success', res.locals.t('adminStaff.saved'));
    res.redirect(listPath(res));
  });

  /** An account action refused by a rule (yourself, the last administrator) is shown on the account's page. */
  async function refusedOnPage(res: Response, accountId: string, error: unknown) {
    if (!(error instanceof FieldRuleError)) throw error;
    await renderForm(res, accountId, 409, undefined, formError('ruolo', error.userMessage));
  }

  for (const [path, disabled] of [
    ['disattiva', true],
    ['riattiva', false],
  ] as const) {
    router.post(`/:accountId/${path}`, async (req: AccountRequest, res) => {
      const { accountId } = req.params;
      try {
        await setStaffDisabled(prisma, { ...change(res), accountId, disabled });
      } catch (error) {
        return refusedOnPage(res, accountId, error);
      }
      flash(req, 'success', res.locals.t(disabled ? 'adminStaff.disabled' : 'adminStaff.enabled'));
      res.redirect(`${listPath(res)}/${accountId}`);
    });
  }

  router.post('/:accountId/password', async (req: AccountRequest, res) => {
    const { accountId } = req.params;
    try {
      const { account, password } = await resetStaffPassword(prisma, { ...change(res), accountId });
      renderPassword(res, account, password, false);
    } catch (error) {
      return refusedOnPage(res, accountId, error);
    }
  });

  return router;
}
