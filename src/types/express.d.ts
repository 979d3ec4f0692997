import 'express-session';
import type { Tenant } from '../generated/prisma/client.ts';
import type { SessionAuth } from '../auth/session-auth.ts';
import type { Translate } from '../web/i18n.ts';
import type { LabelledMeal } from '../web/meal-status-label.ts';
import type { StaffNavItem } from '../features/admin/nav.ts';

declare module 'express-session' {
  interface SessionData {
    auth?: SessionAuth;
    /** When the session was opened, for the absolute timeout. */
    startedAt?: number;
    /** Last request of a logged-in session (minute precision), for the idle timeout. */
    lastSeenAt?: number;
    /** Where to go after login or after filling in required data. */
    returnTo?: string;
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
      /** The staff navigation, on back-office pages (the layout renders it). */
      nav?: StaffNavItem[];
      /** a diet code as its Italian name (web/diet-label.ts) */
      dietLabel: (code: string) => string;
      mealStatusLabel: (meal: LabelledMeal) => string;
    }
  }
}

export {};
