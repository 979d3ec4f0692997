import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { safeReturnPath } from '../../auth/routes.ts';
import { flash } from '../../web/view-locals.ts';
import { noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { parentFrame } from '../family/page.ts';
import { requiredDataSchema } from './schemas.ts';
import { completeRequiredData, fieldOf, missingRequiredData, type MissingItem } from './service.ts';

/** Where to send the parent back: a path of this Comune only (never another site), else the home page. */
function returnPath(res: Response, raw: unknown): string {
  const slug = res.locals.tenant.slug;
  const candidate = typeof raw === 'string' && !/[\\\s]/.test(raw) ? raw : undefined;
  return safeReturnPath(candidate, slug) ?? `/${slug}/home`;
}

function render(
  res: Response,
  status: number,
  missing: MissingItem[],
  back: string,
  values: Record<string, unknown> = {},
  errors: FormErrors = noErrors,
) {
  res.status(status).render('required-data/index', {
    ...parentFrame(res, 'home', res.locals.t('requiredData.title')),
    missing: missing.map((item) => ({ ...item, field: fieldOf(item) })),
    back,
    values,
    errors,
  });
}

export function requiredDataRoutes({ prisma }: AppDeps): Router {
  const router = express.Router();
  router.use(requireCitizen());

  router.get('/', async (req, res) => {
    render(res, 200, await missingRequiredData(prisma, res.locals.auth!), returnPath(res, req.query.ritorno));
  });

  router.post('/', async (req, res) => {
    const auth = res.locals.auth!;
    const back = returnPath(res, (req.body as { ritorno?: unknown }).ritorno);
    const missing = await missingRequiredData(prisma, auth);
    const form = parseForm(requiredDataSchema(missing, res.locals.t), req.body);
    if (!form.ok) return render(res, 422, missing, back, form.values, form.errors);
    const refused = await completeRequiredData(prisma, auth, new Map(Object.entries(form.data)));
    if (Object.keys(refused).length) {
      const errors: FormErrors = { summary: Object.entries(refused).map(([field, message]) => ({ field, message })), byField: refused };
      return render(res, 422, missing, back, form.data, errors);
    }
    flash(req, 'success', res.locals.t('requiredData.saved'));
    res.redirect(back);
  });

  return router;
}
