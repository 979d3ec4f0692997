// Reminder letters by e-mail: a family with an e-mail gets its own letter (its documents and avvisi) attached, an
// essential message it cannot opt out of; a family without one gets only the letter. A re-run sends nothing twice.
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/audit.ts';
import { formatEuro } from '../../../src/domain/money.ts';
import { formatNoticeNumber } from '../../../src/domain/notice-number.ts';
import { requestReminders, runReminderBatch } from '../../../src/features/admin/arrears/reminders.ts';
import { pdfText } from '../../helpers/pdf.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { ioMessagesOf, sendWaiting } from '../notifications/helpers.ts';
import { anArrearsComune, aValidNotice, type ArrearsComune } from './support.ts';

const ctx = useTestContext({ listen: true });
let comune: ArrearsComune;
let rossiNotices: { noticeNumber: string }[];
let verdiNotice: { noticeNumber: string; amountCents: number };
const ROSSI_MAIL = 'mario.rossi@example.it';

beforeAll(async () => {
  comune = await anArrearsComune(ctx);
  rossiNotices = [await aValidNotice(ctx, comune.rossiRecent, 1), await aValidNotice(ctx, comune.rossiOld, 2)];
  verdiNotice = await aValidNotice(ctx, comune.verdiOld, 3);
  await ctx.prisma.guardian.update({ where: { id: comune.rossi.id }, data: { email: ROSSI_MAIL } });
  await ctx.prisma.guardian.update({ where: { id: comune.verdi.id }, data: { email: null } });
  // Rossi opted out of everything he could: reminders are essential and reach him anyway
  await ctx.prisma.notificationProfile.create({
    data: { tenantId: comune.tenant.id, guardianId: comune.rossi.id, language: 'it', optOuts: ['REMINDER:EMAIL', 'NEWS:EMAIL'] },
  });
});

describe('reminder letters by e-mail', () => {
  it('e-mails a family with an e-mail its own letter, records the channel, and sends nothing twice', async () => {
    const batch = await requestReminders(ctx.deps, comune.tenant.id, SYSTEM_ACTOR, [comune.rossi.id, comune.verdi.id]);
    expect(await runReminderBatch(ctx.deps, batch.id)).toEqual({ letters: 2 });
    expect(await sendWaiting(ctx)).toEqual(['SENT']);

    const [mail] = ctx.mail.to(ROSSI_MAIL);
    expect(mail.parsed.subject).toBe(`${comune.tenant.name}: sollecito di pagamento`);
    expect(mail.parsed.text).toContain(comune.rossiOld.number);
    expect(mail.parsed.text).toContain('75,00');
    const pdfs = mail.parsed.attachments.filter((a) => a.contentType === 'application/pdf');
    expect(pdfs).toHaveLength(1);
    const letter = pdfText(pdfs[0].content);
    for (const notice of rossiNotices) expect(letter).toContain(formatNoticeNumber(notice.noticeNumber));
    // the family's own letter only: not Verdi's
    expect(letter).toContain('Mario Rossi');
    expect(letter).not.toContain('Anna Verdi');
    expect(letter).not.toContain(formatNoticeNumber(verdiNotice.noticeNumber));

    const reminders = await ctx.prisma.reminder.findMany({ where: { batchId: batch.id }, orderBy: { guardianId: 'asc' } });
    expect(Object.fromEntries(reminders.map((r) => [r.guardianId, r.channel]))).toEqual({
      [comune.rossi.id]: 'EMAIL',
      [comune.verdi.id]: 'LETTER',
    });
    // Verdi has no e-mail (and the Comune no IO key): the letter only, no message at all
    expect(await ctx.prisma.notification.count({ where: { guardianId: comune.verdi.id } })).toBe(0);

    // the job run again, and another dispatch: nothing more is recorded or sent
    expect(await runReminderBatch(ctx.deps, batch.id)).toEqual({ letters: 2 });
    expect(await sendWaiting(ctx)).toEqual([]);
    expect(ctx.mail.to(ROSSI_MAIL)).toHaveLength(1);
    expect(await ctx.prisma.reminder.count({ where: { batchId: batch.id } })).toBe(2);
  });

  it('reaches a family without e-mail on IO when the Comune has it, with the first unpaid notice as payment data', async () => {
    await ctx.prisma.tenant.update({ where: { id: comune.tenant.id }, data: { ioApiKey: 'io-subscription-key-arrears-0001' } });
    const batch = await requestReminders(ctx.deps, comune.tenant.id, SYSTEM_ACTOR, [comune.verdi.id]);
    await runReminderBatch(ctx.deps, batch.id);
    expect(await sendWaiting(ctx)).toEqual(['SENT']);
    const [message] = await ioMessagesOf(ctx, comune.verdi.fiscalCode);
    expect(message.content.subject).toBe(`${comune.tenant.name}: sollecito di pagamento`);
    expect(message.content.markdown).toContain(`per un totale di ${formatEuro(4000)}`);
    expect(message.content.markdown).toContain(`porta l'avviso ${verdiNotice.noticeNumber} di ${formatEuro(verdiNotice.amountCents)}`);
    expect(message.content.payment_data).toMatchObject({ amount: verdiNotice.amountCents, notice_number: verdiNotice.noticeNumber });
    expect(await ctx.prisma.reminder.findFirstOrThrow({ where: { batchId: batch.id } })).toMatchObject({ channel: 'LETTER' });
  });
});
