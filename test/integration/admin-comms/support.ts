// Shared by the back-office news, inbox, audit, settings and staff tests.
import { expect } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import type { TestContext } from '../../helpers/test-app.ts';

export { staffAgent, demoTenant, visibleText } from '../admin-canteen/support.ts';

export async function demoParentAgent(ctx: TestContext): Promise<Agent> {
  const agent = agentFor(ctx.app);
  await loginAsCitizen(agent, 'dimostrativo', DEMO_PARENT.fiscalCode);
  return agent;
}

/** Posts a form of a page the agent has open (its CSRF token), the way a browser does. */
export async function postFrom(agent: Agent, page: string, action: string, fields: Record<string, string> = {}) {
  const form = await agent.get(page);
  expect(form.status).toBe(200);
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenFrom(form.text) });
}
