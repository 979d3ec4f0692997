import { formatItalianDate, formatItalianDateTime, fromDbDate } from '../../domain/dates.ts';
import { formatEuro } from '../../domain/money.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { drawFields, drawFooters, drawHeader, drawSection, drawTable, newPdf, pdfBytes } from '../../pdf/blocks.ts';
import type { InvoiceDetail } from './service.ts';

const day = (value: Date) => formatItalianDate(fromDbDate(value));

const STATE_LABELS: Record<string, string> = {
  ISSUED: 'Da pagare',
  PARTIALLY_PAID: 'Pagato in parte',
  PAID: 'Pagato',
  CANCELLED: 'Annullato',
};

function howToPay(tenant: Tenant, invoice: InvoiceDetail): string[] {
  if (invoice.state === 'PAID')
    return ['Il documento risulta interamente pagato. La ricevuta pagoPA si scarica dal portale, sezione Documenti contabili.'];
  if (invoice.state === 'CANCELLED') return ["Il documento è stato annullato: non c'è nulla da pagare."];
  const notice = invoice.notices.find((n) => n.state === 'VALID');
  const lines = [
    `Online: accedi al portale dei servizi scolastici del ${tenant.name} con SPID o CIE, sezione "Pagamento servizi scolastici", seleziona questo documento e scegli "Avvia pagamento": pagherai con il sistema pagoPA (carta, conto corrente, app).`,
    'Sul territorio: stampa l\'avviso di pagamento pagoPA dalla sezione "Documenti contabili" e paga presso banche, sportelli ATM, uffici postali, tabaccherie e punti vendita abilitati a pagoPA.',
  ];
  if (notice) lines.push(`Codice avviso pagoPA: ${notice.noticeNumber} — Codice fiscale ente creditore: ${tenant.fiscalCode}.`);
  if (invoice.guardian.paymentMethod === 'SDD')
    lines.push("Hai scelto l'addebito diretto SDD: se l'importo è già stato addebitato sul tuo conto non devi fare altro.");
  if (invoice.sentToCollectionOn)
    lines.push(
      `Attenzione: il documento è stato messo a ruolo il ${day(invoice.sentToCollectionOn)}; per informazioni contatta l'ufficio.`,
    );
  return lines;
}

/** The invoice as a PDF: Comune header, recipient, number and date, lines, total, due date, how to pay. */
export function renderInvoicePdf(tenant: Tenant, invoice: InvoiceDetail): Promise<Buffer> {
  const doc = newPdf({ title: `Documento contabile n. ${invoice.number}`, author: tenant.name, subject: invoice.description });
  drawHeader(doc, {
    issuer: tenant.name,
    issuerLines: [
      `${tenant.officeName} — ${tenant.officeAddress}`,
      `Tel. ${tenant.officePhone} — ${tenant.officeEmail} — C.F. ${tenant.fiscalCode}`,
    ],
    title: `Documento contabile n. ${invoice.number}`,
    subtitle: `Emesso il ${day(invoice.issuedOn)} — ${invoice.description}`,
  });
  const g = invoice.guardian;
  const address = [
    g.residenceStreet,
    [g.residenceZip, g.residenceCity, g.residenceProv ? `(${g.residenceProv})` : null].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
  drawFields(
    doc,
    [
      ['Nominativo', g.isCompany ? g.lastName : `${g.firstName} ${g.lastName}`],
      ['Codice fiscale', g.fiscalCode],
      ['Indirizzo', address || '—'],
    ],
    { heading: 'Intestatario' },
  );
  const s = invoice.student;
  drawFields(
    doc,
    [
      ['Alunno', `${s.firstName} ${s.lastName}${s.fiscalCode ? ` — C.F. ${s.fiscalCode}` : ''}`],
      ['Scuola e classe', `${s.school.name}${s.schoolClass ? `, ${s.schoolClass.name}` : ''}`],
      ['Badge', s.badgeNumber],
    ],
    { heading: 'Utente del servizio' },
  );
  drawFields(
    doc,
    [
      ['Numero', invoice.number],
      ['Data di emissione', day(invoice.issuedOn)],
      ['Servizio', invoice.service?.name ?? '—'],
      ['Scadenza', day(invoice.dueOn)],
      ['Stato', STATE_LABELS[invoice.state] ?? invoice.state],
    ],
    { heading: 'Documento' },
  );
  drawTable(
    doc,
    [
      { header: 'Descrizione', width: 6 },
      { header: 'Quantità', width: 1.3, align: 'right' },
      { header: 'Prezzo unitario', width: 1.7, align: 'right' },
      { header: 'Importo', width: 1.7, align: 'right' },
    ],
    invoice.lines.map((l) => [l.description, String(l.quantity), formatEuro(l.unitCents), formatEuro(l.amountCents)]),
    ['Totale documento', '', '', formatEuro(invoice.totalCents)],
  );
  drawFields(
    doc,
    [
      ['Totale', formatEuro(invoice.totalCents)],
      ['Già pagato', formatEuro(invoice.paidCents)],
      ['Da pagare', formatEuro(invoice.dueCents)],
      ['Da pagare entro il', day(invoice.dueOn)],
      ...invoice.payments.map((p): [string, string] => [
        'Pagamento',
        `${formatEuro(p.amountCents)} il ${formatItalianDateTime(p.paidAt)} (avviso ${p.noticeNumber})`,
      ]),
    ],
    { heading: 'Riepilogo' },
  );
  drawSection(doc, 'Come pagare', howToPay(tenant, invoice));
  drawFooters(doc, `${tenant.name} — Documento contabile n. ${invoice.number}`);
  return pdfBytes(doc);
}
