import request from 'supertest';
import type { Express } from 'express';

export type Agent = ReturnType<typeof request.agent>;

export function agentFor(app: Express): Agent {
  return request.agent(app);
}

/** The CSRF token of the first form on a page, as a person's browser would send it. */
export function csrfTokenFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1];
}

/** Opens the page with the form, then posts it with the page's token (never bypassing CSRF). */
export async function submitForm(agent: Agent, formPage: string, action: string, fields: Record<string, string | string[]>) {
  const page = await agent.get(formPage);
  if (page.status !== 200) throw new Error(`GET ${formPage} answered ${page.status}`);
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenFrom(page.text) });
}

export async function loginWithPassword(agent: Agent, tenantSlug: string, username: string, password: string) {
  return submitForm(agent, `/${tenantSlug}/accedi`, `/${tenantSlug}/accedi`, { username, password });
}
