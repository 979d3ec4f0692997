// Shared by the SDD tests: a post-paid Comune with a creditor id, families with mandates, a clerk, the XSD check.
import { readFile } from 'node:fs/promises';
import { randomInt } from 'node:crypto';
import { validateXML } from 'xmllint-wasm';
import { toDbDate } from '../../../src/domain/dates.ts';
import { aLocalAccount, aTenant, TEST_PASSWORD } from '../../helpers/builders.ts';
import { agentFor, loginWithPassword, type Agent } from '../../helpers/http.ts';
import { aPayingFamily, type PayingFamily } from '../../helpers/payments.ts';
import type { TestContext } from '../../helpers/test-app.ts';

export const CREDITOR_ID = 'IT66ZZZA1B2C3D4E5F6G7H8';

export async function anSddComune(ctx: TestContext) {
  return aTenant(ctx.prisma, {
    billingMode: 'POSTPAID',
    fiscalCode: `8${String(randomInt(10 ** 9)).padStart(10, '0')}`,
    sddCreditorId: CREDITOR_ID,
  });
}

let references = 0;

/** A family of the Comune with unpaid invoices and, unless `mandate` is false, a mandate in force. */
export async function anSddFamily(
  ctx: TestContext,
  tenant: Awaited<ReturnType<typeof anSddComune>>,
  options: { invoices: number[]; firstInvoiceNumber: number; mandate?: boolean; collectedBefore?: boolean },
): Promise<PayingFamily> {
  const family = await aPayingFamily(ctx, { tenant, invoices: options.invoices, firstInvoiceNumber: options.firstInvoiceNumber });
  if (options.mandate !== false) {
    await ctx.prisma.sddMandate.create({
      data: {
        tenantId: tenant.id,
        guardianId: family.guardian.id,
        reference: `MND-TEST-${++references}`,
        iban: 'IT60X0542811101000000123456',
        debtorName: `${family.guardian.firstName} ${family.guardian.lastName}`,
        signedOn: toDbDate('2026-09-01'),
        firstCollectedOn: options.collectedBefore ? toDbDate('2026-10-05') : null,
        createdBy: 'test',
      },
    });
    await ctx.prisma.guardian.update({ where: { id: family.guardian.id }, data: { paymentMethod: 'SDD' } });
  }
  return family;
}

export async function aClerkOf(ctx: TestContext, tenant: { id: string; slug: string }): Promise<Agent> {
  const account = await aLocalAccount(ctx.prisma, tenant.id, { role: 'CLERK' });
  const agent = agentFor(ctx.app);
  const login = await loginWithPassword(agent, tenant.slug, account.username, TEST_PASSWORD);
  if (login.status !== 302) throw new Error(`clerk login failed: ${login.status}`);
  return agent;
}

/** xmllint's verdict on a pain.008 file against the official pain.008.001.02 schema kept in the fixtures. */
export async function validatePain008(xml: string) {
  const schema = await readFile(new URL('../../fixtures/sepa/pain.008.001.02.xsd', import.meta.url), 'utf8');
  return validateXML({ xml: [{ fileName: 'file.xml', contents: xml }], schema: [{ fileName: 'pain.008.001.02.xsd', contents: schema }] });
}

/** A pain.002.001.03 status report as a bank sends it: one TxInfAndSts per debit. */
export function aPain002(
  messageId: string,
  transactions: { endToEndId: string; status: 'RJCT' | 'ACSC' | 'ACCP'; reason?: string }[],
): string {
  const txs = transactions
    .map(
      (t, i) =>
        `<TxInfAndSts><StsId>ST${i}</StsId><OrgnlEndToEndId>${t.endToEndId}</OrgnlEndToEndId><TxSts>${t.status}</TxSts>` +
        (t.reason ? `<StsRsnInf><Rsn><Cd>${t.reason}</Cd></Rsn></StsRsnInf>` : '') +
        `<AccptncDtTm>2026-11-26T10:00:00</AccptncDtTm><OrgnlTxRef><ReqdColltnDt>2026-11-25</ReqdColltnDt>` +
        `<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl><LclInstrm><Cd>CORE</Cd></LclInstrm></PmtTpInf></OrgnlTxRef></TxInfAndSts>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>` +
    `<GrpHdr><MsgId>RSP-${messageId}</MsgId><CreDtTm>2026-11-26T10:00:00</CreDtTm></GrpHdr>` +
    `<OrgnlGrpInfAndSts><OrgnlMsgId>${messageId}</OrgnlMsgId><OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>` +
    `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${messageId}.FRST</OrgnlPmtInfId>${txs}</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>`
  );
}
