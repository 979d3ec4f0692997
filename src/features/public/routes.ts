import express, { type RequestHandler, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { staffAreaOf } from '../../auth/guards.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { schoolServicesCrumbs } from '../../web/breadcrumb.ts';

/** The sections of the services landing page (seeds 000/001), in the guides' order. */
export function landingSections(tenant: Tenant): { key: string; href: string }[] {
  const base = `/${tenant.slug}`;
  const sections = [
    { key: 'registry', href: `${base}/anagrafica` },
    { key: 'canteen', href: `${base}/refezione` },
    { key: 'invoices', href: `${base}/documenti` },
    { key: 'wallet', href: `${base}/conto` },
    { key: 'payments', href: `${base}/pagamenti` },
    { key: 'topups', href: `${base}/ricariche` },
    { key: 'absences', href: `${base}/assenze` },
    { key: 'applications', href: `${base}/pratiche` },
  ];
  // Post-paid Comuni have no virtual account, so no wallet or top-up page to offer.
  return tenant.billingMode === 'PREPAID' ? sections : sections.filter((s) => s.key !== 'wallet' && s.key !== 'topups');
}

export function tenantsIndex({ prisma }: AppDeps): RequestHandler {
  return async (_req, res) => {
    const tenants = await prisma.tenant.findMany({ orderBy: { name: 'asc' }, select: { slug: true, name: true, province: true } });
    res.render('public/tenants', { title: 'Servizi scolastici online', tenants, tenant: null });
  };
}

export function publicRoutes(_deps: AppDeps): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    const tenant = res.locals.tenant;
    res.render('public/landing', {
      title: res.locals.t('landing.title'),
      breadcrumb: schoolServicesCrumbs(tenant),
      sections: landingSections(tenant),
      staffArea: staffAreaOf(res.locals.auth, tenant.slug),
    });
  });
  router.get('/privacy', (_req, res) => {
    res.render('public/privacy', {
      title: res.locals.t('frame.privacy'),
      breadcrumb: schoolServicesCrumbs(res.locals.tenant, res.locals.t('frame.privacy')),
    });
  });
  router.get('/accessibilita', (_req, res) => {
    res.render('public/accessibility', {
      title: res.locals.t('frame.accessibility'),
      breadcrumb: schoolServicesCrumbs(res.locals.tenant, res.locals.t('frame.accessibility')),
    });
  });
  return router;
}
