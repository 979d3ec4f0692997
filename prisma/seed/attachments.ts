// Small real PDFs kept in the database: the medical certificates of the children on a special diet. (The 730
// certificates are not files: they are made from the receipts, src/features/tax-certificates.)
import PDFDocument from 'pdfkit';
import { formatItalianDate } from '../../src/domain/dates.ts';
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
  const rows: { kind: 'DIET_CERTIFICATE'; student: SeededStudent; title: string; fileName: string; content: Buffer }[] = [];
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
