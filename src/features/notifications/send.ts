import type { AppDeps } from '../../deps.ts';
import {
  deliveryChannels,
  isNotificationKind,
  messageLanguage,
  wantedChannels,
  type Channel,
  type NotificationKind,
} from '../../domain/notifications.ts';
import type { Guardian, NotificationAttempt, NotificationOutcome, Tenant } from '../../generated/prisma/client.ts';
import { PagoPaRefusedError } from '../../pagopa/gateway.ts';
import { loadContent, NotReadyError, type MessageContent } from './content.ts';
import { htmlOf, markdownOf, renderMessage, type RenderedMessage } from './templates.ts';

type SendDeps = Pick<AppDeps, 'prisma' | 'clock' | 'config' | 'mailer' | 'io' | 'logger'>;

/**
 * An attempt still STARTED this long after it began belongs to a job that died (a send job expires after 5 minutes);
 * younger, it may be a job still sending, and this one waits for a retry instead.
 */
const ATTEMPT_LIFETIME_MS = 5 * 60_000;

export class NotificationBusyError extends Error {
  override name = 'NotificationBusyError';
}

/** A channel is finished once an attempt on it was sent, refused for good, or left uncertain. */
const FINAL: ReadonlySet<NotificationOutcome> = new Set(['SENT', 'REFUSED', 'UNCERTAIN']);

/**
 * Sends one outbox message: IO and/or e-mail as the parent chose and IO allows. At most once per channel: each
 * attempt is recorded STARTED (committed) before the provider is called and finished after. A job that dies in
 * between leaves it STARTED; its retry marks it UNCERTAIN and does not send again: a lost message is visible to
 * the clerk (and resent by hand), a duplicate would be a second invoice mail with nobody knowing. Failures known
 * not to have delivered (a 429 or 5xx after the client's retries, SMTP unreachable) are FAILED and retried by pg-boss.
 */
export async function sendNotification(deps: SendDeps, notificationId: string, tenantId: string): Promise<string> {
  const claimed = await claim(deps, notificationId, tenantId);
  if (!claimed) return 'done';
  const { notification, attempts } = claimed;
  if (!isNotificationKind(notification.kind)) throw new Error(`unknown notification kind ${notification.kind}`);
  const kind: NotificationKind = notification.kind;
  const [tenant, guardian, profile] = await Promise.all([
    deps.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } }),
    deps.prisma.guardian.findFirstOrThrow({ where: { tenantId, id: notification.guardianId } }),
    deps.prisma.notificationProfile.findFirst({ where: { tenantId, guardianId: notification.guardianId } }),
  ]);
  const loaded = await loadContent(kind, {
    prisma: deps.prisma,
    tenant,
    guardian,
    payload: notification.payload as Record<string, unknown>,
    now: deps.clock.now(),
  });
  if (loaded.state === 'NOT_READY') throw new NotReadyError(loaded.reason);
  if (loaded.state === 'SKIP') return finish(deps, notificationId, tenantId, 'SKIPPED');

  const language = messageLanguage(profile?.language);
  const message = renderMessage(
    language,
    kind,
    tenant,
    guardian.isCompany ? guardian.lastName : `${guardian.firstName} ${guardian.lastName}`,
    loaded.content.values,
    loaded.content.extraKeys,
    `${deps.config.baseUrl}/${tenant.slug}/${loaded.content.path}`,
  );
  const outcomes = new Map<Channel, NotificationOutcome>();
  for (const attempt of attempts) if (FINAL.has(attempt.outcome)) outcomes.set(attempt.channel, attempt.outcome);
  const send: Sending = { deps, tenant, guardian, notificationId, template: `${kind}.${language}`, message, content: loaded.content };

  const wanted = wantedChannels(kind, profile?.optOuts ?? []);
  let ioAllowed = outcomes.get('IO') === 'SENT' || (wanted.includes('IO') && (await ioAllows(deps, tenant, guardian)));
  for (const channel of deliveryChannels(wanted, ioAllowed, !!guardian.email)) {
    if (!outcomes.has(channel)) outcomes.set(channel, await attempt(send, channel));
    if (channel === 'IO' && outcomes.get('IO') === 'REFUSED') ioAllowed = false;
  }
  // IO refused this message for good (e.g. 400): e-mail in its place, as when the profile does not allow IO
  if (!ioAllowed && !outcomes.has('EMAIL') && deliveryChannels(wanted, false, !!guardian.email).includes('EMAIL'))
    outcomes.set('EMAIL', await attempt(send, 'EMAIL'));

  const results = [...outcomes.values()];
  if (results.includes('FAILED')) throw new Error(`notification ${notificationId}: a channel failed, retried later`);
  const state = results.includes('SENT')
    ? 'SENT'
    : results.includes('UNCERTAIN')
      ? 'UNCERTAIN'
      : results.includes('REFUSED')
        ? 'FAILED'
        : 'SKIPPED';
  return finish(deps, notificationId, tenantId, state);
}

