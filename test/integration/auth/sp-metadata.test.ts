import { X509Certificate } from 'node:crypto';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { spCredentialsFor } from '../../../src/auth/saml/service-provider.ts';
import { BINDING, NAMEID_FORMAT, NS } from '../../../src/auth/saml/xml.ts';
import type { Tenant } from '../../../src/generated/prisma/client.ts';
import { generateSpKeyPair } from '../../../scripts/saml-keygen.ts';
import { aTenant } from '../../helpers/builders.ts';
import { agentFor } from '../../helpers/http.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

const elements = (parent: XmlElement, ns: string, name: string): XmlElement[] =>
  Array.from(parent.childNodes).filter(
    (node): node is XmlElement =>
      node.nodeType === 1 && (node as XmlElement).namespaceURI === ns && (node as XmlElement).localName === name,
  );
const one = (parent: XmlElement, ns: string, name: string): XmlElement => {
  const found = elements(parent, ns, name);
  expect(found, `${name} in ${parent.localName}`).toHaveLength(1);
  return found[0];
};
const certificateBodyOf = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

let ctx: TestContext;
let tenant: Tenant;
beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await aTenant(ctx.prisma, {
    name: 'Comune di Prova',
    ipaCode: 'c_x123',
    cadastralCode: 'X123',
    province: 'MI',
    officePhone: '+39 02 0000000',
  });
});
afterAll(() => ctx.close());

async function metadataOf(path: string): Promise<{ xml: string; root: XmlElement }> {
  const response = await agentFor(ctx.app).get(path);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toContain('application/samlmetadata+xml');
  const xml = response.text;
  return { xml, root: new DOMParser().parseFromString(xml, 'text/xml').documentElement! };
}

