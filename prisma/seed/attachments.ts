// Small real PDFs kept in the database: the yearly 730 certificate of the demo parent's first child and the
// medical certificates of the children on a special diet.
import PDFDocument from 'pdfkit';
import { formatItalianDate } from '../../src/domain/dates.ts';
import { formatEuro } from '../../src/domain/money.ts';
import type { SeedContext } from './context.ts';
import type { SeededStudent } from './families.ts';
import type { TenantSpec } from './tenants.ts';

function pdf(title: string, paragraphs: string[], createdOn: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: title, Author: 'Servizi Scolastici', CreationDate: new Date(`${createdOn}T09:00:00Z`) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(14).text(title, { align: 'center' }).moveDown(1.5);
    doc.font('Helvetica').fontSize(11);
    for (const p of paragraphs) doc.text(p, { align: 'justify' }).moveDown();
    doc.end();
  });
}

const bornText = (s: SeededStudent) =>
  `${s.spec.sex === 'F' ? 'nata' : 'nato'} a ${s.spec.birthPlace} il ${formatItalianDate(s.spec.birthDate)}`;

async function taxCertificate(spec: TenantSpec, student: SeededStudent, paidCents: number): Promise<Buffer> {
  const g = student.guardian;
  return pdf(
    `Certificazione spese mensa 2025 — ${spec.name}`,
    [
      `${spec.name} — ${spec.officeName}`,
      `${spec.officeAddress} — C.F. ${spec.fiscalCode}`,
      'CERTIFICAZIONE DELLE SPESE SOSTENUTE PER IL SERVIZIO DI REFEZIONE SCOLASTICA — ANNO 2025 ' +
        '(art. 15, comma 1, lettera e-bis, del TUIR — dichiarazione dei redditi 2026, modello 730)',
      `Si certifica che ${g.name}, codice fiscale ${g.fiscalCode}, ha versato nel periodo dal 01/01/2025 al ` +
        `31/12/2025, per il servizio di refezione scolastica fruito da ${student.name} (${bornText(student)}, ` +
        `codice fiscale ${student.fiscalCode}), la somma complessiva di ${formatEuro(paidCents)}.`,
      'I pagamenti sono stati effettuati tramite il sistema pagoPA e risultano quindi tracciabili ai sensi ' +
        'dell’art. 1, comma 679, della legge n. 160/2019.',
      `${spec.residence.city}, 31/01/2026`,
      `Il Responsabile dell’${spec.officeName}`,
    ],
    '2026-01-31',
  );
}

async function dietCertificate(student: SeededStudent, city: string): Promise<Buffer> {
  const gluten = student.spec.diet?.code === 'SENZA_GLUTINE';
  return pdf(
    'Certificato medico per dieta speciale',
    [
      `Si certifica che ${student.name}, ${bornText(student)}, codice fiscale ${student.fiscalCode}, ` +
        (gluten
          ? 'è affetto da celiachia (malattia celiaca accertata con biopsia intestinale) e necessita di una dieta rigorosamente priva di glutine.'
          : 'presenta intolleranza al lattosio e necessita di una dieta priva di latte e derivati contenenti lattosio.'),
      'Si richiede pertanto la somministrazione della dieta speciale presso il servizio di refezione scolastica per tutto l’anno scolastico 2026/2027.',
      `${city}, 12/06/2026`,
      'Dott.ssa Paola Marini — pediatra di libera scelta',
    ],
    '2026-06-12',
  );
}

export async function createAttachments(ctx: SeedContext, spec: TenantSpec, students: readonly SeededStudent[]): Promise<number> {
  const rows: { kind: 'TAX_CERTIFICATE' | 'DIET_CERTIFICATE'; student: SeededStudent; title: string; fileName: string; content: Buffer }[] =
    [];
  const first = students[0];
  if (first) {
    const slug = first.name.toLowerCase().replaceAll(' ', '-');
    rows.push({
      kind: 'TAX_CERTIFICATE',
      student: first,
      title: 'Certificazione spese mensa 2025 (modello 730)',
      fileName: `certificazione-mensa-2025-${slug}.pdf`,
      content: await taxCertificate(spec, first, 41_230),
    });
  }
  for (const s of students.filter((st) => st.spec.diet)) {
    rows.push({
      kind: 'DIET_CERTIFICATE',
      student: s,
      title: `Certificato medico — dieta ${s.spec.diet!.code === 'SENZA_GLUTINE' ? 'senza glutine' : 'senza lattosio'}`,
      fileName: `certificato-dieta-${s.name.toLowerCase().replaceAll(' ', '-')}.pdf`,
      content: await dietCertificate(s, spec.residence.city),
    });
  }
  await ctx.tx.attachment.createMany({
    data: rows.map((r) => ({
      tenantId: ctx.tenant.id,
      kind: r.kind,
      studentId: r.student.id,
      title: r.title,
      fileName: r.fileName,
      mimeType: 'application/pdf',
      sizeBytes: r.content.length,
      content: new Uint8Array(r.content),
    })),
  });
  return rows.length;
}