/** The message if it still waits, its attempts with any left STARTED by a dead job turned UNCERTAIN. */
async function claim(deps: SendDeps, notificationId: string, tenantId: string) {
  return deps.prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Notification" WHERE id = ${notificationId}::uuid AND "tenantId" = ${tenantId}::uuid AND state = 'PENDING'
      FOR UPDATE`;
    if (!locked) return null;
    const notification = await tx.notification.findUniqueOrThrow({ where: { id: notificationId } });
    // after a clerk's resend, the channels start over: the attempts before it are history
    const attempts: NotificationAttempt[] = await tx.notificationAttempt.findMany({
      where: { tenantId, notificationId, ...(notification.resentAt ? { startedAt: { gte: notification.resentAt } } : {}) },
    });
    const now = deps.clock.now();
    for (const started of attempts.filter((a) => a.outcome === 'STARTED')) {
      if (now.getTime() - started.startedAt.getTime() < ATTEMPT_LIFETIME_MS) throw new NotificationBusyError(notificationId);
      await tx.notificationAttempt.update({
        where: { id: started.id },
        data: { outcome: 'UNCERTAIN', finishedAt: now, detail: 'interrotto dopo l’avvio: non reinviato' },
      });
      started.outcome = 'UNCERTAIN';
    }
    return { notification, attempts };
  });
}

async function ioAllows(deps: SendDeps, tenant: Tenant, guardian: Guardian): Promise<boolean> {
  if (!tenant.ioApiKey || guardian.isCompany) return false;
  try {
    const profile = await deps.io.getProfile(tenant.ioApiKey, guardian.fiscalCode);
    return profile.exists && profile.senderAllowed;
  } catch (error) {
    // a refused check (a wrong key: 401/403) is the Comune's to fix; the parent still gets the e-mail meanwhile
    if (!(error instanceof PagoPaRefusedError)) throw error;
    deps.logger.warn({ err: error, tenant: tenant.slug }, 'IO profile check refused');
    return false;
  }
}

interface Sending {
  deps: SendDeps;
  tenant: Tenant;
  guardian: Guardian;
  notificationId: string;
  template: string;
  message: RenderedMessage;
  content: MessageContent;
}

/** One channel's attempt: recorded before the provider is called, its outcome after. */
async function attempt(send: Sending, channel: Channel): Promise<NotificationOutcome> {
  const { deps, tenant, guardian, message, content } = send;
  const recipient = channel === 'IO' ? guardian.fiscalCode : guardian.email!;
  const row = await deps.prisma.notificationAttempt.create({
    data: {
      tenantId: tenant.id,
      notificationId: send.notificationId,
      channel,
      recipient,
      template: send.template,
      startedAt: deps.clock.now(),
    },
  });
  let outcome: NotificationOutcome;
  let providerId: string | null = null;
  let detail: string | null = null;
  try {
    providerId =
      channel === 'IO'
        ? (
            await deps.io.submitMessage(tenant.ioApiKey!, {
              fiscalCode: recipient,
              subject: message.subject.slice(0, 120),
              markdown: markdownOf(message),
              dueDate: content.dueOn ? `${content.dueOn}T00:00:00.000Z` : undefined,
              payment: content.payment,
            })
          ).id
        : (
            await deps.mailer.send({
              to: recipient,
              subject: message.subject,
              text: message.paragraphs.join('\n\n'),
              html: htmlOf(message),
              attachments: content.attachments,
            })
          ).messageId;
    outcome = 'SENT';
  } catch (error) {
    outcome = refusedForGood(error) ? 'REFUSED' : 'FAILED';
    detail = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    deps.logger.warn({ err: error, notificationId: send.notificationId, channel }, 'notification attempt did not send');
  }
  await deps.prisma.notificationAttempt.update({
    where: { id: row.id },
    data: { outcome, providerId, detail, finishedAt: deps.clock.now() },
  });
  return outcome;
}

/** A 4xx from IO or a 5xx SMTP reply: asking again would get the same answer. */
function refusedForGood(error: unknown): boolean {
  if (error instanceof PagoPaRefusedError) return true;
  const code = (error as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

async function finish(deps: SendDeps, notificationId: string, tenantId: string, state: 'SENT' | 'FAILED' | 'UNCERTAIN' | 'SKIPPED') {
  await deps.prisma.notification.update({
    where: { id: notificationId, tenantId },
    data: { state, finishedAt: deps.clock.now() },
  });
  return state;
}
