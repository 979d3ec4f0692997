// Comune di Borgo Verde (post-paid, monthly invoices): nine families, twelve children. The demo parent comes first.
import {
  DEMO_DELEGATE_BORGOVERDE,
  DEMO_PARENT_BORGOVERDE,
  DEMO_PARENT_MANY_DOCUMENTS_BORGOVERDE,
  DEMO_PARENT_NO_EMAIL_BORGOVERDE,
  DEMO_PARENT_SDD_BORGOVERDE,
} from './identities.ts';
import { delegateFromIdentity, guardianFromIdentity, personCode, type FamilySpec } from './families-data.ts';
import { DIET_LACTOSE_FREE } from './menus.ts';

export const BORGOVERDE_FAMILIES: FamilySpec[] = [
  {
    // the demo parent: paid September, October still to pay (the cart has something in it)
    guardian: guardianFromIdentity(DEMO_PARENT_BORGOVERDE, { phone: '+39 335 1122334', street: 'Via Roma 5' }),
    iseeCents: 920_000,
    payment: 'ALL_BUT_LAST',
    students: [
      {
        firstName: 'Giorgia',
        lastName: 'Lombardi',
        sex: 'F',
        birthDate: '2020-03-02',
        birthPlace: 'Bergamo',
        school: 'PRIMARIA',
        className: '1ª A',
        bus: true,
        futureAbsences: [2],
      },
      {
        firstName: 'Davide',
        lastName: 'Lombardi',
        sex: 'M',
        birthDate: '2022-07-15',
        birthPlace: 'Bergamo',
        school: 'INFANZIA',
        className: 'Sezione Gialli',
        futureAbsences: [2, 3],
      },
    ],
  },
  {
    // never pays: overdue invoices, and one from last school year sent to coercive collection
    guardian: {
      fiscalCode: personCode('Sara', 'Gallo', 'F', '1987-02-21', 'Bergamo'),
      firstName: 'Sara',
      lastName: 'Gallo',
      email: 'sara.gallo@example.com',
      phone: '+39 348 2233445',
      street: 'Via Papa Giovanni XXIII 18',
    },
    iseeCents: null,
    payment: 'NONE',
    students: [
      {
        firstName: 'Nicolò',
        lastName: 'Gallo',
        sex: 'M',
        birthDate: '2017-01-09',
        birthPlace: 'Bergamo',
        school: 'PRIMARIA',
        className: '4ª A',
      },
    ],
  },
  {
    guardian: {
      fiscalCode: personCode('Stefano', 'Costa', 'M', '1981-05-28', 'Brescia'),
      firstName: 'Stefano',
      lastName: 'Costa',
      email: 'stefano.costa@example.com',
      phone: '+39 349 3344556',
      street: 'Via Garibaldi 27',
    },
    iseeCents: 1_600_000,
    payment: 'ALL',
    students: [
      {
        firstName: 'Aurora',
        lastName: 'Costa',
        sex: 'F',
        birthDate: '2016-06-06',
        birthPlace: 'Bergamo',
        school: 'PRIMARIA',
        className: '5ª B',
        bus: true,
      },
    ],
  },
  {
    guardian: {
      fiscalCode: personCode('Valentina', 'Mancini', 'F', '1992-10-30', 'Milano'),
      firstName: 'Valentina',
      lastName: 'Mancini',
      email: 'valentina.mancini@example.com',
      phone: '+39 320 4455667',
      street: 'Via dei Mulini 2',
    },
    iseeCents: 500_000,
    payment: 'ALL_BUT_LAST',
    students: [
      {
        firstName: 'Edoardo',
        lastName: 'Rinaldi',
        sex: 'M',
        birthDate: '2022-04-04',
        birthPlace: 'Bergamo',
        school: 'INFANZIA',
        className: 'Sezione Verdi',
      },
    ],
  },
  {
    // a family with a delegate; the younger child had a week of prolonged absence and an unpaid month
    guardian: {
      fiscalCode: personCode('Fabio', 'Leone', 'M', '1978-12-12', 'Palermo'),
      firstName: 'Fabio',
      lastName: 'Leone',
      email: 'fabio.leone@example.com',
      phone: '+39 338 5566778',
      street: 'Via San Martino 11',
    },
    iseeCents: 1_100_000,
    delegate: delegateFromIdentity(DEMO_DELEGATE_BORGOVERDE),
    payment: 'ALL_BUT_LAST',
    students: [
      {
        firstName: 'Martina',
        lastName: 'Leone',
        sex: 'F',
        birthDate: '2016-09-25',
        birthPlace: 'Bergamo',
        school: 'PRIMARIA',
        className: '5ª B',
      },
      {
        firstName: 'Diego',
        lastName: 'Leone',
        sex: 'M',
        birthDate: '2021-01-18',
        birthPlace: 'Bergamo',
        school: 'INFANZIA',
        className: 'Sezione Gialli',
        payment: 'NONE',
        prolongedAbsence: { from: '2026-10-12', to: '2026-10-16' },
      },
    ],
  },
  {
    // lactose-free diet
    guardian: {
      fiscalCode: personCode('Irene', 'Barbieri', 'F', '1989-04-03', 'Seriate'),
      firstName: 'Irene',
      lastName: 'Barbieri',
      email: 'irene.barbieri@example.com',
      phone: '+39 331 6677889',
      street: 'Via Fontana 9',
    },
    iseeCents: 1_450_000,
    payment: 'ALL_BUT_LAST',
    students: [
      {
        firstName: 'Greta',
        lastName: 'Barbieri',
        sex: 'F',
        birthDate: '2021-10-10',
        birthPlace: 'Seriate',
        school: 'INFANZIA',
        className: 'Sezione Verdi',
        diet: { code: DIET_LACTOSE_FREE, note: 'Intolleranza al lattosio (certificato del pediatra)' },
      },
    ],
  },
  {
    // pays by direct debit (SDD): no pagoPA notice; the newest debit failed, so that month waits for a
    // pagamento spontaneo
    guardian: guardianFromIdentity(DEMO_PARENT_SDD_BORGOVERDE, {
      phone: '+39 342 7788990',
      street: 'Via Bergamo 40',
      residence: { city: 'Seriate', zip: '24068', province: 'BG' },
      paymentMethod: 'SDD',
      iban: 'IT49Z0200801600000104567890',
      invoiceDelivery: 'EMAIL',
    }),
    iseeCents: 780_000,
    payment: 'ALL_BUT_LAST',
    students: [
      {
        firstName: 'Alice',
        lastName: 'Villa',
        sex: 'F',
        birthDate: '2017-11-03',
        birthPlace: 'Seriate',
        school: 'PRIMARIA',
        className: '4ª A',
      },
    ],
  },
  {
    // has paid nothing this year: canteen and school bus for the elder, canteen for the younger — six documents,
    // more than the five one pagoPA cart can hold (the families' "never pays" habit would also add an old debt)
    guardian: guardianFromIdentity(DEMO_PARENT_MANY_DOCUMENTS_BORGOVERDE, { phone: '+39 346 8899001', street: 'Via Donizetti 14' }),
    iseeCents: 1_300_000,
    students: [
      {
        firstName: 'Elisa',
        lastName: 'Ferrara',
        sex: 'F',
        birthDate: '2016-04-12',
        birthPlace: 'Bergamo',
        school: 'PRIMARIA',
        className: '5ª B',
        bus: true,
        payment: 'NONE',
      },
      {
        firstName: 'Samuele',
        lastName: 'Ferrara',
        sex: 'M',
        birthDate: '2020-09-30',
        birthPlace: 'Bergamo',
        school: 'PRIMARIA',
        className: '1ª A',
        payment: 'NONE',
      },
    ],
  },
  {
    // no e-mail on file ("dati obbligatori" missing: the portal asks for it before any payment); October to pay
    guardian: {
      ...guardianFromIdentity(DEMO_PARENT_NO_EMAIL_BORGOVERDE, {
        phone: '+39 333 9900112',
        street: 'Via Tasso 6',
        invoiceDelivery: 'POST',
      }),
      email: null,
    },
    iseeCents: 2_100_000,
    payment: 'ALL_BUT_LAST',
    students: [
      {
        firstName: 'Anna',
        lastName: 'Pellegrini',
        sex: 'F',
        birthDate: '2021-05-19',
        birthPlace: 'Brescia',
        school: 'INFANZIA',
        className: 'Sezione Verdi',
      },
    ],
  },
];
