import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/dates.ts';
import { centsToDecimalEuros } from '../domain/money.ts';
import { MalformedReceiptError, type PagoPaReceipt, type ReceiptParty } from './gateway.ts';

// paSendRT as pagoPA's nodo sends it to a station (SOAP), and as the GPD receipts API returns it (bare XML).
const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const PAFN_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';

/** Amounts are stored in PostgreSQL integer columns: a receipt beyond them could never be stored, however often sent. */
const MAX_STORABLE_CENTS = 2_147_483_647;

/** "13.00" → 1300, exactly (pagoPA writes amounts as decimal euros with two digits). */
export function decimalEurosToCents(text: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new MalformedReceiptError(`Not an amount: ${text}`);
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (cents > MAX_STORABLE_CENTS) throw new MalformedReceiptError(`Amount out of range: ${text}`);
  return cents;
}

/** Whether the text has a character XML 1.0 forbids (xmldom lets them through; PostgreSQL refuses a NUL in text). */
function hasNonXmlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff) return true;
  }
  return false;
}

export { centsToDecimalEuros };

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function element(name: string, content: string | null | undefined): string {
  return content == null ? '' : `<${name}>${escapeXml(content)}</${name}>`;
}

function party(name: string, p: ReceiptParty | null): string {
  if (!p) return '';
  return `<${name}><uniqueIdentifier>${element('entityUniqueIdentifierType', p.type)}${element('entityUniqueIdentifierValue', p.fiscalCode)}</uniqueIdentifier>${element('fullName', p.fullName)}</${name}>`;
}

