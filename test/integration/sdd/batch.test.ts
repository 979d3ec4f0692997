// createSddBatch: one pain.008.001.02 file that validates against the official XSD, with the invoices' sums.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/audit.ts';
import { createSddBatch } from '../../../src/features/sdd/batch.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { anSddComune, anSddFamily, validatePain008 } from './support.ts';

const ctx = useTestContext({ listen: true });

const texts = (xml: string, tag: string) =>
  Array.from(new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS('*', tag)).map((e) => e.textContent?.trim());

describe('createSddBatch', () => {
  it('writes one SDD Core file that validates against the XSD, FRST and RCUR apart, sums and counts from the invoices', async () => {
    const tenant = await anSddComune(ctx);
    const first = await anSddFamily(ctx, tenant, { invoices: [4500, 3901, 1], firstInvoiceNumber: 100 });
    const again = await anSddFamily(ctx, tenant, { invoices: [12345], firstInvoiceNumber: 200, collectedBefore: true });
    const noMandate = await anSddFamily(ctx, tenant, { invoices: [5000], firstInvoiceNumber: 300, mandate: false });
    const other = await anSddFamily(ctx, await anSddComune(ctx), { invoices: [7000], firstInvoiceNumber: 400 });
    // paid already: never debited
    await ctx.prisma.invoice.update({ where: { id: first.invoices[2].id }, data: { state: 'PAID', paidCents: 1 } });
    const ids = [first, again, noMandate, other].flatMap((family) => family.invoices.map((invoice) => invoice.id));

    const batch = await createSddBatch(
      ctx.prisma,
      tenant,
      { billingRunId: null, invoiceIds: ids, collectionOn: '2026-11-25' },
      SYSTEM_ACTOR,
    );
    expect(batch).not.toBeNull();
    expect([batch!.count, batch!.totalCents]).toEqual([3, 4500 + 3901 + 12345]);

    const verdict = await validatePain008(batch!.xml);
    expect(verdict.errors).toEqual([]);
    expect(verdict.valid).toBe(true);
    // the check has teeth: a sequence type the schema does not list is refused
    expect((await validatePain008(batch!.xml.replace('<SeqTp>FRST', '<SeqTp>XXXX'))).valid).toBe(false);
    expect(texts(batch!.xml, 'MsgId')).toEqual([batch!.messageId]);
    // the group header, then the FRST and RCUR payment information blocks
    expect(texts(batch!.xml, 'NbOfTxs')).toEqual(['3', '2', '1']);
    expect(texts(batch!.xml, 'CtrlSum')).toEqual(['207.46', '84.01', '123.45']);
    expect(texts(batch!.xml, 'SeqTp')).toEqual(['FRST', 'RCUR']);
    expect(texts(batch!.xml, 'InstdAmt')).toEqual(['45.00', '39.01', '123.45']);
    expect(texts(batch!.xml, 'ReqdColltnDt')).toEqual(['2026-11-25', '2026-11-25']);
    expect(texts(batch!.xml, 'Id')).toContain('IT66ZZZA1B2C3D4E5F6G7H8');

    const items = await ctx.prisma.sddBatchItem.findMany({ where: { batchId: batch!.id }, orderBy: { amountCents: 'asc' } });
    expect(items.map((i) => [i.sequenceType, i.amountCents])).toEqual([
      ['FRST', 3901],
      ['FRST', 4500],
      ['RCUR', 12345],
    ]);
    expect(new Set(items.map((i) => i.endToEndId)).size).toBe(3);
    expect(texts(batch!.xml, 'EndToEndId').sort()).toEqual(items.map((i) => i.endToEndId).sort());
    const invoices = await ctx.prisma.invoice.findMany({ where: { id: { in: ids } }, orderBy: { number: 'asc' } });
    expect(invoices.map((i) => [i.number, i.directDebit, i.sddBatchId === batch!.id])).toEqual([
      ['2026/100', 'IN_COLLECTION', true],
      ['2026/101', 'IN_COLLECTION', true],
      ['2026/102', 'NONE', false],
      ['2026/200', 'IN_COLLECTION', true],
      ['2026/300', 'NONE', false],
      ['2026/400', 'NONE', false],
    ]);
    const mandate = await ctx.prisma.sddMandate.findFirstOrThrow({ where: { guardianId: first.guardian.id } });
    expect(mandate.firstCollectedOn?.toISOString().slice(0, 10)).toBe('2026-11-25');
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId: tenant.id, action: 'SDD_BATCH_CREATED', entityId: batch!.id } })).toBe(1);

    // the same invoices again: nothing qualifies any more
    expect(
      await createSddBatch(ctx.prisma, tenant, { billingRunId: null, invoiceIds: ids, collectionOn: '2026-11-26' }, SYSTEM_ACTOR),
    ).toBeNull();
    expect(await ctx.prisma.sddBatch.count({ where: { tenantId: tenant.id } })).toBe(1);
  });

  it('writes accented names in the SEPA character set and the next debit of a mandate as RCUR', async () => {
    const tenant = await anSddComune(ctx);
    const family = await anSddFamily(ctx, tenant, { invoices: [2000, 2100], firstInvoiceNumber: 500 });
    await ctx.prisma.sddMandate.updateMany({ where: { guardianId: family.guardian.id }, data: { debtorName: 'Niccolò D’Amico & C.' } });
    const one = await createSddBatch(
      ctx.prisma,
      tenant,
      { billingRunId: null, invoiceIds: [family.invoices[0].id], collectionOn: '2026-11-25' },
      SYSTEM_ACTOR,
    );
    expect((await validatePain008(one!.xml)).valid).toBe(true);
    expect(texts(one!.xml, 'Nm')).toContain("Niccolo D'Amico + C.");
    expect(texts(one!.xml, 'SeqTp')).toEqual(['FRST']);
    const two = await createSddBatch(
      ctx.prisma,
      tenant,
      { billingRunId: null, invoiceIds: [family.invoices[1].id], collectionOn: '2026-12-28' },
      SYSTEM_ACTOR,
    );
    expect(texts(two!.xml, 'SeqTp')).toEqual(['RCUR']);
    expect(one!.messageId).not.toBe(two!.messageId);
  });

  it('refuses to write a file while the Comune has no creditor identifier', async () => {
    const tenant = await anSddComune(ctx);
    const family = await anSddFamily(ctx, tenant, { invoices: [2000], firstInvoiceNumber: 600 });
    const bare = await ctx.prisma.tenant.update({ where: { id: tenant.id }, data: { sddCreditorId: null } });
    await expect(
      createSddBatch(
        ctx.prisma,
        bare,
        { billingRunId: null, invoiceIds: [family.invoices[0].id], collectionOn: '2026-11-25' },
        SYSTEM_ACTOR,
      ),
    ).rejects.toThrow('codice identificativo del creditore');
    expect((await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[0].id } })).directDebit).toBe('NONE');
  });
});
