/** Why a SAML login was refused: recorded in the audit log, and chosen to tell the user the right thing. */
export type LoginFailureReason =
  | 'MALFORMED'
  | 'DOCTYPE'
  | 'UNKNOWN_REQUEST'
  | 'UNKNOWN_IDP'
  | 'SIGNATURE'
  | 'VERSION'
  | 'ISSUE_INSTANT'
  | 'IN_RESPONSE_TO'
  | 'DESTINATION'
  | 'STATUS'
  | 'ISSUER'
  | 'ASSERTION_COUNT'
  | 'NAME_ID'
  | 'SUBJECT_CONFIRMATION'
  | 'RECIPIENT'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'AUDIENCE'
  | 'AUTHN_CONTEXT'
  | 'LEVEL_TOO_LOW'
  | 'ATTRIBUTES'
  | 'FISCAL_CODE'
  | 'REPLAYED'
  | 'IDP_ERROR'
  | 'NO_MATCH';

export class SamlLoginError extends Error {
  override name = 'SamlLoginError';
  constructor(
    readonly reason: LoginFailureReason,
    readonly detail: string,
    /** SPID's ErrorCode (19–25, …) when the identity provider answered with an error. */
    readonly idpErrorCode: number | null = null,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export function refuse(reason: LoginFailureReason, detail: string): never {
  throw new SamlLoginError(reason, detail);
}
