import express, { type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { formatItalianDate, formatItalianDateTime } from '../../domain/dates.ts';
import { formatEuroPlain } from '../../domain/money.ts';
import { csvHead, csvLine } from '../../web/csv.ts';
import { DomainRuleError } from '../../web/errors.ts';
import { noErrors, parseForm } from '../../web/forms.ts';
import { pageNumber, parentFrame } from '../family/page.ts';
import { periodSchema, statementSchema } from './schemas.ts';
import { familyStatementPdf, statementMonths } from './statement.ts';
import { walletCsvLines, walletMovement, walletPage } from './service.ts';

const KIND_LABELS: Record<string, string> = {
  OPENING: 'wallet.kinds.OPENING',
  TOP_UP: 'wallet.kinds.TOP_UP',
  MEAL: 'wallet.kinds.MEAL',
  CORRECTION: 'wallet.kinds.CORRECTION',
  REFUND: 'wallet.kinds.REFUND',
};

export function walletRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router();
  router.use(requireCitizen());

  router.get('/', async (req, res) => {
    const { tenant, auth, t } = res.locals;
    const form = parseForm(periodSchema, req.query);
    const period = form.ok ? { from: form.data.dal, to: form.data.al } : {};
    const data = await walletPage(prisma, auth!, tenant, {
      studentId: typeof req.query.alunno === 'string' ? req.query.alunno : undefined,
      period,
      page: pageNumber(req.query.pagina),
      now: clock.now(),
    });
    res.status(form.ok ? 200 : 422).render('wallet/index', {
      ...parentFrame(res, 'wallet', t('wallet.title')),
      ...data,
      kindLabels: KIND_LABELS,
      values: form.ok ? { dal: req.query.dal ?? '', al: req.query.al ?? '' } : form.values,
      errors: form.ok ? noErrors : form.errors,
      period,
      statementMonths: statementMonths(clock.now()),
    });
  });

  router.get('/estratto', async (req, res) => {
    const { tenant, auth, t, lang } = res.locals;
    const form = parseForm(statementSchema(statementMonths(clock.now())), req.query);
    if (!form.ok) throw new DomainRuleError(t(form.errors.summary[0].message));
    const bytes = await familyStatementPdf(prisma, t, lang, auth!, tenant, req.query.alunno, form.data.mese);
    res.type('application/pdf').attachment(`estratto-conto-${form.data.mese}.pdf`).send(bytes);
  });

  router.get('/csv', async (req, res) => {
    const { tenant, auth, t } = res.locals;
    const form = parseForm(periodSchema, req.query);
    const period = form.ok ? { from: form.data.dal, to: form.data.al } : {};
    const studentId = typeof req.query.alunno === 'string' ? req.query.alunno : undefined;
    const { student, batches } = await walletCsvLines(prisma, auth!, tenant, { studentId, period });
    const name = `conto-${student.badgeNumber}${period.from ? `-dal-${formatItalianDate(period.from).replace(/\//g, '-')}` : ''}.csv`;
    res.type('text/csv; charset=utf-8').attachment(name);
    res.write(csvHead(['date', 'service', 'kind', 'description', 'amount', 'balance'].map((column) => t(`wallet.csvColumns.${column}`))));
    for await (const rows of batches) {
      const lines = rows.map((m) =>
        csvLine([
          formatItalianDateTime(m.occurredAt),
          m.serviceName,
          t(KIND_LABELS[m.kind]),
          m.description,
          formatEuroPlain(m.amountCents),
          formatEuroPlain(m.balanceAfterCents),
        ]),
      );
      res.write(lines.join(''));
    }
    res.end();
  });

  router.get('/movimenti/:movementId', async (req, res) => {
    const { tenant, auth, t } = res.locals;
    const movement = await walletMovement(prisma, auth!, tenant, req.params.movementId);
    res.render('wallet/movement', {
      ...parentFrame(
        res,
        'wallet',
        t('wallet.movementTitle'),
        { label: t('wallet.title'), href: `/${tenant.slug}/conto?alunno=${movement.wallet.studentId}` },
        t('wallet.movementTitle'),
      ),
      movement,
      kindLabels: KIND_LABELS,
    });
  });

  return router;
}
