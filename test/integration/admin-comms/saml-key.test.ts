import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { NS } from '../../../src/auth/saml/xml.ts';
import { agentFor, csrfTokenFrom } from '../../helpers/http.ts';
import { loginThroughDevIdp } from '../../helpers/login.ts';
import { parseXml } from '../../helpers/saml-idp.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { demoTenant, postFrom, staffAgent, visibleText } from './support.ts';

const ctx = useTestContext({ demo: true });
const T = '/dimostrativo';
const certificateBodyOf = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

/** The Comune's SPID metadata, with the certificate it names and whether that certificate verifies its signature. */
async function metadata() {
  const response = await agentFor(ctx.app).get(`${T}/saml/metadata`);
  expect(response.status).toBe(200);
  const root = parseXml(response.text);
  const signature = root.getElementsByTagNameNS(NS.dsig, 'Signature')[0];
  const signedWith = signature.getElementsByTagNameNS(NS.dsig, 'X509Certificate')[0].textContent;
  const descriptor = root.getElementsByTagNameNS(NS.metadata, 'KeyDescriptor')[0];
  const published = descriptor.getElementsByTagNameNS(NS.dsig, 'X509Certificate')[0].textContent;
  const verifiesWith = (certificatePem: string) => {
    const verifier = new SignedXml({ publicCert: certificatePem });
    verifier.loadSignature(signature as unknown as Node);
    try {
      return verifier.checkSignature(response.text);
    } catch {
      return false; // xml-crypto throws on a signature value the certificate does not verify
    }
  };
  return { signedWith, published, verifiesWith };
}

describe('the Comune’s own SAML key pair, generated in the settings', () => {
  it('stores a new key and certificate; the metadata publishes and is signed with them, and SPID login still works', async () => {
    const before = await metadata(); // the Comune as the app knows it now: the shared test key
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    expect(tenant.samlPrivateKeyPem).toBeNull();

    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const generated = await postFrom(admin, `${T}/admin/impostazioni`, `${T}/admin/impostazioni/saml/genera`);
    expect(generated.status).toBe(302);
    const page = visibleText((await admin.get(`${T}/admin/impostazioni`)).text);
    expect(page).toContain('Nuova chiave e nuovo certificato SAML generati');

    const after = await demoTenant(ctx.prisma, 'dimostrativo');
    const certificatePem = after.samlCertificatePem!;
    const certificate = new X509Certificate(certificatePem);
    expect(certificate.checkPrivateKey(createPrivateKey(after.samlPrivateKeyPem!))).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
    expect(certificateBodyOf(certificatePem)).not.toBe(before.published);
    expect(page).toContain(certificate.fingerprint256);
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, action: 'SETTINGS_SAML_KEY_SET' } });
    expect(audit.details).toMatchObject({ how: 'GENERATED' });
    expect(audit.after).toMatchObject({ certificateFingerprint: certificate.fingerprint256 });
    expect(JSON.stringify(audit)).not.toContain('PRIVATE KEY');

    const now = await metadata();
    expect(now.published).toBe(certificateBodyOf(certificatePem));
    expect(now.signedWith).toBe(certificateBodyOf(certificatePem));
    expect(now.verifiesWith(certificatePem)).toBe(true);
    expect(now.verifiesWith(`-----BEGIN CERTIFICATE-----\n${before.published}\n-----END CERTIFICATE-----\n`)).toBe(false);

    // the local identity provider checks our AuthnRequest's signature against the Comune's stored certificate
    const parent = agentFor(ctx.app);
    const acs = await loginThroughDevIdp(parent, 'dimostrativo', { fiscalCode: DEMO_PARENT.fiscalCode });
    expect(acs.status).toBe(302);
    expect((await parent.get(`${T}/home`)).status).toBe(200);
  });

  it('only an administrator may generate one: a clerk gets 404 and nothing changes', async () => {
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const home = await clerk.get(`${T}/admin`);
    expect(home.status).toBe(200);
    const before = await demoTenant(ctx.prisma, 'dimostrativo');
    const refused = await clerk
      .post(`${T}/admin/impostazioni/saml/genera`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(home.text) });
    expect(refused.status).toBe(404);
    const after = await demoTenant(ctx.prisma, 'dimostrativo');
    expect(after.samlCertificatePem).toBe(before.samlCertificatePem);
  });
});
