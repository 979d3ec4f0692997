import type { RequestHandler } from 'express';
import type { i18n } from 'i18next';
import { LANGUAGES, translator, type Language, type Translate } from './i18n.ts';
import { languageOf } from './language.ts';
import { dietLabel } from './diet-label.ts';
import { mealStatusLabel, type LabelledMeal } from './meal-status-label.ts';
import { formatItalianDate, formatItalianDateTime, fromDbDate, monthIn } from '../domain/dates.ts';
import { formatEuro, formatEuroPlain } from '../domain/money.ts';
import { linkedParagraphs } from './plain-text.ts';
import { translatedErrors, type FormErrors } from './forms.ts';

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
        shown = req.session?.flash ?? [];
        if (req.session?.flash) delete req.session.flash;
        return shown;
      },
    });
    Object.assign(res.locals, viewHelpers);
    // Form errors reach every view through `errors`; schemas of parent forms give locale keys, turned into the
    // page's language here once instead of in each route.
    const render: (view: string, options?: object) => void = res.render.bind(res);
    res.render = ((view: string, options?: { errors?: FormErrors }, ...callback: unknown[]) => {
      const translated = options?.errors?.summary ? { ...options, errors: translatedErrors(options.errors, t) } : options;
      (render as (...args: unknown[]) => void)(view, translated, ...callback);
    }) as typeof res.render;
    next();
  };
}

type FlashKind = 'success' | 'info' | 'warning' | 'danger';
type FlashMessage = { kind: FlashKind; message: string };

export function flash(req: Express.Request, kind: FlashKind, message: string): void {
  const session = (req as { session?: { flash?: FlashMessage[] } }).session;
  if (!session) return;
  session.flash = [...(session.flash ?? []), { kind, message }];
}
