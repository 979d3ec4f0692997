// Every page a parent can open, for the browser tests that walk them all (test/e2e/phones-and-english.test.ts).
// A new parent page adds one line here: it is then checked on phones and desktop, in Italian and English.

export interface ParentPage {
  /** name in failures and screenshot files */
  name: string;
  /** under /:comune/ */
  path: string;
  /** the page is an entry of the header's menu, so the test opens it through the menu */
  inMenu?: boolean;
  /** opened by clicking the first element matching this selector on `path` (a detail page) */
  firstLink?: string;
  /** only Comuni with a virtual account (pre-paid) have it */
  prepaidOnly?: boolean;
  /** the test keeps a screenshot of it at each size */
  screenshot?: boolean;
  /** open to visitors: checked before logging in */
  public?: boolean;
}

export const PARENT_PAGES: readonly ParentPage[] = [
  { name: 'landing', path: '', public: true },
  { name: 'login', path: 'accedi', public: true },
  { name: 'privacy', path: 'privacy', public: true },
  { name: 'accessibility', path: 'accessibilita', public: true },
  { name: 'home', path: 'home', inMenu: true, screenshot: true },
  { name: 'registry', path: 'anagrafica', inMenu: true },
  { name: 'registry-other', path: 'anagrafica?scheda=altre' },
  { name: 'registry-services', path: 'anagrafica?scheda=servizi' },
  { name: 'registry-file', path: 'anagrafica?scheda=fascicolo' },
  { name: 'delegates', path: 'anagrafica/delegati', inMenu: true },
  { name: 'calendar', path: 'refezione', inMenu: true, screenshot: true },
  { name: 'calendar-search', path: 'refezione/ricerca' },
  { name: 'absences', path: 'assenze', inMenu: true },
  { name: 'payments', path: 'pagamenti', inMenu: true, screenshot: true },
  { name: 'spontaneous-payment', path: 'pagamenti/spontaneo' },
  { name: 'documents', path: 'documenti', inMenu: true, screenshot: true },
  { name: 'document', path: 'documenti', firstLink: '[data-qa="invoice-row"] a' },
  { name: 'wallet', path: 'conto', inMenu: true, prepaidOnly: true },
  { name: 'wallet-movement', path: 'conto', firstLink: '[data-qa="movement-row"] a', prepaidOnly: true },
  { name: 'topups', path: 'ricariche', inMenu: true, prepaidOnly: true },
  { name: 'applications', path: 'pratiche', inMenu: true },
  { name: 'application-service', path: 'pratiche', firstLink: 'a[href*="/pratiche/servizio/"]' },
  { name: 'my-applications', path: 'pratiche/mie' },
  { name: 'news', path: 'news', inMenu: true },
  { name: 'news-item', path: 'news', firstLink: '[data-qa="news-item"] a' },
  { name: 'messages', path: 'messaggi', inMenu: true },
  { name: 'notifications', path: 'comunicazioni', inMenu: true },
  { name: 'contact', path: 'contatti', inMenu: true },
  { name: 'faq', path: 'faq', inMenu: true },
  { name: 'required-data', path: 'dati-obbligatori' },
];
