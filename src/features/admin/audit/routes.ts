import express, { type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { streamCsv } from '../../../web/csv.ts';
import { DomainRuleError } from '../../../web/errors.ts';
import { formErrorsFrom, noErrors, typedValues } from '../../../web/forms.ts';
import { adminCrumbs, adminPath } from '../admin-crumbs.ts';
import { listLinks } from '../list-query.ts';
import { auditFilterSchema, type AuditFilterInput } from './schemas.ts';
import { AUDIT_CSV_HEADER, auditCsvBatches, auditPage } from './service.ts';

const NO_FILTER: AuditFilterInput = { utente: '', tipo: '', id: '', azione: '', dal: '', al: '', ordina: 'recenti', pagina: 1 };

/** The audit log of the Comune: who did what, to which record, when; filtered, paged, exported as CSV. */
export function adminAuditRoutes({ prisma }: AppDeps): Router {
  const router = express.Router();

  /** Bad filters are shown next to their fields; the list then shows everything rather than a guess. */
  function filterOf(query: unknown) {
    const values = typedValues(query);
    const parsed = auditFilterSchema.safeParse(values);
    return parsed.success
      ? { filter: parsed.data, values, errors: noErrors }
      : { filter: NO_FILTER, values, errors: formErrorsFrom(parsed.error) };
  }

  router.get('/', async (req, res) => {
    const t = res.locals.t;
    const { filter, values, errors } = filterOf(req.query);
    const base = adminPath(res, 'audit');
    const links = listLinks(base, { ...values, pagina: undefined });
    res.status(errors.summary.length ? 422 : 200).render('admin/audit/index', {
      title: t('adminAudit.title'),
      breadcrumb: adminCrumbs(res, t('adminAudit.title')),
      events: await auditPage(prisma, res.locals.tenant.id, filter),
      values,
      errors,
      hrefFor: links,
      exportHref: listLinks(`${base}/export.csv`, { ...values, pagina: undefined })({}),
    });
  });

  router.get('/export.csv', async (req, res) => {
    const { filter, errors } = filterOf(req.query);
    if (errors.summary.length) throw new DomainRuleError(res.locals.t('adminAudit.badFilters'));
    await streamCsv(res, `audit-${res.locals.tenant.slug}.csv`, AUDIT_CSV_HEADER, auditCsvBatches(prisma, res.locals.tenant.id, filter));
  });

  return router;
}
