import express, { type Request, type Router } from 'express';
import { renderAutoPost } from '../saml/auto-post.ts';
import { z } from 'zod';
import { DEMO_IDENTITIES } from '../../../prisma/seed/identities.ts';
import type { AppDeps } from '../../deps.ts';
import { normalizeFiscalCode } from '../../domain/fiscal-code.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { USER_ERROR_CODES } from '../saml/idp-errors.ts';
import type { Federation } from '../saml/identity-providers.ts';
import { asSpidLevel, levelFromUri } from '../saml/levels.ts';
import { parseOurEntityId, serviceProviderFor, spCredentialsFor } from '../saml/service-provider.ts';
import { NS, attributeOf, childAt, firstChild, parseUntrustedXml, textOf } from '../saml/xml.ts';
import { DEV_IDP_NAME, devIdpCredentials, devIdpEntityId } from './descriptor.ts';
import { buildLogoutResponseXml } from './logout-messages.ts';
import { inflateRedirectMessage, redirectBindingUrl, verifiedRedirectMessage } from './redirect-binding.ts';
import { AUTHN_FAILED_STATUS, SAML_ERROR_STATUS, responseSpecFor, samlId, signedResponse, type PersonAttributes } from './saml-response.ts';

/** The AuthnRequest being answered, carried through the picker form (a test tool: tampering only fools yourself). */
const pendingSchema = z.object({
  requestId: z.string().min(1),
  tenantSlug: z.string().min(1),
  federation: z.enum(['SPID', 'CIE']),
  relayState: z.string(),
  level: z.number().int().min(1).max(3),
});
type PendingAuthn = z.infer<typeof pendingSchema>;

const answerSchema = z.object({
  request: z.string().min(1),
  action: z.enum(['login', 'error']),
  fiscalCode: z.string().optional(),
  otherFiscalCode: z.string().optional(),
  level: z.coerce.number().int().min(1).max(3).optional(),
  errorCode: z.coerce.number().int().optional(),
});

const encode = (pending: PendingAuthn) => Buffer.from(JSON.stringify(pending)).toString('base64url');
const decode = (value: string): PendingAuthn => pendingSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));

function rawQueryOf(req: Request): string {
  return req.originalUrl.split('?')[1] ?? '';
}

/**
 * A local identity provider for development and tests (never mounted in production): it checks our signed
 * requests, lets you pick a demo person or an error code, and answers with a really signed SAML Response,
 * so the production login code runs end to end.
 */
