import type { ApplicationType } from '../../../generated/prisma/enums.ts';
import { NotFoundError } from '../../../web/errors.ts';
import type { PraticaType } from '../fields.ts';
import { certificateType } from './certificate.ts';
import { dietType } from './diet.ts';
import { enrollmentType } from './enrollment.ts';
import { paymentMethodType } from './payment-method.ts';
import { residenceType } from './residence.ts';

/** Every pratica a family can file, in the order the service page lists them. */
export const PRATICA_TYPES: readonly PraticaType[] = [enrollmentType, dietType, residenceType, paymentMethodType, certificateType];

export function praticaType(type: ApplicationType): PraticaType {
  return PRATICA_TYPES.find((p) => p.type === type)!;
}

export function praticaTypeBySlug(slug: string): PraticaType {
  const found = PRATICA_TYPES.find((p) => p.slug === slug);
  if (!found) throw new NotFoundError();
  return found;
}
