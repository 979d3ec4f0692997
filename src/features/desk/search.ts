import type { Db } from '../../db/client.ts';
import { parseDeskQuery } from '../../domain/desk-search.ts';
import type { Prisma } from '../../generated/prisma/client.ts';

const MAX_FAMILIES = 20;

const FAMILY = {
  students: {
    select: { id: true, firstName: true, lastName: true, fiscalCode: true, badgeNumber: true },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
  },
} satisfies Prisma.GuardianInclude;

export type FoundFamily = Prisma.GuardianGetPayload<{ include: typeof FAMILY }>;

export interface DeskSearchResult {
  families: FoundFamily[];
  /** the notice found by its number, to open at once */
  notice: { id: string; guardianId: string | null } | null;
  /** shown over the results: the search still ran */
  warning: string | null;
  /** the input cannot be any key: said on the field, nothing searched */
  error: string | null;
}

const NOTHING: DeskSearchResult = { families: [], notice: null, warning: null, error: null };

/**
 * The families a cashier may be looking for, by the fiscal code of the parent or of a child, a badge, a notice
 * number (or IUV) or a name. Every read is one Comune's and goes through an index that starts with tenantId:
 * (tenantId, fiscalCode), (tenantId, badgeNumber), (tenantId, noticeNumber), (tenantId, iuv) are unique; names
 * through (tenantId, lastName, firstName) — a prefix match, case-insensitive, within the Comune.
 */
export async function searchDebtors(prisma: Db, tenantId: string, raw: string): Promise<DeskSearchResult> {
  const query = parseDeskQuery(raw);
  switch (query.kind) {
    case 'invalid':
      return {
        ...NOTHING,
        error: 'Scrivi un codice fiscale, un nome e cognome, un numero di badge o un codice avviso (18 cifre).',
      };
    case 'notice': {
      const warning = query.checkDigitsOk
        ? null
        : `Le cifre di controllo del codice avviso ${query.noticeNumber} non tornano: controlla di averlo copiato bene. La ricerca è stata fatta comunque.`;
      const notice = await prisma.paymentNotice.findFirst({
        where: { tenantId, OR: [{ noticeNumber: query.noticeNumber }, { iuv: query.iuv }] },
        select: { id: true, debtorFiscalCode: true, student: { select: { guardianId: true } } },
      });
      if (!notice) return { ...NOTHING, warning };
      const families = await prisma.guardian.findMany({
        where: notice.student ? { tenantId, id: notice.student.guardianId } : { tenantId, fiscalCode: notice.debtorFiscalCode },
        include: FAMILY,
      });
      return { families, notice: { id: notice.id, guardianId: families[0]?.id ?? null }, warning, error: null };
    }
    case 'fiscalCode':
      return familiesWhere(prisma, tenantId, { fiscalCode: query.fiscalCode }, { fiscalCode: query.fiscalCode });
    case 'badge':
      return familiesWhere(prisma, tenantId, null, { badgeNumber: query.badgeNumber });
    case 'name': {
      const [first, second] = query.words;
      const starts = (word: string) => ({ startsWith: word, mode: 'insensitive' as const });
      // "Rossi Mario" or "Mario Rossi": the surname is either word
      const named: Prisma.GuardianWhereInput[] = second
        ? [
            { lastName: starts(first), firstName: starts(second) },
            { lastName: starts(second), firstName: starts(first) },
            { lastName: starts(`${first} ${second}`) },
          ]
        : [{ lastName: starts(first) }, { firstName: starts(first) }];
      return familiesWhere(prisma, tenantId, { OR: named }, { OR: named as Prisma.StudentWhereInput[] });
    }
  }
}

/** Guardians matching `own`, and the guardians of the children matching `child`. */
async function familiesWhere(
  prisma: Db,
  tenantId: string,
  own: Prisma.GuardianWhereInput | null,
  child: Prisma.StudentWhereInput,
): Promise<DeskSearchResult> {
  const families = await prisma.guardian.findMany({
    where: { tenantId, OR: [...(own ? [own] : []), { students: { some: { tenantId, ...child } } }] },
    include: FAMILY,
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    take: MAX_FAMILIES,
  });
  return { ...NOTHING, families };
}
