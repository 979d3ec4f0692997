import { describe, expect, it } from 'vitest';
import type { FormContext } from '../../src/features/pratiche/fields.ts';
import { parsePratica } from '../../src/features/pratiche/payload.ts';
import { dietType } from '../../src/features/pratiche/types/diet.ts';
import { enrollmentType } from '../../src/features/pratiche/types/enrollment.ts';
import { paymentMethodType } from '../../src/features/pratiche/types/payment-method.ts';
import { buildFiscalCode } from '../../src/domain/fiscal-code.ts';

const SCHOOL = '0190b5b0-0000-7000-8000-000000000001';
const CHILD = '0190b5b0-0000-7000-8000-000000000002';
const context = {
  students: [{ id: CHILD, firstName: 'Luca', lastName: 'Rossi' }],
  schools: [{ id: SCHOOL, name: 'Primaria' }],
  classes: [],
} as unknown as FormContext;

const step = (kind: typeof enrollmentType, key: string) => kind.steps.find((s) => s.key === key)!.schema(context);

describe('enrollment steps', () => {
  it('take a returning child by id, and refuse a child of another family', () => {
    expect(step(enrollmentType, 'alunno').parse({ studentId: CHILD })).toEqual({ studentId: CHILD, newChild: null });
    expect(step(enrollmentType, 'alunno').safeParse({ studentId: SCHOOL }).success).toBe(false);
  });

  it('take a new child with a checked fiscal code', () => {
    const fiscalCode = buildFiscalCode({ lastName: 'Rossi', firstName: 'Leo', birthDate: '2020-03-10', sex: 'M', cadastralCode: 'F205' });
    const child = {
      studentId: '',
      fiscalCode,
      firstName: 'Leo',
      lastName: 'Rossi',
      birthDate: '10/03/2020',
      birthPlace: 'Milano',
      birthProvince: 'mi',
      sex: 'M',
    };
    expect(step(enrollmentType, 'alunno').parse(child)).toMatchObject({
      studentId: null,
      newChild: { fiscalCode, birthDate: '2020-03-10', birthProvince: 'MI' },
    });
    const wrong = step(enrollmentType, 'alunno').safeParse({ ...child, fiscalCode: `${fiscalCode.slice(0, 15)}A` });
    expect(wrong.success).toBe(false);
  });

  it('need at least one rientro day and a school of the Comune', () => {
    expect(step(enrollmentType, 'scuola').safeParse({ schoolId: SCHOOL, mealWeekdays: [] }).success).toBe(false);
    expect(step(enrollmentType, 'scuola').parse({ schoolId: SCHOOL, mealWeekdays: ['3', '1', '3'] })).toEqual({
      schoolId: SCHOOL,
      classId: null,
      mealWeekdays: [1, 3],
    });
  });

  it('need the DSU protocol with an ISEE value, in cents', () => {
    expect(step(enrollmentType, 'isee').safeParse({ isee: '12.000,50', dsuProtocol: '' }).success).toBe(false);
    expect(step(enrollmentType, 'isee').parse({ isee: '12.000,50', dsuProtocol: 'inps-isee-2026-00012345a-00' })).toEqual({
      isee: 1200050,
      dsuProtocol: 'INPS-ISEE-2026-00012345A-00',
    });
  });

  it('need every declaration ticked', () => {
    expect(step(enrollmentType, 'dichiarazioni').safeParse({ declareTruth: 'on' }).success).toBe(false);
  });
});

describe('diet and payment', () => {
  it('a medical diet needs its certificate; an ethical one does not', () => {
    const diet = step(dietType, 'dieta');
    expect(diet.safeParse({ dietKind: 'MEDICAL', dietCode: 'SENZA_GLUTINE' }).success).toBe(false);
    expect(diet.safeParse({ dietKind: 'MEDICAL', dietCode: 'SENZA_GLUTINE', dietCertificate: CHILD }).success).toBe(true);
    expect(diet.safeParse({ dietKind: 'ETHICAL', dietCode: 'VEGETARIANA' }).success).toBe(true);
  });

  it('SDD needs a valid Italian IBAN', () => {
    const payment = step(paymentMethodType, 'pagamento');
    expect(payment.safeParse({ paymentMethod: 'SDD', iban: '' }).success).toBe(false);
    expect(payment.safeParse({ paymentMethod: 'SDD', iban: 'IT60X0542811101000000123457' }).success).toBe(false);
    expect(payment.parse({ paymentMethod: 'SDD', iban: 'it60 x054 2811 1010 0000 0123 456' })).toMatchObject({
      iban: 'IT60X0542811101000000123456',
    });
  });
});

it('parsePratica names the first step that does not pass', () => {
  const result = parsePratica(dietType, { steps: { alunno: { studentId: CHILD }, dieta: { dietKind: 'MEDICAL' } } }, context);
  expect(result.ok).toBe(false);
  expect(!result.ok && result.step).toBe('dieta');
});
