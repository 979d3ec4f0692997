// Comune Dimostrativo (prepaid): eight families, ten children. The demo parent comes first.
import { DEMO_COMPANY, DEMO_DELEGATE, DEMO_PARENT, DEMO_PARENT_NO_EMAIL } from './identities.ts';
import { delegateFromIdentity, guardianFromIdentity, personCode, type FamilySpec } from './families-data.ts';
import { DIET_GLUTEN_FREE } from './menus.ts';

export const DIMOSTRATIVO_FAMILIES: FamilySpec[] = [
  {
    // the demo parent: two children, ISEE in the middle band, the younger one pays the sibling rate
    guardian: guardianFromIdentity(DEMO_PARENT, { phone: '+39 333 1234567', street: 'Via Giuseppe Verdi 15' }),
    iseeCents: 1_250_000,
    topUps: 'PAGOPA',
    students: [
      {
        firstName: 'Luca',
        lastName: 'Rossi',
        sex: 'M',
        birthDate: '2017-05-20',
        birthPlace: 'Milano',
        school: 'PRIMARIA',
        className: '4ª A',
        wallet: 'NORMAL',
        carriedOver: true,
        futureAbsences: [3, 4],
      },
      {
        firstName: 'Sofia',
        lastName: 'Rossi',
        sex: 'F',
        birthDate: '2022-02-10',
        birthPlace: 'Milano',
        school: 'INFANZIA',
        className: 'Sezione A',
        wallet: 'LOW',
        carriedOver: true,
        futureAbsences: [5],
      },
    ],
  },
  {
    // a family with a delegate (the grandmother, who can log in with her own SPID)
    guardian: {
      fiscalCode: personCode('Andrea', 'Colombo', 'M', '1980-11-03', 'Monza'),
      firstName: 'Andrea',
      lastName: 'Colombo',
      email: 'andrea.colombo@example.com',
      phone: '+39 347 2345678',
      street: 'Via Roma 42',
    },
    iseeCents: null,
    delegate: delegateFromIdentity(DEMO_DELEGATE),
    topUps: 'PAGOPA',
    students: [
      {
        firstName: 'Matteo',
        lastName: 'Colombo',
        sex: 'M',
        birthDate: '2018-10-02',
        birthPlace: 'Monza',
        school: 'PRIMARIA',
        className: '3ª B',
        wallet: 'NORMAL',
        carriedOver: true,
      },
    ],
  },
  {
    // pays by direct debit (SDD): the wallet is topped up from her bank account
    guardian: {
      fiscalCode: personCode('Francesca', 'Esposito', 'F', '1988-07-22', 'Napoli'),
      firstName: 'Francesca',
      lastName: 'Esposito',
      email: 'francesca.esposito@example.com',
      phone: '+39 328 3456789',
      street: 'Via dei Mille 7',
      paymentMethod: 'SDD',
      iban: 'IT35K0306953210100000004671',
      invoiceDelivery: 'EMAIL',
    },
    iseeCents: 650_000,
    topUps: 'SDD',
    students: [
      {
        firstName: 'Leonardo',
        lastName: 'Ricci',
        sex: 'M',
        birthDate: '2021-04-09',
        birthPlace: 'Milano',
        school: 'INFANZIA',
        className: 'Sezione B',
        wallet: 'NORMAL',
      },
    ],
  },
  {
    // no e-mail on file ("dati obbligatori" missing: the portal asks for it before any payment), wallet in debt
    guardian: {
      ...guardianFromIdentity(DEMO_PARENT_NO_EMAIL, {
        phone: '+39 340 4567890',
        street: 'Via Giacomo Matteotti 3',
        invoiceDelivery: 'POST',
      }),
      email: null,
    },
    iseeCents: 1_430_000,
    topUps: 'DESK',
    students: [
      {
        firstName: 'Chiara',
        lastName: 'Romano',
        sex: 'F',
        birthDate: '2020-03-14',
        birthPlace: 'Roma',
        school: 'PRIMARIA',
        className: '1ª A',
        wallet: 'NEGATIVE',
        carriedOver: true,
      },
    ],
  },
  {
    // the child on a gluten-free diet (celiachia), with the medical certificate attached
    guardian: {
      fiscalCode: personCode('Elena', 'Conti', 'F', '1990-09-05', 'Legnano'),
      firstName: 'Elena',
      lastName: 'Conti',
      email: 'elena.conti@example.com',
      phone: '+39 339 5678901',
      street: 'Viale Europa 21',
    },
    iseeCents: 1_800_000,
    topUps: 'PAGOPA',
    students: [
      {
        firstName: 'Tommaso',
        lastName: 'Conti',
        sex: 'M',
        birthDate: '2021-08-23',
        birthPlace: 'Legnano',
        school: 'INFANZIA',
        className: 'Sezione C',
        wallet: 'NORMAL',
        diet: { code: DIET_GLUTEN_FREE, note: 'Celiachia: dieta priva di glutine (certificato del pediatra)' },
      },
    ],
  },
  {
    // a company guardian (the social cooperative running a foster home) that logs in with its partita IVA
    guardian: {
      fiscalCode: DEMO_COMPANY.vatNumber,
      firstName: '',
      lastName: DEMO_COMPANY.name,
      isCompany: true,
      email: DEMO_COMPANY.email,
      phone: '+39 02 7654321',
      street: 'Via Camillo Benso di Cavour 22',
    },
    iseeCents: null,
    topUps: 'DESK',
    students: [
      {
        firstName: 'Amir',
        lastName: 'Haddad',
        sex: 'M',
        birthDate: '2018-02-27',
        birthPlace: 'Milano',
        school: 'PRIMARIA',
        className: '3ª B',
        wallet: 'NORMAL',
      },
    ],
  },
  {
    // resident in another Comune (Magenta), two children in the lowest band
    guardian: {
      fiscalCode: personCode('Simone', 'Greco', 'M', '1983-04-17', 'Magenta'),
      firstName: 'Simone',
      lastName: 'Greco',
      email: 'simone.greco@example.com',
      phone: '+39 345 6789012',
      street: 'Via Milano 89',
      residence: { city: 'Magenta', zip: '20013', province: 'MI' },
    },
    iseeCents: 790_000,
    topUps: 'PAGOPA',
    students: [
      {
        firstName: 'Pietro',
        lastName: 'Greco',
        sex: 'M',
        birthDate: '2017-01-16',
        birthPlace: 'Magenta',
        school: 'PRIMARIA',
        className: '4ª A',
        wallet: 'NORMAL',
        carriedOver: true,
      },
      {
        firstName: 'Emma',
        lastName: 'Greco',
        sex: 'F',
        birthDate: '2022-11-30',
        birthPlace: 'Magenta',
        school: 'INFANZIA',
        className: 'Sezione A',
        wallet: 'NORMAL',
      },
    ],
  },
  {
    guardian: {
      fiscalCode: personCode('Laura', 'Fontana', 'F', '1986-12-08', 'Pavia'),
      firstName: 'Laura',
      lastName: 'Fontana',
      email: 'laura.fontana@example.com',
      phone: '+39 366 7890123',
      street: 'Via Alessandro Volta 5',
    },
    iseeCents: 2_200_000,
    topUps: 'PAGOPA',
    students: [
      {
        firstName: 'Beatrice',
        lastName: 'Moretti',
        sex: 'F',
        birthDate: '2020-07-19',
        birthPlace: 'Pavia',
        school: 'PRIMARIA',
        className: '1ª A',
        wallet: 'NORMAL',
      },
    ],
  },
];
