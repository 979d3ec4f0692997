import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSpKeyPair } from '../../../scripts/saml-keygen.ts';

// npm run saml:keygen: the certificate AgID's Avviso SPID n.29 v3 asks of a public-sector Service Provider.

describe('saml:keygen', () => {
  const entityId = 'https://servizi.example.it/dimostrativo/saml/metadata';
  const { privateKeyPem, certificatePem } = generateSpKeyPair(
    { entityId, ipaCode: 'c_demo', organization: 'Comune Dimostrativo', locality: 'Milano' },
    365,
  );
  const certificate = new X509Certificate(certificatePem);
  const text = execFileSync('openssl', ['x509', '-noout', '-text', '-nameopt', 'oneline,-esc_msb'], {
    input: certificatePem,
    encoding: 'utf8',
  });

  it('makes an RSA key of at least 2048 bits matching a self-signed SHA-256 certificate', () => {
    expect(privateKeyPem).toContain('PRIVATE KEY');
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
    expect(certificate.checkPrivateKey(createPrivateKey(privateKeyPem))).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
  });

  it('names the SP in the subject: O, CN, uri = entityID, organizationIdentifier PA:IT-<IPA>, C=IT, L', () => {
    expect(certificate.subject).toContain('O=Comune Dimostrativo');
    expect(certificate.subject).toContain('CN=Comune Dimostrativo');
    expect(certificate.subject).toContain('C=IT');
    expect(certificate.subject).toContain('L=Milano');
    expect(text).toMatch(/organizationIdentifier = PA:IT-c_demo/);
    expect(text).toContain(`2.5.4.83 = ${entityId}`);
  });

  it('carries the agIDcert and public-SP policies, and critical digitalSignature + nonRepudiation key usage', () => {
    expect(text).toMatch(
      /X509v3 Certificate Policies:[\s\S]*Policy: 1\.3\.76\.16\.6[\s\S]*agIDcert[\s\S]*Policy: 1\.3\.76\.16\.4\.2\.1[\s\S]*cert_SP_Pub/,
    );
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation\s/);
  });
});
