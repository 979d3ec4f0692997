// Shared by the registry tests: the forms a clerk fills in, as a person would fill them.
import { buildFiscalCode } from '../../../src/domain/fiscal-code.ts';
import { csrfTokenFrom, submitForm, type Agent } from '../../helpers/http.ts';

let n = 0;

export function guardianFields(overrides: Record<string, string> = {}): Record<string, string> {
  n++;
  return {
    fiscalCode: buildFiscalCode({
      lastName: 'Conti',
      firstName: `Elena`,
      birthDate: `1980-0${1 + (n % 9)}-1${n % 10}`,
      sex: 'F',
      cadastralCode: 'F205',
    }),
    firstName: 'Elena',
    lastName: 'Conti',
    email: 'elena.conti@example.it',
    phone: '+39 333 1234567',
    residenceStreet: 'Via dei Mille 12',
    residenceCity: 'Milano',
    residenceZip: '20100',
    residenceProv: 'MI',
    paymentMethod: 'PAGOPA',
    iban: '',
    invoiceDelivery: 'PORTAL',
    ...overrides,
  };
}

export function studentFields(
  schoolId: string,
  child: { firstName: string; birthDate: string; sex: 'M' | 'F' },
  overrides: Record<string, string> = {},
) {
  return {
    fiscalCode: buildFiscalCode({
      lastName: 'Conti',
      firstName: child.firstName,
      birthDate: child.birthDate,
      sex: child.sex,
      cadastralCode: 'F205',
    }),
    firstName: child.firstName,
    lastName: 'Conti',
    birthDate: child.birthDate,
    sex: child.sex,
    birthPlace: 'Milano',
    birthProvince: 'MI',
    residenceStreet: 'Via dei Mille 12',
    residenceCity: 'Milano',
    residenceZip: '20100',
    residenceProv: 'MI',
    schoolId,
    classId: '',
    badgeNumber: '',
    ...overrides,
  };
}

/** Posts the button form `qa` of a page (its only field is the CSRF token). */
export async function pressButton(agent: Agent, page: string, action: string) {
  return submitForm(agent, page, action, {});
}

/** Uploads a file to a student's fascicolo with the page's CSRF token in the multipart body. */
export async function uploadDocument(
  agent: Agent,
  studentPage: string,
  file: { name: string; type: string; bytes: Buffer },
  title = 'Certificato medico',
) {
  const page = await agent.get(studentPage);
  return agent
    .post(`${studentPage}/documenti`)
    .field('_csrf', csrfTokenFrom(page.text))
    .field('title', title)
    .field('kind', 'DIET_CERTIFICATE')
    .attach('file', file.bytes, { filename: file.name, contentType: file.type });
}

/** A small but real PDF (header, one empty page, xref, trailer). */
export const REAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\nxref\n0 4\n0000000000 65535 f \n' +
    'trailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n',
);

/** A Windows executable's first bytes (MZ header), to be named x.pdf. */
export const EXE_BYTES = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), Buffer.alloc(200)]);
