import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import { NotFoundError } from '../../../web/errors.ts';

/** The Comune a registry call works in: its id scopes every query, its slug builds the links in messages. */
export interface TenantRef {
  id: string;
  slug: string;
}

const uuid = z.uuid();

/** Where the registry's pages live. */
export const registryPaths = {
  base: (slug: string) => `/${slug}/admin/anagrafica`,
  student: (slug: string, id: string) => `/${slug}/admin/anagrafica/alunni/${id}`,
  guardian: (slug: string, id: string) => `/${slug}/admin/anagrafica/intestatari/${id}`,
  delegate: (slug: string, id: string) => `/${slug}/admin/anagrafica/delegati/${id}`,
};

function checkedId(id: unknown): string {
  if (typeof id !== 'string' || !uuid.safeParse(id).success) throw new NotFoundError();
  return id;
}

/** The intestatario with that id in this Comune, or 404 (malformed ids and other Comuni's records too). */
export async function guardianOf(db: Db | Tx, tenantId: string, id: unknown) {
  const guardian = await db.guardian.findFirst({ where: { id: checkedId(id), tenantId } });
  if (!guardian) throw new NotFoundError();
  return guardian;
}

export async function studentOf(db: Db | Tx, tenantId: string, id: unknown) {
  const student = await db.student.findFirst({ where: { id: checkedId(id), tenantId } });
  if (!student) throw new NotFoundError();
  return student;
}

export async function delegateOf(db: Db | Tx, tenantId: string, id: unknown) {
  const delegate = await db.delegate.findFirst({ where: { id: checkedId(id), tenantId }, include: { guardian: true } });
  if (!delegate) throw new NotFoundError();
  return delegate;
}

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim();
}

/** Each word typed in a search box must match one of the given fields (name words, a fiscal code, a badge…). */
export function searchWhere<W>(q: string, matchWord: (word: string) => W[]): { AND: { OR: W[] }[] } | object {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 5);
  return words.length ? { AND: words.map((word) => ({ OR: matchWord(word) })) } : {};
}
