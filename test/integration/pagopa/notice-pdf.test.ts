import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNoticeNumber, noticeQrPayload } from '../../../src/domain/notice-number.ts';
import { submitForm } from '../../helpers/http.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { aPayingFamily, aTopUpAvviso } from '../../helpers/payments.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

const run = promisify(execFile);
// jsqr is CommonJS: at run time the default import is the function, while its typings describe it under `default`.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);
let ctx: TestContext;
let dir: string;

beforeAll(async () => {
  ctx = await createTestContext({ listen: true });
  dir = await mkdtemp(path.join(tmpdir(), 'avviso-'));
});

afterAll(async () => {
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

/** Renders page 1 and decodes the first QR code found on it. */
async function qrOf(bytes: Buffer, name: string): Promise<string | null> {
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, bytes);
  await run('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, name)]);
  const png = PNG.sync.read(await readFile(path.join(dir, `${name}.png`)));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

const body = (response: { body: unknown }) => response.body as Buffer;

describe('the printable avviso pagoPA', () => {
  it('prints code in groups of 4, amount, creditor CF, due date, and a QR that decodes to the exact payload', async () => {
    const family = await aPayingFamily(ctx, { invoices: [123456] });
    const issued = await submitForm(
      family.agent,
      `/${family.tenant.slug}/pagamenti`,
      `/${family.tenant.slug}/pagamenti/documenti/${family.invoices[0].id}/avviso`,
      {},
    );
    expect(issued.status).toBe(303);
    const response = await download(family.agent, issued.headers.location);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const notice = await ctx.prisma.paymentNotice.findFirstOrThrow({ where: { tenantId: family.tenant.id } });

    const text = pdfText(body(response));
    expect(text).toContain(formatNoticeNumber(notice.noticeNumber));
    expect(text).toContain('1.234,56 €');
    expect(text).toContain(family.tenant.fiscalCode);
    expect(text).toContain('28/09/2026');
    expect(text).toContain(family.guardian.fiscalCode);
    expect(text).toContain('DOVE PAGARE');
    expect(text).not.toContain('BOLLETTINO POSTALE');

    expect(await qrOf(body(response), 'invoice')).toBe(noticeQrPayload(notice.noticeNumber, family.tenant.fiscalCode, 123456));
    expect(noticeQrPayload(notice.noticeNumber, family.tenant.fiscalCode, 123456)).toBe(
      `PAGOPA|002|${notice.noticeNumber}|${family.tenant.fiscalCode}|123456`,
    );

    // Asking again prints the same notice: no second avviso for the same document.
    const again = await submitForm(
      family.agent,
      `/${family.tenant.slug}/pagamenti`,
      `/${family.tenant.slug}/pagamenti/documenti/${family.invoices[0].id}/avviso`,
      {},
    );
    expect(again.headers.location).toBe(issued.headers.location);
    expect(await ctx.prisma.paymentNotice.count({ where: { tenantId: family.tenant.id } })).toBe(1);
  });

  it("has the Poste part only when the Comune has a postal account, and prints the top-up's due date (30 days on)", async () => {
    const family = await aPayingFamily(ctx, { postalAccount: '001023456789' });
    const notice = await aTopUpAvviso(ctx, family, '5000');
    const response = await download(family.agent, `/${family.tenant.slug}/pagamenti/avvisi/${notice.id}/pdf`);
    const text = pdfText(body(response));
    // Issued on 18/11/2026 by the test clock; a top-up avviso expires after its due date.
    expect(text).toContain('18/12/2026');
    expect(text).not.toContain('senza scadenza');
    expect(text).toContain('50,00 €');
    expect(text).toContain('BOLLETTINO POSTALE');
    expect(text).toContain('001023456789');
    expect(await qrOf(body(response), 'topup')).toBe(noticeQrPayload(notice.noticeNumber, family.tenant.fiscalCode, 5000));
  });
});
