import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { recordAudit, type Actor } from '../../../audit.ts';
import { spidEntityId } from '../../../auth/saml/service-provider.ts';
import { inTransaction, type Db } from '../../../db/client.ts';
import { pushTokenHash } from '../../../pagopa/push-token.ts';
import type { Tenant } from '../../../generated/prisma/client.ts';
import { generateSpKeyPair } from '../../../../scripts/saml-keygen.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import type { ComuneInput } from './schemas.ts';

export const LOGO_MAX_BYTES = 200 * 1024;
// SVG is refused: it can carry scripts, and no sanitiser is in the stack.
const LOGO_TYPES = new Set(['image/png', 'image/jpeg']);

type Change = { tenantId: string; actor: Actor; now: Date };

export async function settingsOf(db: Db, tenantId: string) {
  const [tenant, logo] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId } }),
    db.tenantLogo.findUnique({ where: { tenantId }, select: { mimeType: true, sizeBytes: true, updatedAt: true } }),
  ]);
  const certificate = tenant.samlCertificatePem ? new X509Certificate(tenant.samlCertificatePem) : null;
  return {
    tenant,
    logo,
    saml: certificate ? { subject: certificate.subject, validTo: certificate.validTo, fingerprint: certificate.fingerprint256 } : null,
  };
}

/** The form's fields as they are now. */
export function comuneFormValues(tenant: Tenant, euroPlain: (cents: number) => string): Record<string, string> {
  return {
    nome: tenant.name,
    codiceFiscale: tenant.fiscalCode,
    codiceIpa: tenant.ipaCode,
    ufficio: tenant.officeName,
    email: tenant.officeEmail,
    telefono: tenant.officePhone,
    indirizzo: tenant.officeAddress,
    orari: tenant.officeHours,
    sitoWeb: tenant.websiteUrl,
    codiceSegregazione: tenant.segregationCode,
    cbill: tenant.cbillCode ?? '',
    contoPostale: tenant.postalAccount ?? '',
    orarioLimite: tenant.cutoffTime,
    creditoreSdd: tenant.sddCreditorId ?? '',
    ricaricaMinima: tenant.topUpMinCents === null ? '' : euroPlain(tenant.topUpMinCents),
    ricaricaMassima: tenant.topUpMaxCents === null ? '' : euroPlain(tenant.topUpMaxCents),
  };
}

function comuneFields(tenant: Tenant) {
  return {
    name: tenant.name,
    fiscalCode: tenant.fiscalCode,
    ipaCode: tenant.ipaCode,
    officeName: tenant.officeName,
    officeEmail: tenant.officeEmail,
    officePhone: tenant.officePhone,
    officeAddress: tenant.officeAddress,
    officeHours: tenant.officeHours,
    websiteUrl: tenant.websiteUrl,
    segregationCode: tenant.segregationCode,
    cbillCode: tenant.cbillCode,
    postalAccount: tenant.postalAccount,
    cutoffTime: tenant.cutoffTime,
    sddCreditorId: tenant.sddCreditorId,
    topUpMinCents: tenant.topUpMinCents,
    topUpMaxCents: tenant.topUpMaxCents,
    ioKeySet: tenant.ioApiKey !== null,
  };
}

export async function updateComune(db: Db, input: Change & { data: ComuneInput }) {
  const d = input.data;
  await inTransaction(db, async (tx) => {
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: input.tenantId } });
    const after = await tx.tenant.update({
      where: { id: before.id },
      data: {
        name: d.nome,
        fiscalCode: d.codiceFiscale,
        ipaCode: d.codiceIpa,
        officeName: d.ufficio,
        officeEmail: d.email,
        officePhone: d.telefono,
        officeAddress: d.indirizzo,
        officeHours: d.orari,
        websiteUrl: d.sitoWeb,
        segregationCode: d.codiceSegregazione,
        cbillCode: d.cbill,
        postalAccount: d.contoPostale,
        cutoffTime: d.orarioLimite,
        sddCreditorId: d.creditoreSdd,
        topUpMinCents: d.ricaricaMinima,
        topUpMaxCents: d.ricaricaMassima,
        ...(d.chiaveIo ? { ioApiKey: d.chiaveIo } : {}),
      },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'SETTINGS_UPDATED',
      entityType: 'Tenant',
      entityId: before.id,
      before: comuneFields(before),
      after: comuneFields(after),
    });
  });
}

