import { addDays, type IsoDate } from './dates.ts';

/**
 * What the portal tells families. Issues 13 and 14 add their kinds (reminder letters, pratiche) here, with their
 * templates in locales/<lang>/notifications.json and their content in src/features/notifications/content.ts.
 */
export const NOTIFICATION_KINDS = [
  'INVOICE_ISSUED',
  'NOTICE_EXPIRING',
  'WALLET_LOW',
  'WALLET_NEGATIVE',
  'NEWS',
  'PRATICA_SUBMITTED',
  'PRATICA_ACCEPTED',
  'PRATICA_REJECTED',
  'REMINDER',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHANNELS = ['IO', 'EMAIL'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Kinds a parent cannot turn off: what they owe must reach them. */
export const ESSENTIAL_KINDS: ReadonlySet<NotificationKind> = new Set(['INVOICE_ISSUED', 'REMINDER']);

export const MESSAGE_LANGUAGES = ['it', 'en'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

/** The wallet warns when it can pay fewer meals than this (at the price of the meal just charged). */
export const LOW_BALANCE_MEALS = 3;

/** Days before its due date an expiring avviso is recalled to the parent. */
export const NOTICE_EXPIRY_WARNING_DAYS = 3;

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** How an opt-out is stored in NotificationProfile.optOuts. */
export function optOutKey(kind: NotificationKind, channel: Channel): string {
  return `${kind}:${channel}`;
}

/** The channels the parent wants for a kind: all of them for essential kinds, whatever they ticked. */
export function wantedChannels(kind: NotificationKind, optOuts: readonly string[]): Channel[] {
  if (ESSENTIAL_KINDS.has(kind)) return [...CHANNELS];
  return CHANNELS.filter((channel) => !optOuts.includes(optOutKey(kind, channel)));
}

/**
 * Where one message goes: IO when wanted and the citizen's IO profile lets this Comune's service write to them;
 * e-mail when wanted, and also in IO's place when IO was wanted but is not possible (not on IO, service turned off,
 * no key for the Comune), so a parent who chose IO alone still hears from the Comune.
 */
export function deliveryChannels(wanted: readonly Channel[], ioAllowed: boolean, hasEmail: boolean): Channel[] {
  const io = wanted.includes('IO') && ioAllowed;
  const email = hasEmail && (wanted.includes('EMAIL') || (wanted.includes('IO') && !ioAllowed));
  return [...(io ? (['IO'] as const) : []), ...(email ? (['EMAIL'] as const) : [])];
}

/** The due date whose expiring notices are recalled today. */
export function expiryWarningDueOn(today: IsoDate): IsoDate {
  return addDays(today, NOTICE_EXPIRY_WARNING_DAYS);
}

/** The message language from the parent's choice; Italian when none was made or it is not one we write. */
export function messageLanguage(chosen: string | null | undefined): MessageLanguage {
  return (MESSAGE_LANGUAGES as readonly string[]).includes(chosen ?? '') ? (chosen as MessageLanguage) : 'it';
}
