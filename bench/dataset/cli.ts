// npx tsx bench/dataset/cli.ts --database-url postgresql://… [--students 20000] [--slug citta-grande] [--seed bench]
//   [--postpaid] [--no-history] [--today 2027-06-08]
// Loads one large Comune into a migrated database (the bench does this by itself into its own database).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BENCH_TODAY } from '../clock.ts';
import { generateComune } from './index.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    students: { type: 'string', default: '20000' },
    slug: { type: 'string', default: 'citta-grande' },
    seed: { type: 'string', default: 'bench' },
    today: { type: 'string', default: BENCH_TODAY },
    postpaid: { type: 'boolean', default: false },
    'no-history': { type: 'boolean', default: false },
    'segregation-code': { type: 'string', default: '05' },
  },
});
if (!values['database-url']) throw new Error('--database-url is required (a migrated database)');
const pool = new pg.Pool({ connectionString: values['database-url'], max: 4 });
try {
  await generateComune(pool, {
    slug: values.slug,
    students: Number(values.students),
    seed: values.seed,
    today: values.today,
    billingMode: values.postpaid ? 'POSTPAID' : 'PREPAID',
    segregationCode: values['segregation-code'],
    history: !values['no-history'],
    log: (line) => console.log(line),
  });
} finally {
  await pool.end();
}
