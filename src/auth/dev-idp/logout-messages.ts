import { NAMEID_FORMAT, NS, STATUS_SUCCESS, escapeXml } from '../saml/xml.ts';

// The identity provider's Single Logout messages (local test IdP and tests), as SPID writes them.

export function buildLogoutResponseXml(input: {
  id: string;
  inResponseTo: string;
  destination: string;
  idpEntityId: string;
  now: Date;
  statusCode?: string;
}): string {
  return (
    `<samlp:LogoutResponse xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${input.id}" Version="2.0" ` +
    `IssueInstant="${input.now.toISOString()}" InResponseTo="${escapeXml(input.inResponseTo)}" Destination="${escapeXml(input.destination)}">` +
    `<saml:Issuer Format="${NAMEID_FORMAT.entity}">${escapeXml(input.idpEntityId)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${input.statusCode ?? STATUS_SUCCESS}"/></samlp:Status>` +
    `</samlp:LogoutResponse>`
  );
}

export function buildLogoutRequestXml(input: {
  id: string;
  destination: string;
  idpEntityId: string;
  nameId: string;
  nameQualifier: string | null;
  sessionIndex: string | null;
  now: Date;
}): string {
  const qualifier = input.nameQualifier ? ` NameQualifier="${escapeXml(input.nameQualifier)}"` : '';
  const sessionIndex = input.sessionIndex ? `<samlp:SessionIndex>${escapeXml(input.sessionIndex)}</samlp:SessionIndex>` : '';
  return (
    `<samlp:LogoutRequest xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${input.id}" Version="2.0" ` +
    `IssueInstant="${input.now.toISOString()}" Destination="${escapeXml(input.destination)}">` +
    `<saml:Issuer Format="${NAMEID_FORMAT.entity}">${escapeXml(input.idpEntityId)}</saml:Issuer>` +
    `<saml:NameID Format="${NAMEID_FORMAT.transient}"${qualifier}>${escapeXml(input.nameId)}</saml:NameID>` +
    sessionIndex +
    `</samlp:LogoutRequest>`
  );
}