/** What SPID and CIE metadata share: signature, SPSSODescriptor, Organization. */
function expectCommonDescriptor(root: XmlElement, xml: string, expected: { entityId: string; attributes: string[] }) {
  const ourCertificate = spCredentialsFor(tenant, ctx.config).certificatePem;
  expect(root.namespaceURI).toBe(NS.metadata);
  expect(root.localName).toBe('EntityDescriptor');
  expect(root.getAttribute('entityID')).toBe(expected.entityId);

  const signature = one(root, NS.dsig, 'Signature');
  expect((root.firstChild as XmlElement).localName).toBe('Signature');
  const signedInfo = one(signature, NS.dsig, 'SignedInfo');
  expect(one(signedInfo, NS.dsig, 'SignatureMethod').getAttribute('Algorithm')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
  const reference = one(signedInfo, NS.dsig, 'Reference');
  expect(reference.getAttribute('URI')).toBe(`#${root.getAttribute('ID')}`);
  expect(one(reference, NS.dsig, 'DigestMethod').getAttribute('Algorithm')).toBe('http://www.w3.org/2001/04/xmlenc#sha256');
  const signatureCertificate = signature.getElementsByTagNameNS(NS.dsig, 'X509Certificate')[0].textContent;
  expect(signatureCertificate).toBe(certificateBodyOf(ourCertificate));
  expect(new X509Certificate(ourCertificate).publicKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
  const verifier = new SignedXml({ publicCert: ourCertificate });
  verifier.loadSignature(signature as unknown as Node);
  expect(verifier.checkSignature(xml)).toBe(true);

  const sp = one(root, NS.metadata, 'SPSSODescriptor');
  expect(sp.getAttribute('protocolSupportEnumeration')).toBe(NS.protocol);
  expect(sp.getAttribute('AuthnRequestsSigned')).toBe('true');
  expect(sp.getAttribute('WantAssertionsSigned')).toBe('true');
  const key = one(sp, NS.metadata, 'KeyDescriptor');
  expect(key.getAttribute('use')).toBe('signing');
  expect(key.getElementsByTagNameNS(NS.dsig, 'X509Certificate')[0].textContent).toBe(certificateBodyOf(ourCertificate));
  const slo = elements(sp, NS.metadata, 'SingleLogoutService');
  expect(slo.map((service) => service.getAttribute('Binding'))).toEqual([BINDING.redirect, BINDING.post]);
  for (const service of slo) expect(service.getAttribute('Location')).toBe(`${ctx.config.baseUrl}/${tenant.slug}/saml/slo`);
  expect(one(sp, NS.metadata, 'NameIDFormat').textContent).toBe(NAMEID_FORMAT.transient);
  const acs = elements(sp, NS.metadata, 'AssertionConsumerService');
  expect(acs[0].getAttribute('index')).toBe('0');
  expect(acs[0].getAttribute('isDefault')).toBe('true');
  expect(acs[0].getAttribute('Binding')).toBe(BINDING.post);
  expect(acs[0].getAttribute('Location')).toBe(`${ctx.config.baseUrl}/${tenant.slug}/saml/acs`);
  const attributeService = one(sp, NS.metadata, 'AttributeConsumingService');
  expect(attributeService.getAttribute('index')).toBe('0');
  const serviceName = one(attributeService, NS.metadata, 'ServiceName');
  expect(serviceName.getAttributeNS(NS.xml, 'lang')).toBe('it');
  expect(serviceName.textContent).not.toBe('');
  expect(elements(attributeService, NS.metadata, 'RequestedAttribute').map((attribute) => attribute.getAttribute('Name'))).toEqual(
    expected.attributes,
  );

  const organization = one(root, NS.metadata, 'Organization');
  for (const [name, value] of [
    ['OrganizationName', tenant.name],
    ['OrganizationDisplayName', tenant.name],
    ['OrganizationURL', tenant.websiteUrl],
  ]) {
    const element = one(organization, NS.metadata, name);
    expect(element.getAttributeNS(NS.xml, 'lang')).toBe('it');
    expect(element.textContent).toBe(value);
  }
}

describe('SPID metadata at /:tenant/saml/metadata', () => {
  it('is signed with our certificate and has every element and attribute AgID asks of a public SP', async () => {
    const { xml, root } = await metadataOf(`/${tenant.slug}/saml/metadata`);
    expectCommonDescriptor(root, xml, {
      entityId: `${ctx.config.baseUrl}/${tenant.slug}/saml/metadata`,
      attributes: ['fiscalNumber', 'name', 'familyName', 'email'],
    });
    const contact = one(root, NS.metadata, 'ContactPerson');
    expect(contact.getAttribute('contactType')).toBe('other');
    const extensions = one(contact, NS.metadata, 'Extensions');
    expect(one(extensions, NS.spid, 'IPACode').textContent).toBe('c_x123');
    const isPublic = one(extensions, NS.spid, 'Public');
    expect(isPublic.childNodes.length).toBe(0);
    expect(one(contact, NS.metadata, 'EmailAddress').textContent).toBe(tenant.officeEmail);
    expect(one(contact, NS.metadata, 'TelephoneNumber').textContent).toBe('+39020000000');
  });
});

describe('CIE metadata at /:tenant/saml/metadata/cie', () => {
  it('is signed, has its own entityID, the four CIE attributes and the administrative contact with Municipality', async () => {
    const { xml, root } = await metadataOf(`/${tenant.slug}/saml/metadata/cie`);
    expectCommonDescriptor(root, xml, {
      entityId: `${ctx.config.baseUrl}/${tenant.slug}/saml/metadata/cie`,
      attributes: ['name', 'familyName', 'dateOfBirth', 'fiscalNumber'],
    });
    const contact = one(root, NS.metadata, 'ContactPerson');
    expect(contact.getAttribute('contactType')).toBe('administrative');
    const extensions = one(contact, NS.metadata, 'Extensions');
    expect(one(extensions, NS.cie, 'Public').childNodes.length).toBe(0);
    expect(one(extensions, NS.cie, 'IPACode').textContent).toBe('c_x123');
    expect(one(extensions, NS.cie, 'Municipality').textContent).toBe('X123');
    expect(one(extensions, NS.cie, 'Province').textContent).toBe('MI');
    expect(one(contact, NS.metadata, 'Company').textContent).toBe(tenant.name);
    expect(one(contact, NS.metadata, 'EmailAddress').textContent).toBe(tenant.officeEmail);
  });
});

describe('a Comune with its own key', () => {
  it('signs its metadata with that key and publishes that certificate', async () => {
    const entityId = `${ctx.config.baseUrl}/comune-chiave/saml/metadata`;
    const own = generateSpKeyPair({ entityId, ipaCode: 'c_own', organization: 'Comune con chiave', locality: 'Torino' }, 30);
    const keyed = await aTenant(ctx.prisma, {
      slug: 'comune-chiave',
      samlPrivateKeyPem: own.privateKeyPem,
      samlCertificatePem: own.certificatePem,
    });
    const response = await agentFor(ctx.app).get(`/${keyed.slug}/saml/metadata`);
    const root = new DOMParser().parseFromString(response.text, 'text/xml').documentElement!;
    const signature = one(root, NS.dsig, 'Signature');
    expect(signature.getElementsByTagNameNS(NS.dsig, 'X509Certificate')[0].textContent).toBe(certificateBodyOf(own.certificatePem));
    const verifier = new SignedXml({ publicCert: own.certificatePem });
    verifier.loadSignature(signature as unknown as Node);
    expect(verifier.checkSignature(response.text)).toBe(true);
  });
});
