import express, { type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { pageNumber, parentFrame } from '../family/page.ts';
import { invoiceFilterSchema } from './schemas.ts';
import { invoiceAttachment, invoiceDetail, invoiceList, invoicePdf } from './service.ts';

const TABS = ['righe', 'pagamenti', 'allegati'] as const;

export function invoicesRoutes({ prisma }: AppDeps): Router {
  const router = express.Router();
  router.use(requireCitizen());

  router.get('/', async (req, res) => {
    const { auth, t } = res.locals;
    const filter = invoiceFilterSchema.parse(req.query);
    const data = await invoiceList(prisma, auth!, filter, pageNumber(req.query.pagina));
    res.render('invoices/index', { ...parentFrame(res, 'invoices', t('invoices.title')), ...data, filter });
  });

  router.get('/:invoiceId', async (req, res) => {
    const { tenant, t, lang } = res.locals;
    const invoice = await invoiceDetail(prisma, res.locals.auth!, req.params.invoiceId, lang);
    const tab = TABS.find((name) => name === req.query.scheda) ?? 'righe';
    const title = t(invoice.isCreditNote ? 'invoices.creditNoteTitle' : 'invoices.detailTitle', { number: invoice.number });
    res.render('invoices/detail', {
      ...parentFrame(res, 'invoices', title, { label: t('invoices.title'), href: `/${tenant.slug}/documenti` }, title),
      invoice,
      tab,
      tabs: TABS,
    });
  });

  router.get('/:invoiceId/pdf', async (req, res) => {
    const { t, lang, auth, tenant } = res.locals;
    const { number, bytes } = await invoicePdf(t, lang, prisma, auth!, tenant, req.params.invoiceId);
    res.type('application/pdf').attachment(`documento-${number}.pdf`).send(bytes);
  });

  router.get('/:invoiceId/allegati/:attachmentId', async (req, res) => {
    const file = await invoiceAttachment(prisma, res.locals.auth!, req.params.invoiceId, req.params.attachmentId);
    res.type(file.mimeType).attachment(file.fileName).send(Buffer.from(file.content));
  });

  return router;
}
