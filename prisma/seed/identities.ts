// Demo people: the local identity provider offers them as SPID/CIE logins, the server prints DEMO_LOGINS at start,
// and the seed stores the same people as guardians, delegates and staff. No Prisma import here, so the dev IdP
// can load this file cheaply.
import { buildFiscalCode } from '../../src/domain/fiscal-code.ts';

export const DEMO_PASSWORD = 'Demo2026!';

export const DEMO_TENANT_SLUGS = ['dimostrativo', 'borgoverde'] as const;

export interface DemoIdentity {
  fiscalCode: string;
  firstName: string;
  lastName: string;
  email: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  sex: 'M' | 'F';
  /** codice catastale of the birth place (SPID attribute placeOfBirth) */
  placeOfBirth: string;
}

function person(
  firstName: string,
  lastName: string,
  sex: 'M' | 'F',
  dateOfBirth: string,
  placeOfBirth: string,
  email: string,
): DemoIdentity {
  const fiscalCode = buildFiscalCode({ lastName, firstName, birthDate: dateOfBirth, sex, cadastralCode: placeOfBirth });
  return { fiscalCode, firstName, lastName, email, dateOfBirth, sex, placeOfBirth };
}

/** Comune Dimostrativo: guardian of two children (Luca, primaria; Sofia, infanzia). */
export const DEMO_PARENT = person('Maria', 'Rossi', 'F', '1985-03-12', 'F205', 'maria.rossi@example.com');

/** Comune Dimostrativo: delegate (the grandmother) of Andrea Colombo's family. */
export const DEMO_DELEGATE = person('Anna', 'Galli', 'F', '1954-06-18', 'A794', 'anna.galli@example.com');

/** Comune Dimostrativo: a parent with no e-mail on file, so the portal asks for the "dati obbligatori" first. */
export const DEMO_PARENT_NO_EMAIL = person('Marco', 'Romano', 'M', '1979-01-30', 'H501', 'marco.romano@example.com');

/** A valid personal fiscal code that is guardian or delegate of nobody, in any demo Comune. */
export const ADULT_WITHOUT_CHILDREN = person('Roberto', 'Neri', 'M', '1975-02-14', 'L219', 'roberto.neri@example.com');

/** Comune Dimostrativo: the clerk (CLERK, username "operatore"); her SPID login maps to the staff account. */
export const DEMO_CLERK = person('Giulia', 'Bianchi', 'F', '1982-10-27', 'F205', 'giulia.bianchi@example.com');

/** Comune di Borgo Verde: guardian of two children (Giorgia, primaria + scuolabus; Davide, infanzia). */
export const DEMO_PARENT_BORGOVERDE = person('Paolo', 'Lombardi', 'M', '1984-08-09', 'A794', 'paolo.lombardi@example.com');

/** Comune di Borgo Verde: delegate (the grandmother) of Fabio Leone's family. */
export const DEMO_DELEGATE_BORGOVERDE = person('Carmela', 'Leone', 'F', '1950-04-11', 'G273', 'carmela.leone@example.com');

/** Comune di Borgo Verde: pays by direct debit (SDD); October's debit bounced, so it waits for a pagamento spontaneo. */
export const DEMO_PARENT_SDD_BORGOVERDE = person('Michele', 'Villa', 'M', '1985-01-25', 'L219', 'michele.villa@example.com');

/** Comune di Borgo Verde: has paid nothing this year: six unpaid documents, more than one cart (five) can hold. */
export const DEMO_PARENT_MANY_DOCUMENTS_BORGOVERDE = person('Rita', 'Ferrara', 'F', '1983-06-14', 'A794', 'rita.ferrara@example.com');

/** Comune di Borgo Verde: a parent with no e-mail on file, so the portal asks for the "dati obbligatori" first. */
export const DEMO_PARENT_NO_EMAIL_BORGOVERDE = person('Giorgio', 'Pellegrini', 'M', '1976-09-02', 'B157', 'giorgio.pellegrini@example.com');

/** Comune di Borgo Verde: the clerk (CLERK, username "operatore"). */
export const DEMO_CLERK_BORGOVERDE = person('Davide', 'Ferri', 'M', '1979-07-03', 'A794', 'davide.ferri@example.com');

/** Comune Dimostrativo: the company guardian that logs in with username (its partita IVA) and password. */
export const DEMO_COMPANY = {
  vatNumber: '04567890167',
  name: 'Cooperativa Sociale Il Ponte',
  email: 'amministrazione@coopilponte.example.com',
} as const;

