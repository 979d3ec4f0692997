/**
 * What to tell the user when the identity provider answers with one of SPID's "anomaly" codes (AgID's table of
 * error messages: ErrorCode nr19–nr25 are the ones about the user). Code 24 has no meaning of its own in the
 * table, so it gets the generic text.
 */
export interface IdpErrorPage {
  code: number | null;
  title: string;
  message: string;
}

const PAGES: Record<number, Omit<IdpErrorPage, 'code'>> = {
  19: {
    title: 'Troppi tentativi non riusciti',
    message:
      'Il gestore della tua identità digitale ha bloccato l’accesso dopo ripetuti inserimenti di credenziali errate. Attendi qualche minuto, verifica nome utente e password e riprova; se il problema continua, rivolgiti al tuo gestore di identità.',
  },
  20: {
    title: 'Livello di sicurezza non disponibile',
    message:
      'La tua identità digitale non ha credenziali del livello di sicurezza richiesto da questo servizio. Attiva presso il tuo gestore le credenziali di livello adeguato (ad esempio l’app o il codice OTP) e riprova.',
  },
  21: {
    title: 'Tempo scaduto',
    message: 'L’autenticazione non è stata completata in tempo. Riprova ad accedere.',
  },
  22: {
    title: 'Consenso negato',
    message:
      'Hai negato il consenso all’invio dei tuoi dati a questo servizio, che senza di essi non può riconoscerti. Per accedere, riprova e acconsenti all’invio dei dati.',
  },
  23: {
    title: 'Identità sospesa o revocata',
    message:
      'La tua identità digitale risulta sospesa o revocata, oppure le tue credenziali sono bloccate. Contatta il tuo gestore di identità digitale.',
  },
  25: {
    title: 'Accesso annullato',
    message: 'Hai annullato l’accesso presso il gestore della tua identità digitale. Puoi riprovare quando vuoi.',
  },
};

const GENERIC: Omit<IdpErrorPage, 'code'> = {
  title: 'Accesso non riuscito',
  message:
    'Il gestore della tua identità digitale non ha completato l’autenticazione. Riprova; se il problema continua, rivolgiti al tuo gestore di identità.',
};

/** SPID puts the code in StatusMessage as "ErrorCode nr22". */
export function idpErrorCodeFrom(statusMessage: string | null): number | null {
  const match = /ErrorCode\s*nr\s*0*(\d{1,3})/i.exec(statusMessage ?? '');
  return match ? Number(match[1]) : null;
}

export function idpErrorPage(code: number | null): IdpErrorPage {
  return { code, ...(code !== null && PAGES[code] ? PAGES[code] : GENERIC) };
}

/** The codes the local identity provider can answer with, for its picker. */
export const USER_ERROR_CODES = [19, 20, 21, 22, 23, 24, 25] as const;
