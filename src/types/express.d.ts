import 'express-session';
import type { Tenant } from '../generated/prisma/client.ts';
import type { SessionAuth } from '../auth/session-auth.ts';
import type { Language, Translate } from '../web/i18n.ts';
import type { LabelledMeal } from '../web/meal-status-label.ts';
import type { NavEntry } from '../web/nav.ts';

declare module 'express-session' {
  interface SessionData {
    auth?: SessionAuth;
    /** When the session was opened, for the absolute timeout. */
    startedAt?: number;
    /** Last request of a logged-in session (minute precision), for the idle timeout. */
    lastSeenAt?: number;
    /** Where to go after login or after filling in required data. */
    returnTo?: string;
    /** Italiano or English, chosen with the header's switch (also kept in a cookie). */
    language?: Language;
    flash?: { kind: 'success' | 'info' | 'warning' | 'danger'; message: string }[];
  }
}

declare global {
  namespace Express {
    interface Request {
      /** A multipart upload went over MAX_UPLOAD_BYTES: the file was dropped, the other fields kept. */
      uploadTooLarge?: boolean;
    }
    interface Locals {
      cspNonce: string;
      csrfToken: string;
      tenant: Tenant;
      auth: SessionAuth | undefined;
      requestPath: string;
      t: Translate;
      /** The page's language (`lang` on <html>, PDFs, the header's switch). */
      lang: Language;
      /** "YYYY-MM" as the month's name and year in the page's language */
      monthLabel: (month: string) => string;
      /** The header's menu: staff's on back-office pages, parents' on theirs (the layout renders it). */
      nav?: NavEntry[];
      /** a diet code as its Italian name (web/diet-label.ts) */
      dietLabel: (code: string) => string;
      mealStatusLabel: (meal: LabelledMeal) => string;
    }
  }
}

export {};