/** The <receipt> element of paSendRT. */
export function receiptToXml(r: PagoPaReceipt): string {
  const transfers = r.transfers
    .map(
      (t) =>
        `<transfer>${element('idTransfer', String(t.idTransfer))}${element('transferAmount', centsToDecimalEuros(t.amountCents))}${element('fiscalCodePA', t.fiscalCodePA)}${element('IBAN', t.iban)}${element('remittanceInformation', t.remittanceInformation)}${element('transferCategory', t.category)}</transfer>`,
    )
    .join('');
  return [
    '<receipt>',
    element('receiptId', r.receiptId),
    element('noticeNumber', r.noticeNumber),
    element('fiscalCode', r.creditorFiscalCode),
    element('outcome', r.outcome),
    element('creditorReferenceId', r.creditorReferenceId),
    element('paymentAmount', centsToDecimalEuros(r.amountCents)),
    element('description', r.description),
    element('companyName', r.companyName),
    party('debtor', r.debtor),
    `<transferList>${transfers}</transferList>`,
    element('idPSP', r.pspId),
    element('pspCompanyName', r.pspCompanyName),
    party('payer', r.payer),
    element('paymentMethod', r.paymentMethod),
    r.feeCents == null ? '' : element('fee', centsToDecimalEuros(r.feeCents)),
    element('paymentDateTime', DateTime.fromJSDate(r.paymentDateTime, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss")),
    element('applicationDate', DateTime.fromJSDate(r.paymentDateTime, { zone: ZONE }).toISODate()),
    '</receipt>',
  ].join('');
}

/** paSendRTReq as the GPD receipts API stores it. */
export function paSendRtXml(r: PagoPaReceipt, station: { idPA: string; idBrokerPA: string; idStation: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?><pafn:paSendRTReq xmlns:pafn="${PAFN_NS}">${element('idPA', station.idPA)}${element('idBrokerPA', station.idBrokerPA)}${element('idStation', station.idStation)}${receiptToXml(r)}</pafn:paSendRTReq>`;
}

/** paSendRT inside a SOAP envelope, as the nodo pushes it to a station. */
export function paSendRtSoap(r: PagoPaReceipt, station: { idPA: string; idBrokerPA: string; idStation: string }): string {
  const body = paSendRtXml(r, station).replace(/^<\?xml[^>]*\?>/, '');
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_NS}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

export function paSendRtResponse(outcome: 'OK' | 'KO', fault?: string): string {
  const faultXml = fault ? `<fault><faultCode>PAA_SYSTEM_ERROR</faultCode><faultString>${escapeXml(fault)}</faultString></fault>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_NS}"><soapenv:Body><pafn:paSendRTRes xmlns:pafn="${PAFN_NS}"><outcome>${outcome}</outcome>${faultXml}</pafn:paSendRTRes></soapenv:Body></soapenv:Envelope>`;
}

function childElements(parent: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) out.push(node as XmlElement);
  return out;
}

function child(parent: XmlElement, name: string): XmlElement | undefined {
  return childElements(parent).find((e) => (e.localName ?? e.nodeName) === name);
}

function text(parent: XmlElement, name: string): string | null {
  const found = child(parent, name);
  return found ? (found.textContent ?? '').trim() : null;
}

function required(parent: XmlElement, name: string): string {
  const value = text(parent, name);
  if (!value) throw new MalformedReceiptError(`Receipt without ${name}`);
  return value;
}

function parseParty(parent: XmlElement, name: string): ReceiptParty | null {
  const node = child(parent, name);
  if (!node) return null;
  const id = child(node, 'uniqueIdentifier');
  const fiscalCode = id ? text(id, 'entityUniqueIdentifierValue') : null;
  if (!fiscalCode) return null;
  return { type: id && text(id, 'entityUniqueIdentifierType') === 'G' ? 'G' : 'F', fiscalCode, fullName: text(node, 'fullName') ?? '' };
}

/** xs:dateTime without an offset is Italian wall-clock time, as the nodo writes it. */
function parseInstant(value: string): DateTime {
  const parsed = DateTime.fromISO(value, { zone: ZONE, setZone: true });
  if (!parsed.isValid) throw new MalformedReceiptError(`Not a date-time: ${value}`);
  return parsed;
}

/** Any paSendRT document (SOAP envelope, bare paSendRTReq, or just <receipt>) → our receipt. */
export function parseReceiptXml(xml: string): PagoPaReceipt {
  if (hasNonXmlCharacter(xml)) throw new MalformedReceiptError('Not XML: a control character');
  const errors: string[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  });
  let doc;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (error) {
    // xmldom throws (a ParseError) on fatal errors such as an unclosed tag, after reporting them.
    throw new MalformedReceiptError(`Not XML: ${errors[0] ?? (error instanceof Error ? error.message : 'unreadable')}`);
  }
  if (errors.length || !doc.documentElement) throw new MalformedReceiptError(`Not XML: ${errors[0] ?? 'empty'}`);
  const receipt = doc.getElementsByTagName('receipt')[0] as XmlElement | undefined;
  if (!receipt) throw new MalformedReceiptError('No <receipt> element');
  const outcome = required(receipt, 'outcome');
  if (outcome !== 'OK' && outcome !== 'KO') throw new MalformedReceiptError(`Unknown outcome ${outcome}`);
  const transferList = child(receipt, 'transferList');
  const fee = text(receipt, 'fee');
  return {
    receiptId: required(receipt, 'receiptId'),
    noticeNumber: required(receipt, 'noticeNumber'),
    creditorFiscalCode: required(receipt, 'fiscalCode'),
    outcome,
    creditorReferenceId: required(receipt, 'creditorReferenceId'),
    amountCents: decimalEurosToCents(required(receipt, 'paymentAmount')),
    feeCents: fee ? decimalEurosToCents(fee) : null,
    description: text(receipt, 'description') ?? '',
    companyName: text(receipt, 'companyName') ?? '',
    pspId: text(receipt, 'idPSP'),
    pspCompanyName: text(receipt, 'pspCompanyName'),
    paymentMethod: text(receipt, 'paymentMethod'),
    paymentDateTime: parseInstant(required(receipt, 'paymentDateTime')).toJSDate(),
    debtor: parseParty(receipt, 'debtor'),
    payer: parseParty(receipt, 'payer'),
    transfers: (transferList ? childElements(transferList) : []).map((t) => ({
      idTransfer: Number(text(t, 'idTransfer') ?? '1'),
      amountCents: decimalEurosToCents(required(t, 'transferAmount')),
      fiscalCodePA: text(t, 'fiscalCodePA') ?? '',
      iban: text(t, 'IBAN'),
      remittanceInformation: text(t, 'remittanceInformation') ?? '',
      category: text(t, 'transferCategory') ?? '',
    })),
  };
}