/** Every identity the local identity provider should offer, with a label for its picker. */
export const DEMO_IDENTITIES: ReadonlyArray<{ tenantSlug: string; label: string; identity: DemoIdentity }> = [
  { tenantSlug: 'dimostrativo', label: 'Genitore con due figli', identity: DEMO_PARENT },
  { tenantSlug: 'dimostrativo', label: 'Delegata (nonna) della famiglia Colombo', identity: DEMO_DELEGATE },
  { tenantSlug: 'dimostrativo', label: 'Genitore senza e-mail (dati obbligatori da completare)', identity: DEMO_PARENT_NO_EMAIL },
  { tenantSlug: 'dimostrativo', label: 'Operatrice comunale (SPID)', identity: DEMO_CLERK },
  { tenantSlug: 'dimostrativo', label: 'Adulto senza figli iscritti', identity: ADULT_WITHOUT_CHILDREN },
  { tenantSlug: 'borgoverde', label: 'Genitore con due figli (post-pagato)', identity: DEMO_PARENT_BORGOVERDE },
  { tenantSlug: 'borgoverde', label: 'Delegata (nonna) della famiglia Leone', identity: DEMO_DELEGATE_BORGOVERDE },
  { tenantSlug: 'borgoverde', label: 'Genitore con addebito SDD non riuscito (pagamento spontaneo)', identity: DEMO_PARENT_SDD_BORGOVERDE },
  { tenantSlug: 'borgoverde', label: 'Genitore con sei documenti da pagare', identity: DEMO_PARENT_MANY_DOCUMENTS_BORGOVERDE },
  { tenantSlug: 'borgoverde', label: 'Genitore senza e-mail (dati obbligatori da completare)', identity: DEMO_PARENT_NO_EMAIL_BORGOVERDE },
  { tenantSlug: 'borgoverde', label: 'Operatore comunale (SPID)', identity: DEMO_CLERK_BORGOVERDE },
  { tenantSlug: 'borgoverde', label: 'Adulto senza figli iscritti', identity: ADULT_WITHOUT_CHILDREN },
];

export type DemoLoginRole = 'PARENT' | 'DELEGATE' | 'ADMIN' | 'CLERK' | 'CASHIER' | 'CATERER' | 'COMPANY';

export interface DemoLogin {
  tenantSlug: string;
  role: DemoLoginRole;
  /** what to type or pick: the username (password DEMO_PASSWORD) or the fiscal code offered by the local IdP */
  login: string;
  kind: 'PASSWORD' | 'SPID';
  description: string;
}

const spid = (tenantSlug: string, role: DemoLoginRole, id: DemoIdentity, description: string): DemoLogin => ({
  tenantSlug,
  role,
  login: id.fiscalCode,
  kind: 'SPID',
  description,
});

const password = (tenantSlug: string, role: DemoLoginRole, username: string, description: string): DemoLogin => ({
  tenantSlug,
  role,
  login: username,
  kind: 'PASSWORD',
  description,
});

const staff = (tenantSlug: string, clerk: DemoIdentity): DemoLogin[] => [
  password(tenantSlug, 'ADMIN', 'admin', 'Amministratore del Comune'),
  password(tenantSlug, 'CLERK', 'operatore', `Operatore comunale (${clerk.firstName} ${clerk.lastName})`),
  spid(tenantSlug, 'CLERK', clerk, `Operatore comunale via SPID (${clerk.firstName} ${clerk.lastName})`),
  password(tenantSlug, 'CASHIER', 'cassa', 'Sportello / cassa'),
  password(tenantSlug, 'CATERER', 'cucina', 'Centro cottura (conteggio pasti)'),
];

export const DEMO_LOGINS: readonly DemoLogin[] = [
  spid('dimostrativo', 'PARENT', DEMO_PARENT, 'Maria Rossi, genitore di Luca e Sofia (conto prepagato)'),
  spid('dimostrativo', 'DELEGATE', DEMO_DELEGATE, 'Anna Galli, delegata per Matteo Colombo'),
  spid('dimostrativo', 'PARENT', ADULT_WITHOUT_CHILDREN, 'Roberto Neri, nessun figlio iscritto: accesso rifiutato'),
  spid('dimostrativo', 'PARENT', DEMO_PARENT_NO_EMAIL, 'Marco Romano, senza e-mail: prima di pagare chiede i dati obbligatori'),
  password('dimostrativo', 'COMPANY', DEMO_COMPANY.vatNumber, `${DEMO_COMPANY.name} (partita IVA)`),
  ...staff('dimostrativo', DEMO_CLERK),
  spid('borgoverde', 'PARENT', DEMO_PARENT_BORGOVERDE, 'Paolo Lombardi, genitore di Giorgia e Davide (fatture mensili)'),
  spid('borgoverde', 'DELEGATE', DEMO_DELEGATE_BORGOVERDE, 'Carmela Leone, delegata per Martina e Diego Leone'),
  spid('borgoverde', 'PARENT', DEMO_PARENT_SDD_BORGOVERDE, 'Michele Villa, addebito SDD di ottobre non riuscito: pagamento spontaneo'),
  spid(
    'borgoverde',
    'PARENT',
    DEMO_PARENT_MANY_DOCUMENTS_BORGOVERDE,
    'Rita Ferrara, sei documenti da pagare (oltre il limite di 5 per carrello)',
  ),
  spid(
    'borgoverde',
    'PARENT',
    DEMO_PARENT_NO_EMAIL_BORGOVERDE,
    'Giorgio Pellegrini, senza e-mail: prima di pagare chiede i dati obbligatori',
  ),
  ...staff('borgoverde', DEMO_CLERK_BORGOVERDE),
];
