import type { Tenant } from '../../generated/prisma/client.ts';

interface FaqEntry {
  q: string;
  a: string;
  /** only for Comuni with this billing mode */
  mode?: 'PREPAID' | 'POSTPAID';
}

/** The FAQ with this Comune's own figures (cutoff time, office contacts) filled in. */
export function faqFor(tenant: Tenant, t: (key: string, options?: Record<string, unknown>) => unknown): FaqEntry[] {
  const entries = t('support.faq', {
    returnObjects: true,
    cutoff: tenant.cutoffTime,
    office: tenant.officeName,
    phone: tenant.officePhone,
    email: tenant.officeEmail,
    hours: tenant.officeHours,
    comune: tenant.name,
  }) as FaqEntry[];
  return entries.filter((entry) => !entry.mode || entry.mode === tenant.billingMode);
}