/** A PNG or JPEG logo, its type read from the bytes (never from the browser's word), at most LOGO_MAX_BYTES. */
export async function saveLogo(db: Db, input: Change & { content: Buffer | undefined }) {
  const content = input.content;
  if (!content || content.length === 0) throw new FieldRuleError('logo', "Scegli l'immagine del logo (PNG o JPEG).");
  if (content.length > LOGO_MAX_BYTES) throw new FieldRuleError('logo', 'Il logo è troppo grande: al massimo 200 KB.');
  const type = await fileTypeFromBuffer(content);
  if (!type || !LOGO_TYPES.has(type.mime))
    throw new FieldRuleError('logo', 'Il logo deve essere un\u2019immagine PNG o JPEG (SVG non è accettato).');
  await inTransaction(db, async (tx) => {
    const before = await tx.tenantLogo.findUnique({ where: { tenantId: input.tenantId }, select: { mimeType: true, sizeBytes: true } });
    const data = { mimeType: type.mime, sizeBytes: content.length, content: new Uint8Array(content), updatedAt: input.now };
    await tx.tenantLogo.upsert({ where: { tenantId: input.tenantId }, create: { tenantId: input.tenantId, ...data }, update: data });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'SETTINGS_LOGO_SET',
      entityType: 'Tenant',
      entityId: input.tenantId,
      before: before ?? undefined,
      after: { mimeType: type.mime, sizeBytes: content.length },
    });
  });
}

export function logoOf(db: Db, tenantId: string) {
  return db.tenantLogo.findUnique({ where: { tenantId } });
}

/** A key and certificate pasted by the administrator: both must parse, and the certificate must be the key's. */
function checkedPair(privateKeyPem: string, certificatePem: string) {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new FieldRuleError('certificato', 'Il certificato non è leggibile: incolla il file PEM completo.');
  }
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new FieldRuleError('chiave', 'La chiave privata non è leggibile (o è protetta da password): incolla il file PEM senza password.');
  }
  if (!certificate.checkPrivateKey(key)) throw new FieldRuleError('certificato', 'Il certificato non corrisponde alla chiave privata.');
  return certificate;
}

async function storeSamlPair(db: Db, input: Change & { privateKeyPem: string; certificatePem: string; how: 'UPLOADED' | 'GENERATED' }) {
  const certificate = checkedPair(input.privateKeyPem, input.certificatePem);
  await inTransaction(db, async (tx) => {
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: input.tenantId }, select: { samlCertificatePem: true } });
    await tx.tenant.update({
      where: { id: input.tenantId },
      data: { samlPrivateKeyPem: input.privateKeyPem, samlCertificatePem: input.certificatePem },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'SETTINGS_SAML_KEY_SET',
      entityType: 'Tenant',
      entityId: input.tenantId,
      details: { how: input.how },
      // the certificate is public; the key never goes into the log
      before: { certificateFingerprint: before.samlCertificatePem ? new X509Certificate(before.samlCertificatePem).fingerprint256 : null },
      after: { certificateFingerprint: certificate.fingerprint256, validTo: certificate.validTo },
    });
  });
}

export function uploadSamlPair(db: Db, input: Change & { privateKeyPem: string; certificatePem: string }) {
  return storeSamlPair(db, { ...input, how: 'UPLOADED' });
}

/** A fresh pair made the way `npm run saml:keygen` makes it (AgID's fields and policies). */
export async function generateSamlPair(db: Db, input: Change & { tenant: Tenant; baseUrl: string }) {
  const { privateKeyPem, certificatePem } = generateSpKeyPair({
    entityId: spidEntityId(input.baseUrl, input.tenant.slug),
    ipaCode: input.tenant.ipaCode,
    organization: input.tenant.name,
    locality: input.tenant.name.replace(/^Comune di\s+/i, ''),
  });
  await storeSamlPair(db, { ...input, privateKeyPem, certificatePem, how: 'GENERATED' });
}

/** A new receipt push token for this Comune only; only its hash is kept, so it is shown this once. */
export async function generatePushToken(db: Db, input: Change): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await setPushTokenHash(db, input, pushTokenHash(token), 'SETTINGS_PUSH_TOKEN_GENERATED');
  return token;
}

/** Back to the installation's shared token (PAGOPA_PUSH_TOKEN). */
export function revokePushToken(db: Db, input: Change) {
  return setPushTokenHash(db, input, null, 'SETTINGS_PUSH_TOKEN_REVOKED');
}

async function setPushTokenHash(db: Db, input: Change, hash: string | null, action: string) {
  await inTransaction(db, async (tx) => {
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: input.tenantId }, select: { pushTokenSetAt: true } });
    await tx.tenant.update({ where: { id: input.tenantId }, data: { pushTokenHash: hash, pushTokenSetAt: hash ? input.now : null } });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action,
      entityType: 'Tenant',
      entityId: input.tenantId,
      before: { ownToken: before.pushTokenSetAt !== null },
      after: { ownToken: hash !== null },
    });
  });
}
