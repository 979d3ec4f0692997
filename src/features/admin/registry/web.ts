import type { Request, Response } from 'express';
import { areaCrumbs } from '../area-crumbs.ts';
import { actorOf, type Actor } from '../../../audit.ts';
import type { Crumb } from '../../../web/breadcrumb.ts';
import { FieldRuleError, formError, noErrors, typedValues, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import type { TenantRef } from './scope.ts';

/** A form as a page shows it: what was typed, the errors, and the record an error is about. */
export interface FormState {
  values: Record<string, unknown>;
  errors: FormErrors;
  link?: { href: string; label: string };
}

export const blankForm = (values: Record<string, unknown> = {}): FormState => ({ values, errors: noErrors });

/** The refused rule as a form state for the same page, or the error rethrown if it is not a refused rule. */
export function refusedForm(error: unknown, body: unknown): FormState {
  if (!(error instanceof FieldRuleError)) throw error;
  return { values: typedValues(body), errors: formError(error.field, error.userMessage), link: error.link };
}

/**
 * For buttons without fields (deactivate, delete, block): the action's message on the page it names (by default
 * the one the button is on), or the refused rule's message back on that page.
 */
export async function actionThenBack(req: Request, res: Response, back: string, action: () => Promise<{ message: string; to?: string }>) {
  try {
    const done = await action();
    flash(req, 'success', done.message);
    res.redirect(303, done.to ?? back);
  } catch (error) {
    if (!(error instanceof FieldRuleError)) throw error;
    flash(req, 'danger', error.userMessage);
    res.redirect(303, back);
  }
}

/** Who acts and in which Comune, for every registry write. */
export function context(res: Response): { tenant: TenantRef; actor: Actor } {
  return { tenant: { id: res.locals.tenant.id, slug: res.locals.tenant.slug }, actor: actorOf(res.locals.auth!) };
}

/** "Area amministrativa / Anagrafica / …" */
export function registryCrumbs(res: Response, ...trail: (string | Crumb)[]): Crumb[] {
  return areaCrumbs(res, { label: res.locals.t('adminRegistry.title'), path: '/anagrafica' }, ...trail);
}

/** The list link for page n, keeping the search, sort and state. */
export function listHref(base: string, query: { q: string; sort: string; state: string }) {
  return (page: number) => {
    const params = new URLSearchParams({ q: query.q, ordina: query.sort, stato: query.state, pagina: String(page) });
    return `${base}?${params.toString()}`;
  };
}