export function devIdpRoutes(deps: AppDeps): Router {
  const { config, prisma, clock } = deps;
  const router = express.Router();
  const entityId = devIdpEntityId(config.baseUrl);

  /** The Comune and federation a signed message from one of our Service Providers comes from. */
  async function senderOf(
    req: Request,
    kind: 'AuthnRequest' | 'LogoutRequest',
  ): Promise<{ tenant: Tenant; federation: Federation; xml: string }> {
    const query = rawQueryOf(req);
    const unverified = typeof req.query.SAMLRequest === 'string' ? req.query.SAMLRequest : '';
    let issuer: string;
    try {
      issuer = textOf(firstChild(parseUntrustedXml(inflateRedirectMessage(unverified)).documentElement!, NS.assertion, 'Issuer'));
    } catch {
      throw new DevIdpError(`${kind} illeggibile`);
    }
    const sp = parseOurEntityId(config.baseUrl, issuer);
    const tenant = sp && (await prisma.tenant.findUnique({ where: { slug: sp.tenantSlug } }));
    if (!sp || !tenant) throw new DevIdpError(`${kind} da un Service Provider sconosciuto`);
    const xml = verifiedRedirectMessage(query, 'SAMLRequest', spCredentialsFor(tenant, config).certificatePem);
    if (!xml) throw new DevIdpError(`${kind} senza una firma valida del Service Provider`);
    if (parseUntrustedXml(xml).documentElement!.localName !== kind) throw new DevIdpError(`il messaggio non è un ${kind}`);
    return { tenant, federation: sp.federation, xml };
  }

  router.get('/sso', async (req, res) => {
    const { tenant, federation, xml } = await senderOf(req, 'AuthnRequest');
    const request = parseUntrustedXml(xml).documentElement!;
    const requestedContext = childAt(request, NS.protocol, 'RequestedAuthnContext');
    const requested = levelFromUri(textOf(requestedContext && firstChild(requestedContext, NS.assertion, 'AuthnContextClassRef'))) ?? 2;
    const pending: PendingAuthn = {
      requestId: attributeOf(request, 'ID') ?? '',
      tenantSlug: tenant.slug,
      federation,
      relayState: typeof req.query.RelayState === 'string' ? req.query.RelayState : '',
      level: requested,
    };
    res.render('dev-idp/choose', {
      title: DEV_IDP_NAME,
      tenantName: tenant.name,
      federation,
      request: encode(pending),
      level: requested,
      identities: DEMO_IDENTITIES.filter((entry) => entry.tenantSlug === tenant.slug),
      errorCodes: USER_ERROR_CODES,
    });
  });

  router.post('/respond', async (req, res) => {
    const form = answerSchema.parse(req.body);
    const pending = decode(form.request);
    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: pending.tenantSlug } });
    const sp = serviceProviderFor(tenant, pending.federation, config);
    const spec = responseSpecFor({
      federation: pending.federation,
      idpEntityId: entityId,
      requestId: pending.requestId,
      acsUrl: sp.acsUrl,
      spEntityId: sp.entityId,
      level: asSpidLevel(form.level ?? pending.level),
      person: await personFor(tenant, chosenFiscalCode(form)),
      now: clock.now(),
    });
    if (form.action === 'error') {
      spec.status = { code: SAML_ERROR_STATUS, subCode: AUTHN_FAILED_STATUS, message: `ErrorCode nr${form.errorCode ?? 25}` };
      spec.includeAssertion = false;
    }
    renderAutoPost(res, sp.acsUrl, {
      SAMLResponse: Buffer.from(signedResponse(spec, devIdpCredentials())).toString('base64'),
      RelayState: pending.relayState,
    });
  });

  router.get('/slo', async (req, res) => {
    const { tenant, federation, xml } = await senderOf(req, 'LogoutRequest');
    const logoutRequest = parseUntrustedXml(xml).documentElement!;
    const sp = serviceProviderFor(tenant, federation, config);
    const response = buildLogoutResponseXml({
      id: samlId(),
      inResponseTo: attributeOf(logoutRequest, 'ID') ?? '',
      destination: sp.sloUrl,
      idpEntityId: entityId,
      now: clock.now(),
    });
    const relayState = typeof req.query.RelayState === 'string' ? req.query.RelayState : null;
    res.redirect(redirectBindingUrl(sp.sloUrl, { kind: 'SAMLResponse', xml: response, relayState }, devIdpCredentials().privateKeyPem));
  });

  function chosenFiscalCode(form: z.infer<typeof answerSchema>): string {
    const chosen = form.fiscalCode === 'other' ? form.otherFiscalCode : form.fiscalCode;
    return normalizeFiscalCode(chosen ?? '');
  }

  /** The person's name as an identity provider would know it: the demo data, else whoever holds the code here. */
  async function personFor(tenant: Tenant, fiscalCode: string): Promise<PersonAttributes> {
    const demo = DEMO_IDENTITIES.find((entry) => entry.identity.fiscalCode === fiscalCode)?.identity;
    if (demo) return demo;
    const known =
      (await prisma.guardian.findFirst({ where: { tenantId: tenant.id, fiscalCode } })) ??
      (await prisma.delegate.findFirst({ where: { tenantId: tenant.id, fiscalCode } }));
    return {
      fiscalCode,
      firstName: known?.firstName ?? 'Utente',
      lastName: known?.lastName ?? 'Di Prova',
      email: 'utente.prova@example.com',
      dateOfBirth: '1980-01-01',
    };
  }

  router.use(((error, _req, res, next) => {
    if (!(error instanceof DevIdpError)) return next(error);
    res.status(400).render('errors/refused', { title: DEV_IDP_NAME, message: `Richiesta SAML non valida: ${error.message}.` });
  }) as express.ErrorRequestHandler);

  return router;
}

class DevIdpError extends Error {}
