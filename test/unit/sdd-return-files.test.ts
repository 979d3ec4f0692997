import { describe, expect, it } from 'vitest';
import { readPain002, readReturnFile, readUnpaidCsv, ReturnFileError } from '../../src/features/sdd/return-files.ts';

const report = (body: string) =>
  `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>` +
  `<GrpHdr><MsgId>R1</MsgId><CreDtTm>2026-11-26T09:00:00</CreDtTm></GrpHdr>${body}</CstmrPmtStsRpt></Document>`;

describe('pain.002 status report', () => {
  it('reads each transaction: RJCT is a return with its reason, ACSC/ACCP a collection on the requested date', () => {
    const { entries, wholeMessage } = readPain002(
      report(
        `<OrgnlGrpInfAndSts><OrgnlMsgId>M1</OrgnlMsgId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts>` +
          `<TxInfAndSts><OrgnlEndToEndId>E1</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf>` +
          `<OrgnlTxRef><Amt><InstdAmt Ccy="EUR">45.00</InstdAmt></Amt><PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf></OrgnlTxRef></TxInfAndSts>` +
          `<TxInfAndSts><OrgnlEndToEndId>E2</OrgnlEndToEndId><TxSts>ACSC</TxSts><OrgnlTxRef><ReqdColltnDt>2026-11-25</ReqdColltnDt>` +
          `<PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf></OrgnlTxRef></TxInfAndSts>` +
          `<TxInfAndSts><OrgnlEndToEndId>E3</OrgnlEndToEndId><TxSts>PDNG</TxSts></TxInfAndSts></OrgnlPmtInfAndSts>`,
      ),
    );
    expect(wholeMessage).toBeNull();
    expect(entries).toEqual([
      { endToEndId: 'E1', outcome: 'RETURNED', reasonCode: 'AM04', on: '2026-11-26', amountCents: 4500 },
      { endToEndId: 'E2', outcome: 'COLLECTED', reasonCode: null, on: '2026-11-25', amountCents: null },
    ]);
  });

  it('applies a group status without transactions to the whole original message', () => {
    const { entries, wholeMessage } = readPain002(
      report(
        `<OrgnlGrpInfAndSts><OrgnlMsgId>M9</OrgnlMsgId><GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf></OrgnlGrpInfAndSts>`,
      ),
    );
    expect(entries).toEqual([]);
    expect(wholeMessage).toEqual({
      messageId: 'M9',
      entry: { outcome: 'RETURNED', reasonCode: 'FF01', on: '2026-11-26', amountCents: null },
    });
  });

  it('refuses XML that is not a status report, or one with nothing to record', () => {
    expect(() => readPain002('<Document><CstmrDrctDbtInitn/></Document>')).toThrow(ReturnFileError);
    expect(() => readPain002('<not xml')).toThrow(ReturnFileError);
    expect(() => readPain002(report(''))).toThrow('non contiene esiti');
  });
});

describe('CSV of unpaid items', () => {
  it('reads the reference, the reason code out of the causale, the amount and the date', () => {
    const csv =
      'Riferimento end-to-end;Importo;Causale;Data\nE1;45,00;AM04 - Fondi insufficienti;27/11/2026\n;;;\nE2;1.234,50;mancanza dati;\nE3;10,00;CNOR banca non raggiungibile;\n';
    expect(readUnpaidCsv(Buffer.from(csv))).toEqual([
      { endToEndId: 'E1', outcome: 'RETURNED', reasonCode: 'AM04', on: '2026-11-27', amountCents: 4500 },
      { endToEndId: 'E2', outcome: 'RETURNED', reasonCode: null, on: null, amountCents: 123450 },
      { endToEndId: 'E3', outcome: 'RETURNED', reasonCode: 'CNOR', on: null, amountCents: 1000 },
    ]);
  });

  it('tells XML from CSV by the first character, a byte-order mark forgiven', () => {
    expect(readReturnFile(Buffer.from('end_to_end_id,codice_motivo\nE1,MD01\n')).entries[0]).toMatchObject({
      endToEndId: 'E1',
      reasonCode: 'MD01',
    });
    expect(() => readReturnFile(Buffer.from('\uFEFF <Document/>'))).toThrow('pain.002');
  });
});
