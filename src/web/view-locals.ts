import type { RequestHandler } from 'express';
import type { i18n } from 'i18next';
import { LANGUAGES, translator, type Language, type Translate } from './i18n.ts';
import { languageOf } from './language.ts';
import { dietLabel } from './diet-label.ts';
import { mealStatusLabel, type LabelledMeal } from './meal-status-label.ts';
import { formatItalianDate, formatItalianDateTime, fromDbDate, monthIn } from '../domain/dates.ts';
import { formatEuro, formatEuroPlain } from '../domain/money.ts';
import { linkedParagraphs } from './plain-text.ts';
import { localizedText, translatedErrors, type FormErrors } from './forms.ts';

/** Formatting helpers every view may use: amounts and dates are formatted only here. */
export const viewHelpers = {
  euro: (cents: number) => formatEuro(cents),
  euroPlain: (cents: number) => formatEuroPlain(cents),
  date: (value: Date | string | null | undefined) =>
    value == null ? '' : formatItalianDate(typeof value === 'string' ? value : fromDbDate(value)),
  dateTime: (value: Date | null | undefined) => (value ? formatItalianDateTime(value) : ''),
  linkedParagraphs,
};

export function setUpViewLocals(i18n: i18n): RequestHandler {
  const translators = Object.fromEntries(LANGUAGES.map((lng) => [lng, translator(i18n, lng)])) as Record<Language, Translate>;
  return (req, res, next) => {
    const lang = languageOf(req);
    const t = translators[lang];
    res.locals.lang = lang;
    res.locals.t = t;
    res.locals.monthLabel = (month: string) => monthIn(`${month}-01`, lang);
    res.locals.dietLabel = (code: string) => dietLabel(t, code);
    res.locals.mealStatusLabel = (meal: LabelledMeal) => mealStatusLabel(t, meal);
    res.locals.requestPath = req.originalUrl;
    // Taken out of the session only by a page that shows it: a stray request (an icon, a 404 for an asset)
    // that happens to run between a redirect and its page must not swallow the message.
    let shown: FlashMessage[] | undefined;
    Object.defineProperty(res.locals, 'flash', {
      configurable: true,
      enumerable: true,
      get: () => {
        if (shown) return shown;
        shown = (req.session?.flash ?? []).map((item) => ({ ...item, message: localizedText(item.message, t) }));
        if (req.session?.flash) delete req.session.flash;
        return shown;
      },
    });
    Object.assign(res.locals, viewHelpers);
    // Form errors reach every view through `errors` (or a second form's `{ values, errors }`); schemas give locale
    // keys, turned into the page's language here once instead of in each route.
    const render: (view: string, options?: object) => void = res.render.bind(res);
    res.render = ((view: string, options?: Record<string, unknown>, ...callback: unknown[]) => {
      (render as (...args: unknown[]) => void)(view, options && withTranslatedErrors(options, t), ...callback);
    }) as typeof res.render;
    next();
  };
}

const isFormErrors = (value: unknown): value is FormErrors =>
  typeof value === 'object' && value !== null && Array.isArray((value as FormErrors).summary);

function withTranslatedErrors(options: Record<string, unknown>, t: Translate): Record<string, unknown> {
  const translated = { ...options };
  for (const [name, value] of Object.entries(options)) {
    if (isFormErrors(value)) translated[name] = translatedErrors(value, t);
    else if (name !== 'errors' && typeof value === 'object' && value !== null && isFormErrors((value as { errors?: unknown }).errors))
      translated[name] = { ...value, errors: translatedErrors((value as { errors: FormErrors }).errors, t) };
  }
  return translated;
}

type FlashKind = 'success' | 'info' | 'warning' | 'danger';
type FlashMessage = { kind: FlashKind; message: string };

export function flash(req: Express.Request, kind: FlashKind, message: string): void {
  const session = (req as { session?: { flash?: FlashMessage[] } }).session;
  if (!session) return;
  session.flash = [...(session.flash ?? []), { kind, message }];
}
