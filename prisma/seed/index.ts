// Demo data for two Comuni: "Comune Dimostrativo" (prepaid canteen, conto virtuale) and "Comune di Borgo Verde"
// (monthly invoices, school bus). Each Comune is written in one transaction, and only if its slug is not there yet.
import { Prisma, type PrismaClient } from '../../src/generated/prisma/client.ts';
import { isIsoDate } from '../../src/domain/dates.ts';
import { createAccounts, hashDemoPassword, prepareAccounts, type PreparedAccount } from './accounts.ts';
import { createAttachments } from './attachments.ts';
import { insertBookings, planBookings } from './bookings.ts';
import { createEnrollmentFees, createPostpaidInvoices } from './billing.ts';
import type { Tx } from './context.ts';
import { createFamilies } from './families.ts';
import type { FamilySpec } from './families-data.ts';
import { BORGOVERDE_FAMILIES } from './families-borgoverde.ts';
import { DIMOSTRATIVO_FAMILIES } from './families-dimostrativo.ts';
import { createMandates } from './mandates.ts';
import { createMenus } from './menus.ts';
import { createNews } from './news.ts';
import { BORGOVERDE, createTenantBase, DIMOSTRATIVO, type TenantSpec } from './tenants.ts';
import { createWallets } from './wallets.ts';

export * from './identities.ts';
export { BORGOVERDE, DIMOSTRATIVO } from './tenants.ts';

export interface SeedOptions {
  /** YYYY-MM-DD, Europe/Rome: days before it are closed (attendance charged), later ones are not */
  today: string;
  /** progress lines (e.g. console.log); silent by default */
  log?: (line: string) => void;
}

const DEMO: readonly { spec: TenantSpec; families: readonly FamilySpec[] }[] = [
  { spec: DIMOSTRATIVO, families: DIMOSTRATIVO_FAMILIES },
  { spec: BORGOVERDE, families: BORGOVERDE_FAMILIES },
];

/** Seeds the demo Comuni that are missing; `created` is false when there was nothing to do. */
export async function seedDemo(prisma: PrismaClient, options: SeedOptions): Promise<{ created: boolean }> {
  if (!isIsoDate(options.today)) throw new RangeError(`seedDemo: today must be YYYY-MM-DD, got ${options.today}`);
  const log = options.log ?? (() => {});
  let created = false;
  let passwordHash: Promise<string> | undefined;
  for (const { spec, families } of DEMO) {
    if (await prisma.tenant.findUnique({ where: { slug: spec.slug }, select: { id: true } })) {
      log(`${spec.slug}: already present, nothing to do`);
      continue;
    }
    passwordHash ??= hashDemoPassword();
    const accounts = await prepareAccounts(spec, families, await passwordHash);
    const started = Date.now();
    try {
      const counts = await prisma.$transaction((tx) => seedTenant(tx, spec, families, accounts, options.today), {
        timeout: 120_000,
        maxWait: 10_000,
      });
      log(
        `${spec.slug}: ${Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')} (${Date.now() - started} ms)`,
      );
      created = true;
    } catch (error) {
      // another process seeded the same Comune at the same time: its transaction won, ours rolled back
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        if (await prisma.tenant.findUnique({ where: { slug: spec.slug }, select: { id: true } })) {
          log(`${spec.slug}: seeded concurrently by another process`);
          continue;
        }
      }
      throw error;
    }
  }
  return { created };
}

async function seedTenant(
  tx: Tx,
  spec: TenantSpec,
  families: readonly FamilySpec[],
  accounts: readonly PreparedAccount[],
  today: string,
): Promise<Record<string, number>> {
  const ctx = await createTenantBase(tx, spec, today);
  const menus = await createMenus(ctx);
  const students = await createFamilies(ctx, families, spec.residence, spec.firstBadge);
  const bookings = planBookings(ctx, students);
  const invoices =
    spec.billingMode === 'POSTPAID' ? await createPostpaidInvoices(ctx, students, bookings) : await createEnrollmentFees(ctx, students);
  const mandates = await createMandates(ctx, students);
  const closedDays = await insertBookings(ctx, bookings);
  const wallets = spec.billingMode === 'PREPAID' ? await createWallets(ctx, students, bookings, spec.staff.cashier) : null;
  const news = await createNews(ctx);
  const staff = await createAccounts(ctx, accounts, students);
  const attachments = await createAttachments(ctx, spec, students);
  return {
    students: students.length,
    'menu days': menus.days,
    dishes: menus.dishes,
    bookings: bookings.length,
    'closed days': closedDays,
    invoices,
    'SDD mandates': mandates,
    'wallet movements': wallets?.movements ?? 0,
    news,
    accounts: staff,
    attachments,
  };
}
