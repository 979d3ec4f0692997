import type { Response } from 'supertest';
import { loginWithPassword, type Agent } from './http.ts';

// Logging in the way a person does: the login page's "Entra con SPID" list → the local identity provider
// → a really signed SAML Response posted to our ACS. Nothing is bypassed, so these exercise production code.

const TEST_PROVIDER_NAME = 'Identity provider di test';

function decodeEntities(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A form's action and fields (hidden inputs and the given ones), from the page's HTML. */
export function formOn(html: string, dataQa: string): { action: string; fields: Record<string, string> } {
  const form = new RegExp(`<form[^>]*action="([^"]+)"[^>]*data-qa="${dataQa}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  if (!form) throw new Error(`No form ${dataQa} on the page`);
  const fields: Record<string, string> = {};
  for (const input of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[input[1]] = decodeEntities(input[2]);
  return { action: decodeEntities(form[1]), fields };
}

/** Only the path: the app's absolute URLs name BASE_URL, while supertest talks to the app directly. */
export function pathOf(location: string): string {
  const url = new URL(location, 'http://app.invalid');
  return `${url.pathname}${url.search}`;
}

/** The href of the test identity provider in the "Entra con SPID" list, or of "Entra con CIE". */
async function loginLinkFor(agent: Agent, tenantSlug: string, federation: 'SPID' | 'CIE'): Promise<string> {
  const page = await agent.get(`/${tenantSlug}/accedi`);
  if (page.status !== 200) throw new Error(`GET /${tenantSlug}/accedi answered ${page.status}`);
  if (federation === 'CIE') {
    const cie = /href="([^"]+)"[^>]*data-qa="cie-button"/.exec(page.text);
    if (!cie) throw new Error('No "Entra con CIE" button');
    return decodeEntities(cie[1]);
  }
  for (const link of page.text.matchAll(/<a[^>]*href="([^"]+)"[^>]*data-qa="spid-idp"[^>]*>([^<]+)<\/a>/g)) {
    if (link[2].trim() === TEST_PROVIDER_NAME) return decodeEntities(link[1]);
  }
  throw new Error(`"${TEST_PROVIDER_NAME}" is not in the SPID list`);
}

/**
 * The whole round trip through the local identity provider; returns our ACS's answer (a redirect when the
 * login succeeded). `errorCode` makes the identity provider answer with SPID's ErrorCode nr<code>.
 */
export async function loginThroughDevIdp(
  agent: Agent,
  tenantSlug: string,
  answer: { fiscalCode: string; federation?: 'SPID' | 'CIE'; level?: 1 | 2 | 3; errorCode?: number },
): Promise<Response> {
  const start = await agent.get(await loginLinkFor(agent, tenantSlug, answer.federation ?? 'SPID'));
  if (start.status !== 302) throw new Error(`Login start answered ${start.status}`);
  const picker = await agent.get(pathOf(start.headers.location));
  if (picker.status !== 200) throw new Error(`Test identity provider answered ${picker.status}: ${picker.text.slice(0, 300)}`);
  const chosen = formOn(picker.text, answer.errorCode === undefined ? 'dev-idp-login-form' : 'dev-idp-error-form');
  const extra: Record<string, string> =
    answer.errorCode === undefined
      ? { fiscalCode: answer.fiscalCode, ...(answer.level ? { level: String(answer.level) } : {}) }
      : { errorCode: String(answer.errorCode) };
  const autoPost = await agent
    .post(chosen.action)
    .type('form')
    .send({ ...chosen.fields, ...extra });
  if (autoPost.status !== 200) throw new Error(`Test identity provider answered ${autoPost.status}: ${autoPost.text.slice(0, 300)}`);
  const toAcs = formOn(autoPost.text, 'saml-post-form');
  return agent.post(pathOf(toAcs.action)).type('form').send(toAcs.fields);
}

/** Logs the agent in as this fiscal code through SPID (local identity provider); throws if no session opened. */
export async function loginAsCitizen(agent: Agent, tenantSlug: string, fiscalCode: string): Promise<void> {
  const acs = await loginThroughDevIdp(agent, tenantSlug, { fiscalCode });
  if (acs.status !== 302) throw new Error(`SPID login of ${fiscalCode.slice(0, 6)}… refused (${acs.status}): ${acs.text.slice(0, 300)}`);
}

/** Logs a staff member in with username and password; throws if the login page refused them. */
export async function loginAsStaffWithPassword(agent: Agent, tenantSlug: string, username: string, password: string): Promise<void> {
  const response = await loginWithPassword(agent, tenantSlug, username, password);
  if (response.status !== 302) throw new Error(`Password login of ${username} refused (${response.status})`);
}
