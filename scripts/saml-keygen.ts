// Creates the Service Provider's signing key and self-signed certificate with the fields and policies that
// AgID's Avviso SPID n.29 v3 asks of a public-sector SP (see ../shared/SPID.md):
//
//   npm run saml:keygen -- --entity-id https://servizi.example.it/dimostrativo/saml/metadata \
//     --ipa-code c_demo --organization "Comune Dimostrativo" --locality Milano [--out .data/saml] [--days 730]
//
// Point SAML_KEY_PATH / SAML_CERT_PATH at the files (shared key), or store them in the tenant's
// samlPrivateKeyPem / samlCertificatePem columns for a key of that Comune only.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface SpCertificateSubject {
  entityId: string;
  ipaCode: string;
  organization: string;
  locality: string;
}

/** openssl's configuration for one certificate; values are quoted so names with commas stay whole. */
export function opensslConfigFor(subject: SpCertificateSubject): string {
  const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;
  return [
    'oid_section = spid_oids',
    '',
    '[spid_oids]',
    'agidcert = 1.3.76.16.6',
    'spidPublicSp = 1.3.76.16.4.2.1',
    'uri = 2.5.4.83',
    '',
    '[req]',
    'prompt = no',
    'utf8 = yes',
    'string_mask = utf8only',
    'distinguished_name = subject',
    'x509_extensions = sp_extensions',
    '',
    '[subject]',
    `organizationName = ${quoted(subject.organization)}`,
    `commonName = ${quoted(subject.organization)}`,
    `uri = ${quoted(subject.entityId)}`,
    `organizationIdentifier = ${quoted(`PA:IT-${subject.ipaCode}`)}`,
    'countryName = IT',
    `localityName = ${quoted(subject.locality)}`,
    '',
    '[sp_extensions]',
    'basicConstraints = CA:FALSE',
    'keyUsage = critical, digitalSignature, nonRepudiation',
    'subjectKeyIdentifier = hash',
    'certificatePolicies = @agid_policy, @spid_policy',
    '',
    '[agid_policy]',
    'policyIdentifier = agidcert',
    'userNotice = @agid_notice',
    '',
    '[agid_notice]',
    'explicitText = "agIDcert"',
    '',
    '[spid_policy]',
    'policyIdentifier = spidPublicSp',
    'userNotice = @spid_notice',
    '',
    '[spid_notice]',
    'explicitText = "cert_SP_Pub"',
    '',
  ].join('\n');
}

/** A 3072-bit RSA key and its SHA-256 self-signed certificate, as PEM strings. */
export function generateSpKeyPair(subject: SpCertificateSubject, days = 730): { privateKeyPem: string; certificatePem: string } {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'saml-keygen-'));
  try {
    const configPath = path.join(workDir, 'openssl.cnf');
    const keyPath = path.join(workDir, 'key.pem');
    const certPath = path.join(workDir, 'cert.pem');
    writeFileSync(configPath, opensslConfigFor(subject));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-newkey',
        'rsa:3072',
        '-sha256',
        '-nodes',
        '-days',
        String(days),
        '-config',
        configPath,
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { privateKeyPem: readFileSync(keyPath, 'utf8'), certificatePem: readFileSync(certPath, 'utf8') };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'entity-id': { type: 'string' },
      'ipa-code': { type: 'string' },
      organization: { type: 'string' },
      locality: { type: 'string' },
      out: { type: 'string', default: '.data/saml' },
      days: { type: 'string', default: '730' },
      prefix: { type: 'string', default: 'saml' },
    },
  });
  const missing = ['entity-id', 'ipa-code', 'organization', 'locality'].filter((name) => !values[name as keyof typeof values]);
  if (missing.length) {
    console.error(`Missing: ${missing.map((name) => `--${name}`).join(', ')}\n(see the header of scripts/saml-keygen.ts)`);
    process.exit(2);
  }
  const { privateKeyPem, certificatePem } = generateSpKeyPair(
    { entityId: values['entity-id']!, ipaCode: values['ipa-code']!, organization: values.organization!, locality: values.locality! },
    Number(values.days),
  );
  mkdirSync(values.out, { recursive: true });
  const keyPath = path.join(values.out, `${values.prefix}-key.pem`);
  const certPath = path.join(values.out, `${values.prefix}-cert.pem`);
  writeFileSync(keyPath, privateKeyPem);
  chmodSync(keyPath, 0o600);
  writeFileSync(certPath, certificatePem);
  console.log(`Key:         ${keyPath}\nCertificate: ${certPath}\nSet SAML_KEY_PATH and SAML_CERT_PATH to these files.`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
