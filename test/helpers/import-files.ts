// Shared by the import tests (integration and browser): CSV files as a previous software would export them.
import { expect } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import type { ImportKind } from '../../src/generated/prisma/enums.ts';
import { FAMILY_COLUMNS } from '../../src/features/admin/imports/families.ts';
import { aFiscalCode } from './builders.ts';
import { csrfTokenFrom, type Agent } from './http.ts';

export interface ImportedFamily {
  guardian: string;
  children: string[];
}

/** `count` families of `children` each, in the families import's columns; returns the rows as objects too. */
export function familiesFile(count: number, schoolCode: string, children = 2) {
  const families: ImportedFamily[] = [];
  const rows: Record<string, string>[] = [];
  for (let f = 0; f < count; f++) {
    const guardian = aFiscalCode();
    const family: ImportedFamily = { guardian, children: [] };
    for (let c = 0; c < children; c++) {
      const child = aFiscalCode({ birthDate: `201${6 + c}-03-1${c}` });
      family.children.push(child);
      rows.push({
        cf_intestatario: guardian,
        cognome_intestatario: 'Importati',
        nome_intestatario: `Genitore`,
        email: `famiglia${f}@example.it`,
        telefono: '',
        indirizzo: `Via Roma ${f + 1}`,
        comune: 'Borgo',
        cap: '20100',
        provincia: 'MI',
        cf_alunno: child,
        cognome_alunno: 'Importati',
        nome_alunno: c ? 'Secondo' : 'Primo',
        data_nascita: `1${c}/03/201${6 + c}`,
        sesso: c % 2 ? 'F' : 'M',
        luogo_nascita: 'Milano',
        provincia_nascita: 'MI',
        scuola: schoolCode,
        classe: '',
        badge: '',
      });
    }
    families.push(family);
  }
  return { families, rows };
}

export function csvOf(rows: Record<string, string>[], separator = ';', columns: readonly string[] = FAMILY_COLUMNS): string {
  const quote = (v: string) => (v.includes(separator) || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.join(separator), ...rows.map((row) => columns.map((c) => quote(row[c] ?? '')).join(separator))].join('\r\n') + '\r\n';
}

const base = (slug: string) => `/${slug}/admin/importazioni`;

/** Uploads a file for the dry run as the page's form does; returns the batch id. */
export async function checkFile(agent: Agent, slug: string, kind: ImportKind, content: string | Buffer, name = 'file.csv') {
  const token = csrfTokenFrom((await agent.get(base(slug))).text);
  const response = await agent
    .post(`${base(slug)}/verifica`)
    .field('_csrf', token)
    .field('kind', kind)
    .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
  expect(response.status, response.text.slice(0, 2000)).toBe(303);
  return response.headers.location.split('/').pop()!;
}

/** Confirms a checked file from its page, then waits for the background import to finish. */
export async function confirmAndWait(agent: Agent, prisma: Db, slug: string, batchId: string) {
  const page = await agent.get(`${base(slug)}/${batchId}`);
  const confirmed = await agent
    .post(`${base(slug)}/${batchId}/conferma`)
    .type('form')
    .send({ _csrf: csrfTokenFrom(page.text) });
  expect(confirmed.status).toBe(303);
  for (let i = 0; i < 600; i++) {
    const batch = await prisma.importBatch.findUniqueOrThrow({ where: { id: batchId } });
    if (batch.state === 'DONE' || batch.state === 'FAILED' || batch.state === 'CHECKED') return batch;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}
