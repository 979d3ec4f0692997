import { createHash } from 'node:crypto';
import { ACS_INDEX, ATTRIBUTE_SET_INDEX } from './saml-client.ts';
import type { ServiceProvider } from './service-provider.ts';
import { BINDING, NAMEID_FORMAT, NS, certificateBody, escapeXml } from './xml.ts';
import { signElementById } from './xml-signature.ts';

/** What each federation asks for: SPID the contact data we use, CIE exactly these four. */
export const REQUESTED_ATTRIBUTES = {
  SPID: ['fiscalNumber', 'name', 'familyName', 'email'],
  CIE: ['name', 'familyName', 'dateOfBirth', 'fiscalNumber'],
} as const;

export const SERVICE_NAME = 'Servizi scolastici online';

/** AgID wants international numbers without spaces: "+39 02 1234567" → "+39021234567". */
export function internationalPhone(phone: string): string {
  const digits = phone.replace(/[\s./()-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return `+39${digits}`;
}

const it = (element: string, text: string) => `<md:${element} xml:lang="it">${escapeXml(text)}</md:${element}>`;

function spDescriptor(sp: ServiceProvider): string {
  const requested = REQUESTED_ATTRIBUTES[sp.federation]
    .map((name) => `<md:RequestedAttribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"/>`)
    .join('');
  return (
    `<md:SPSSODescriptor protocolSupportEnumeration="${NS.protocol}" AuthnRequestsSigned="true" WantAssertionsSigned="true">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(sp.credentials.certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleLogoutService Binding="${BINDING.redirect}" Location="${escapeXml(sp.sloUrl)}"/>` +
    `<md:SingleLogoutService Binding="${BINDING.post}" Location="${escapeXml(sp.sloUrl)}"/>` +
    `<md:NameIDFormat>${NAMEID_FORMAT.transient}</md:NameIDFormat>` +
    `<md:AssertionConsumerService index="${ACS_INDEX}" isDefault="true" Binding="${BINDING.post}" Location="${escapeXml(sp.acsUrl)}"/>` +
    `<md:AttributeConsumingService index="${ATTRIBUTE_SET_INDEX}">${it('ServiceName', SERVICE_NAME)}${requested}</md:AttributeConsumingService>` +
    `</md:SPSSODescriptor>`
  );
}

function organization(sp: ServiceProvider): string {
  const { tenant } = sp;
  return `<md:Organization>${it('OrganizationName', tenant.name)}${it('OrganizationDisplayName', tenant.name)}${it('OrganizationURL', tenant.websiteUrl)}</md:Organization>`;
}

/** SPID (Avviso n.29 v3): a public SP's "other" contact with its IPA code. */
function spidContact(sp: ServiceProvider): string {
  const { tenant } = sp;
  return (
    `<md:ContactPerson contactType="other"><md:Extensions>` +
    `<spid:IPACode>${escapeXml(tenant.ipaCode)}</spid:IPACode><spid:Public/>` +
    `</md:Extensions>` +
    `<md:EmailAddress>${escapeXml(tenant.officeEmail)}</md:EmailAddress>` +
    `<md:TelephoneNumber>${escapeXml(internationalPhone(tenant.officePhone))}</md:TelephoneNumber>` +
    `</md:ContactPerson>`
  );
}

/** CIE: an administrative contact naming the Comune, its IPA code and its codice catastale. */
function cieContact(sp: ServiceProvider): string {
  const { tenant } = sp;
  return (
    `<md:ContactPerson contactType="administrative"><md:Extensions>` +
    `<cie:Public/><cie:IPACode>${escapeXml(tenant.ipaCode)}</cie:IPACode>` +
    `<cie:Municipality>${escapeXml(tenant.cadastralCode)}</cie:Municipality>` +
    (tenant.province ? `<cie:Province>${escapeXml(tenant.province)}</cie:Province>` : '') +
    `</md:Extensions>` +
    `<md:Company>${escapeXml(tenant.name)}</md:Company>` +
    `<md:EmailAddress>${escapeXml(tenant.officeEmail)}</md:EmailAddress>` +
    `<md:TelephoneNumber>${escapeXml(internationalPhone(tenant.officePhone))}</md:TelephoneNumber>` +
    `</md:ContactPerson>`
  );
}

/** The signed metadata of one Comune as SPID or CIE Service Provider. */
export function serviceProviderMetadata(sp: ServiceProvider): string {
  // A stable ID, so the same metadata keeps the same reference.
  const id = `_${createHash('sha256').update(sp.entityId).digest('hex').slice(0, 32)}`;
  const extensionNamespace = sp.federation === 'SPID' ? `xmlns:spid="${NS.spid}"` : `xmlns:cie="${NS.cie}"`;
  const xml =
    `<md:EntityDescriptor xmlns:md="${NS.metadata}" xmlns:ds="${NS.dsig}" ${extensionNamespace} entityID="${escapeXml(sp.entityId)}" ID="${id}">` +
    spDescriptor(sp) +
    organization(sp) +
    (sp.federation === 'SPID' ? spidContact(sp) : cieContact(sp)) +
    `</md:EntityDescriptor>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${signElementById(xml, id, sp.credentials, 'firstChild')}`;
}
