// Shared by the back-office canteen and kitchen tests: demo staff logins and a few look-ups of demo records.
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../../prisma/seed/identities.ts';
import type { Db } from '../../../src/db/client.ts';
import { agentFor, loginWithPassword, type Agent } from '../../helpers/http.ts';
import type { TestContext } from '../../helpers/test-app.ts';

export async function staffAgent(ctx: TestContext, slug: string, username: string): Promise<Agent> {
  const agent = agentFor(ctx.app);
  const login = await loginWithPassword(agent, slug, username, DEMO_PASSWORD);
  expect(login.status).toBe(302);
  return agent;
}

export async function demoTenant(prisma: Db, slug: string) {
  return prisma.tenant.findUniqueOrThrow({ where: { slug } });
}

export async function demoSchools(prisma: Db, tenantId: string) {
  const schools = await prisma.school.findMany({ where: { tenantId }, orderBy: { code: 'asc' } });
  const byKind = (kind: 'INFANZIA' | 'PRIMARIA') => schools.find((s) => s.kind === kind)!;
  return { all: schools, nursery: byKind('INFANZIA'), primary: byKind('PRIMARIA') };
}

export function auditCount(prisma: Db, tenantId: string, action: string) {
  return prisma.auditEvent.count({ where: { tenantId, action } });
}

/** The page's text without tags, so a test can look for what a person reads. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
