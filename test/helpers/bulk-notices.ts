import type { Db } from '../../src/db/client.ts';
import { insertRows } from '../../src/db/bulk.ts';
import { uuidv7 } from '../../src/db/uuid.ts';
import { buildNoticeNumber, iuvOf } from '../../src/domain/notice-number.ts';

const uuid = 'uuid';

/**
 * `families` × `perFamily` unpaid invoices of `period`, each with its VALID pagoPA notice, written in a few
 * statements (as a billing run leaves them, without the calls to pagoPA). Returns the notice numbers in the order
 * the desk prints them: by debtor name, then fiscal code, then notice id.
 */
export async function insertUnpaidNotices(
  prisma: Db,
  tenant: { id: string; fiscalCode: string; segregationCode: string },
  options: { families: number; perFamily: number; period: string; amountCents?: number },
): Promise<string[]> {
  const { families, perFamily, period } = options;
  const amountCents = options.amountCents ?? 4250;
  const tag = uuidv7().slice(-6).toUpperCase();
  const guardians = Array.from({ length: families }, (_, i) => ({
    id: uuidv7(),
    tenantId: tenant.id,
    fiscalCode: `BLK${tag}${String(i).padStart(7, '0')}`,
    firstName: 'Famiglia',
    lastName: `Numero ${String(i).padStart(5, '0')}`,
    residenceStreet: `Via dei Test ${i + 1}`,
    residenceZip: '20100',
    residenceCity: 'Milano',
    residenceProv: 'MI',
  }));
  const invoices: Record<string, unknown>[] = [];
  const notices: (Record<string, unknown> & { noticeNumber: string; debtorName: string; id: string })[] = [];
  const items: Record<string, unknown>[] = [];
  let n = 0;
  for (const guardian of guardians) {
    for (let k = 0; k < perFamily; k++, n++) {
      const invoiceId = uuidv7();
      const number = `${period}/${tag}/${n}`;
      invoices.push({
        id: invoiceId,
        tenantId: tenant.id,
        number,
        issuedOn: `${period}-01`,
        dueOn: `${period}-28`,
        guardianId: guardian.id,
        period,
        description: `Refezione scolastica ${period}`,
        totalCents: amountCents,
      });
      const noticeNumber = buildNoticeNumber(tenant.segregationCode, `${Date.now() % 1e6}`.padStart(6, '0') + String(n).padStart(7, '0'));
      const iuv = iuvOf(noticeNumber);
      const id = uuidv7();
      notices.push({
        id,
        tenantId: tenant.id,
        noticeNumber,
        iuv,
        iupd: `${tenant.fiscalCode}-${iuv}`,
        purpose: 'INVOICE',
        state: 'VALID',
        amountCents,
        subject: `Documento n. ${number} - Refezione scolastica ${period}`,
        dueOn: `${period}-28`,
        debtorFiscalCode: guardian.fiscalCode,
        debtorName: `${guardian.firstName} ${guardian.lastName}`,
        createdBy: 'test',
      });
      items.push({ id: uuidv7(), tenantId: tenant.id, noticeId: id, invoiceId, amountCents });
    }
  }
  await prisma.$transaction(async (tx) => {
    const text = 'text';
    await insertRows(
      tx,
      'Guardian',
      {
        id: uuid,
        tenantId: uuid,
        fiscalCode: text,
        firstName: text,
        lastName: text,
        residenceStreet: text,
        residenceZip: text,
        residenceCity: text,
        residenceProv: text,
      },
      guardians,
    );
    await insertRows(
      tx,
      'Invoice',
      {
        id: uuid,
        tenantId: uuid,
        number: text,
        issuedOn: 'date',
        dueOn: 'date',
        guardianId: uuid,
        period: text,
        description: text,
        totalCents: 'int',
      },
      invoices,
    );
    await insertRows(
      tx,
      'PaymentNotice',
      {
        id: uuid,
        tenantId: uuid,
        noticeNumber: text,
        iuv: text,
        iupd: text,
        purpose: '"NoticePurpose"',
        state: '"NoticeState"',
        amountCents: 'int',
        subject: text,
        dueOn: 'date',
        debtorFiscalCode: text,
        debtorName: text,
        createdBy: text,
      },
      notices,
    );
    await insertRows(tx, 'PaymentNoticeItem', { id: uuid, tenantId: uuid, noticeId: uuid, invoiceId: uuid, amountCents: 'int' }, items);
  });
  // guardians are numbered in name order; within a family, notices in id (creation) order
  return notices.map((notice) => notice.noticeNumber);
}

export interface MemoryPeak {
  baseRssMb: number;
  peakRssMb: number;
  baseHeapMb: number;
  peakHeapMb: number;
}

/** Runs `work` while sampling the process's memory every 10 ms: the figures a bulk print must keep flat. */
export async function measureMemory<T>(work: () => Promise<T>): Promise<{ result: T; memory: MemoryPeak }> {
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const base = process.memoryUsage();
  const peak = { rss: base.rss, heap: base.heapUsed };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed);
  };
  const timer = setInterval(sample, 10);
  try {
    const result = await work();
    sample();
    return {
      result,
      memory: { baseRssMb: mb(base.rss), peakRssMb: mb(peak.rss), baseHeapMb: mb(base.heapUsed), peakHeapMb: mb(peak.heap) },
    };
  } finally {
    clearInterval(timer);
  }
}
