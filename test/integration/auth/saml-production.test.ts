import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/generated/prisma/client.ts';
import { aTenant } from '../../helpers/builders.ts';
import { agentFor } from '../../helpers/http.ts';
import { makeCredentials, writeIdpMetadata } from '../../helpers/saml-idp.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

// In production the local test identity provider does not exist: not mounted, not offered, not trusted.

const keys = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/auth/dev-idp/keys');
let ctx: TestContext;
let tenant: Tenant;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'prod-idps-'));
  const metadata = writeIdpMetadata(dir, [
    {
      entityId: 'https://idp.real.example',
      name: 'Gestore Reale',
      credentials: makeCredentials('idp.real.example'),
      ssoRedirect: 'https://idp.real.example/sso',
    },
  ]);
  const pagopa = 'https://pagopa.example';
  ctx = await createTestContext({
    env: {
      NODE_ENV: 'production',
      BASE_URL: 'https://servizi.example.it',
      SESSION_SECRET: 'a-production-like-session-secret-of-enough-length',
      SAML_KEY_PATH: path.join(keys, 'TEST-ONLY-sp-key.pem'),
      SAML_CERT_PATH: path.join(keys, 'TEST-ONLY-sp-cert.pem'),
      SPID_IDP_METADATA: metadata,
      PAGOPA_MODE: 'real',
      PAGOPA_GPD_BASE_URL: pagopa,
      PAGOPA_GPD_API_KEY: 'key',
      PAGOPA_CHECKOUT_BASE_URL: pagopa,
      PAGOPA_RECEIPTS_BASE_URL: pagopa,
      PAGOPA_RECEIPTS_API_KEY: 'key',
      PAGOPA_PUSH_TOKEN: 'a-long-enough-push-token',
      SMTP_URL: 'smtp://mail.example:25',
      MAIL_FROM: 'Comune <noreply@comune.example>',
    },
  });
  tenant = await aTenant(ctx.prisma);
});
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SAML in production', () => {
  it('does not mount the test identity provider', async () => {
    expect((await agentFor(ctx.app).get('/_dev-idp/sso')).status).toBe(404);
  });

  it('offers only the identity providers of the metadata, and no CIE button without CIE metadata', async () => {
    const page = await agentFor(ctx.app).get(`/${tenant.slug}/accedi`);
    const names = [...page.text.matchAll(/data-qa="spid-idp">([^<]+)</g)].map((match) => match[1]);
    expect(names).toEqual(['Gestore Reale']);
    expect(page.text).not.toContain('data-qa="cie-button"');
  });

  it('will not start a login towards the test identity provider', async () => {
    const start = await agentFor(ctx.app).get(`/${tenant.slug}/saml/spid?idp=${encodeURIComponent('https://servizi.example.it/_dev-idp')}`);
    expect(start.status).toBe(302);
    expect(start.headers.location).toBe(`/${tenant.slug}/accedi`);
  });
});
