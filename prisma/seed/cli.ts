// Seeds the demo Comuni into DATABASE_URL (migrations must be applied first):
//   DATABASE_URL=postgresql://… npx tsx prisma/seed/cli.ts
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client.ts';
import { romeDateOf } from '../../src/domain/dates.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './index.ts';

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set: the seed needs the database to write into.');
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  const started = Date.now();
  try {
    const today = romeDateOf(new Date());
    const { created } = await seedDemo(prisma, { today, log: (line) => console.log(line) });
    console.log(created ? `Demo data seeded for ${today} in ${Date.now() - started} ms.` : 'Demo data already present: nothing added.');
    console.log(`Demo logins (password for usernames: ${DEMO_PASSWORD}):`);
    for (const l of DEMO_LOGINS) {
      console.log(`  /${l.tenantSlug.padEnd(13)} ${l.role.padEnd(9)} ${l.kind.padEnd(8)} ${l.login.padEnd(17)} ${l.description}`);
    }
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
