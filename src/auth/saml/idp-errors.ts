import type { Translate } from '../../web/i18n.ts';

/**
 * What to tell the user when the identity provider answers with one of SPID's "anomaly" codes (AgID's table of
 * error messages: ErrorCode nr19–nr25 are the ones about the user). Code 24 has no meaning of its own in the
 * table, so it gets the generic text.
 */
export interface IdpErrorPage {
  code: number | null;
  title: string;
  message: string;
}

/** The codes with a text of their own under login.idpErrors; any other code gets login.idpErrors.generic. */
const CODES_WITH_TEXT = new Set([19, 20, 21, 22, 23, 25]);

/** SPID puts the code in StatusMessage as "ErrorCode nr22". */
export function idpErrorCodeFrom(statusMessage: string | null): number | null {
  const match = /ErrorCode\s*nr\s*0*(\d{1,3})/i.exec(statusMessage ?? '');
  return match ? Number(match[1]) : null;
}

export function idpErrorPage(code: number | null, t: Translate): IdpErrorPage {
  const key = `login.idpErrors.${code !== null && CODES_WITH_TEXT.has(code) ? code : 'generic'}`;
  return { code, title: t(`${key}.title`), message: t(`${key}.message`) };
}

/** The codes the local identity provider can answer with, for its picker. */
export const USER_ERROR_CODES = [19, 20, 21, 22, 23, 24, 25] as const;
