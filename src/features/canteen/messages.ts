// Turning the canteen's rule refusals and form errors into the text of locales/<lang>/canteen.json.
import type { Tenant } from '../../generated/prisma/client.ts';
import { dayLabel } from '../../domain/month-grid.ts';
import type { Language } from '../../web/i18n.ts';
import type { FormErrors } from '../../web/forms.ts';
import { formError } from '../../web/forms.ts';
import type { MealRequestRefused } from './service.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function refusalText(t: Translate, lang: Language, tenant: Pick<Tenant, 'cutoffTime'>, refusal: MealRequestRefused): string {
  return t(`canteen.errors.${refusal.code}`, {
    name: refusal.studentName,
    days: refusal.days.map((day) => dayLabel(day, lang)).join(', '),
    cutoff: tenant.cutoffTime,
    reason: refusal.reason ? ` (${refusal.reason})` : '',
  });
}

/** A refusal shown on a form, next to the field it is about. */
export function refusalAsFormError(
  t: Translate,
  lang: Language,
  tenant: Pick<Tenant, 'cutoffTime'>,
  refusal: MealRequestRefused,
  field: string,
): FormErrors {
  return formError(field, refusalText(t, lang, tenant, refusal));
}
