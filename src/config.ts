import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    BASE_URL: z.url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z.string().min(1).optional(),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    DATA_DIR: z.string().default('.data'),
    SEED_DEMO: booleanFlag.optional(),
    VIEW_CACHE: booleanFlag.default(true),
    SESSION_SECRET: z.string().min(32).optional(),
    SESSION_IDLE_MINUTES: positiveInt.default(30),
    SESSION_ABSOLUTE_HOURS: positiveInt.default(8),
    TRUST_PROXY: booleanFlag.default(false),
    SAML_KEY_PATH: z.string().optional(),
    SAML_CERT_PATH: z.string().optional(),
    SPID_IDP_METADATA: z.string().optional(),
    CIE_IDP_METADATA: z.string().optional(),
    SPID_REGISTRY_CERT_PATH: z.string().optional(),
    CIE_REGISTRY_CERT_PATH: z.string().optional(),
    PAGOPA_MODE: z.enum(['simulator', 'real']).default('simulator'),
    PAGOPA_GPD_BASE_URL: z.url().optional(),
    PAGOPA_GPD_API_KEY: z.string().optional(),
    PAGOPA_CHECKOUT_BASE_URL: z.url().optional(),
    PAGOPA_CHECKOUT_API_KEY: z.string().optional(),
    PAGOPA_RECEIPTS_BASE_URL: z.url().optional(),
    PAGOPA_RECEIPTS_API_KEY: z.string().optional(),
    PAGOPA_PUSH_TOKEN: z.string().min(16).optional(),
    PAGOPA_TIMEOUT_MS: positiveInt.default(10_000),
    PAGOPA_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    PAGOPA_PULL_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
    TOPUP_MIN_CENTS: positiveInt.default(500),
    TOPUP_MAX_CENTS: positiveInt.default(50_000),
    BILLING_DUE_DAYS: z.coerce.number().int().min(1).max(180).default(30),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//)
      .optional(),
    MAIL_FROM: z.string().min(3).optional(),
    MAIL_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
    IO_BASE_URL: z.url().optional(),
    IO_TIMEOUT_MS: positiveInt.default(10_000),
    IO_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    const required: (keyof typeof env)[] = [
      'DATABASE_URL',
      'BASE_URL',
      'SESSION_SECRET',
      'SAML_KEY_PATH',
      'SAML_CERT_PATH',
      'SPID_IDP_METADATA',
      'SMTP_URL',
      'MAIL_FROM',
    ];
    if (env.PAGOPA_MODE === 'real') {
      required.push(
        'PAGOPA_GPD_BASE_URL',
        'PAGOPA_GPD_API_KEY',
        'PAGOPA_CHECKOUT_BASE_URL',
        'PAGOPA_RECEIPTS_BASE_URL',
        'PAGOPA_RECEIPTS_API_KEY',
        'PAGOPA_PUSH_TOKEN',
      );
    } else {
      ctx.addIssue({ code: 'custom', path: ['PAGOPA_MODE'], message: 'must be "real" in production' });
    }
    for (const key of required) {
      if (env[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
    }
    // Metadata decides which certificates may sign a login: fetched over the network, it must carry its registry's signature.
    const fromNetwork = (sources: string | undefined) => (sources ?? '').split(',').some((source) => /^\s*https?:\/\//.test(source));
    if (fromNetwork(env.SPID_IDP_METADATA) && !env.SPID_REGISTRY_CERT_PATH) {
      ctx.addIssue({
        code: 'custom',
        path: ['SPID_REGISTRY_CERT_PATH'],
        message: 'is required in production when SPID_IDP_METADATA is a URL',
      });
    }
    if (fromNetwork(env.CIE_IDP_METADATA) && !env.CIE_REGISTRY_CERT_PATH) {
      ctx.addIssue({
        code: 'custom',
        path: ['CIE_REGISTRY_CERT_PATH'],
        message: 'is required in production when CIE_IDP_METADATA is a URL',
      });
    }
  });

export interface Config {
  env: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  baseUrl: string;
  logLevel: string;
  databaseUrl: string | undefined;
  embeddedPostgres: { port: number; dataDir: string };
  dataDir: string;
  seedDemo: boolean;
  /** Compile each template once (false only for `npm run dev`, which edits them while it runs). */
  viewCache: boolean;
  session: { secret: string; idleMinutes: number; absoluteHours: number };
  trustProxy: boolean;
  saml: {
    keyPath: string | undefined;
    certPath: string | undefined;
    spidIdpMetadata: string | undefined;
    cieIdpMetadata: string | undefined;
    spidRegistryCertPath: string | undefined;
    cieRegistryCertPath: string | undefined;
  };
  pagopa: {
    mode: 'simulator' | 'real';
    gpdBaseUrl: string | undefined;
    gpdApiKey: string | undefined;
    checkoutBaseUrl: string | undefined;
    checkoutApiKey: string | undefined;
    receiptsBaseUrl: string | undefined;
    receiptsApiKey: string | undefined;
    /** The receipt push endpoint checks this bearer token (always set: a development default outside production). */
    pushToken: string;
    timeoutMs: number;
    /** Extra attempts after a timeout or 5xx, each with the same idempotency key. */
    retries: number;
    /** How often the pull job asks the receipts API; 0 turns the job off. */
    pullIntervalSeconds: number;
  };
  topUp: { minCents: number; maxCents: number };
  /** Days between a billing run's invoices and their due date. */
  billingDueDays: number;
  mail: {
    /** Where messages go; unset outside production: the catcher this process starts (src/mail/catcher.ts). */
    smtpUrl: string | undefined;
    from: string;
    /** The catcher's port outside production (0: any free one). */
    catcherPort: number;
  };
  io: {
    /** IO's API base (…/api/v1); unset outside production: our own simulator under /_io. */
    baseUrl: string | undefined;
    timeoutMs: number;
    /** Extra attempts after a 429, a 5xx or a timeout. */
    retries: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Only for development and tests: production must set SESSION_SECRET (enforced above).
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-change-me-0123456789';
// Same rule for the token the pagoPA simulator presents when it pushes receipts.
const DEVELOPMENT_PUSH_TOKEN = 'development-only-pagopa-push-token';
const IO_PRODUCTION_URL = 'https://api.io.pagopa.it/api/v1';

/** The one place that reads the environment. Throws a ConfigError listing every problem. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
    baseUrl: (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    embeddedPostgres: { port: env.EMBEDDED_PG_PORT, dataDir: path.join(dataDir, 'postgres') },
    dataDir,
    seedDemo: env.SEED_DEMO ?? env.NODE_ENV !== 'production',
    viewCache: env.VIEW_CACHE,
    session: {
      secret: env.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
      idleMinutes: env.SESSION_IDLE_MINUTES,
      absoluteHours: env.SESSION_ABSOLUTE_HOURS,
    },
    trustProxy: env.TRUST_PROXY,
    saml: {
      keyPath: env.SAML_KEY_PATH,
      certPath: env.SAML_CERT_PATH,
      spidIdpMetadata: env.SPID_IDP_METADATA,
      cieIdpMetadata: env.CIE_IDP_METADATA,
      spidRegistryCertPath: env.SPID_REGISTRY_CERT_PATH,
      cieRegistryCertPath: env.CIE_REGISTRY_CERT_PATH,
    },
    pagopa: {
      mode: env.PAGOPA_MODE,
      gpdBaseUrl: env.PAGOPA_GPD_BASE_URL,
      gpdApiKey: env.PAGOPA_GPD_API_KEY,
      checkoutBaseUrl: env.PAGOPA_CHECKOUT_BASE_URL,
      checkoutApiKey: env.PAGOPA_CHECKOUT_API_KEY,
      receiptsBaseUrl: env.PAGOPA_RECEIPTS_BASE_URL,
      receiptsApiKey: env.PAGOPA_RECEIPTS_API_KEY,
      pushToken: env.PAGOPA_PUSH_TOKEN ?? DEVELOPMENT_PUSH_TOKEN,
      timeoutMs: env.PAGOPA_TIMEOUT_MS,
      retries: env.PAGOPA_RETRIES,
      pullIntervalSeconds: env.PAGOPA_PULL_INTERVAL_SECONDS,
    },
    topUp: { minCents: env.TOPUP_MIN_CENTS, maxCents: env.TOPUP_MAX_CENTS },
    billingDueDays: env.BILLING_DUE_DAYS,
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM ?? 'Servizi Scolastici <noreply@servizi-scolastici.invalid>',
      catcherPort: env.MAIL_CATCHER_PORT,
    },
    io: {
      baseUrl: env.IO_BASE_URL ?? (env.NODE_ENV === 'production' ? IO_PRODUCTION_URL : undefined),
      timeoutMs: env.IO_TIMEOUT_MS,
      retries: env.IO_RETRIES,
    },
  };
}
