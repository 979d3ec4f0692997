import { runNotificationsDispatch } from '../../../src/features/notifications/outbox.ts';
import { sendNotification } from '../../../src/features/notifications/send.ts';
import type { SimIoMessage } from '../../../src/io/simulator/store.ts';
import type { TestContext } from '../../helpers/test-app.ts';

/** What the dispatch and send jobs would do, run here in order: every waiting message queued, then each sent once. */
export async function sendWaiting(ctx: TestContext, deps = ctx.deps): Promise<string[]> {
  const from = ctx.sentJobs.length;
  await runNotificationsDispatch(deps);
  const outcomes: string[] = [];
  for (const job of ctx.sentJobs.slice(from).filter((j) => j.name === 'notification-send'))
    outcomes.push(await sendNotification(deps, String(job.data.notificationId), String(job.data.tenantId)));
  return outcomes;
}

/** The messages the IO simulator holds for a fiscal code, newest first (its citizen page, as JSON). */
export async function ioMessagesOf(ctx: TestContext, fiscalCode: string): Promise<SimIoMessage[]> {
  const response = await fetch(`${ctx.baseUrl}/_io/messaggi/${fiscalCode}`, { headers: { accept: 'application/json' } });
  return (await response.json()) as SimIoMessage[];
}

export async function ioCommand(ctx: TestContext, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${ctx.baseUrl}/_io/sim/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 204) throw new Error(`IO simulator command ${path}: ${response.status}`);
}
