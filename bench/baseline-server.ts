// The machine's limit for a page, in its own process: bare Express, no session, no middleware; one indexed query
// (a student by the unique (tenantId, badgeNumber)) on the bench database, then EJS renders a page of the size the
// load asks for (?bytes=), from a template compiled once. /pdf is the PDF baseline: a one-line pdfkit page.
import ejs from 'ejs';
import express from 'express';
import PDFDocument from 'pdfkit';
import pg from 'pg';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl || !process.send) throw new Error('Started by bench/run.ts only (BENCH_DATABASE_URL, IPC channel)');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const page = ejs.compile(
  `<!doctype html><html lang="it"><head><meta charset="utf-8"><title><%= s.firstName %> <%= s.lastName %></title></head>` +
    `<body><main><h1><%= s.firstName %> <%= s.lastName %> (<%= s.badgeNumber %>)</h1><ul>` +
    `<% for (const line of lines) { %><li class="row"><%= line %></li><% } %></ul></main></body></html>`,
);
const LINE = 'Refezione scolastica — pasto del giorno, importo addebitato sul conto virtuale € 4,50';
const linesFor = new Map<number, string[]>();
const fillerOf = (bytes: number) => {
  let lines = linesFor.get(bytes);
  if (!lines) {
    lines = Array.from({ length: Math.max(0, Math.round((bytes - 200) / (LINE.length + 30))) }, (_, i) => `${i + 1}. ${LINE}`);
    linesFor.set(bytes, lines);
  }
  return lines;
};

const app = express();
app.get('/page', async (req, res) => {
  const { rows } = await pool.query<{ id: string; firstName: string; lastName: string; badgeNumber: string }>(
    'SELECT id, "firstName", "lastName", "badgeNumber" FROM "Student" WHERE "tenantId" = $1 AND "badgeNumber" = $2',
    [req.query.tenant, req.query.badge],
  );
  if (rows.length === 0) return res.status(404).send('not found');
  res.type('html').send(page({ s: rows[0], lines: fillerOf(Number(req.query.bytes ?? 0)) }));
});
app.get('/pdf', (_req, res) => {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  doc.on('end', () => res.type('application/pdf').send(Buffer.concat(chunks)));
  doc.text('Avviso di pagamento');
  doc.end();
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ listening: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
  void pool.end().then(() => process.exit(0));
});
