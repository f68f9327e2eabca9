/**
 * Wise's own shapes, as the Platform API documents them (User resource page:
 * https://docs.wise.com/api-reference/user, docs/providers/seeds/004_fd63653104930cb5.txt, and the user part
 * of the published OpenAPI, docs/providers/wise-users.openapi.yaml).
 */
export interface WiseAddress {
  /** ISO 3166-1 alpha-2. */
  countryCode?: string;
  firstLine?: string;
  postCode?: string;
  city?: string;
  /** Required for US, CA, AU and BR; often `""` elsewhere. */
  state?: string;
  occupation?: string;
}

export interface WiseUserDetails {
  firstName?: string;
  lastName?: string;
  phoneNumber?: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth?: string;
  occupation?: string;
  avatar?: string;
  /** Id of the address object in Wise's addresses endpoints. */
  primaryAddress?: number | null;
  address?: WiseAddress;
}

/** `name` and `details` are null for a user who has just signed up. */
export interface WiseUser {
  id: number;
  name?: string | null;
  email?: string;
  active?: boolean;
  details?: WiseUserDetails | null;
}

export const WISE_LANGUAGES = ['EN', 'US', 'PT', 'ES', 'FR', 'DE', 'IT', 'JA', 'RU', 'PL', 'HU', 'TR', 'RO', 'NL', 'HK'] as const;
export type WiseLanguage = (typeof WISE_LANGUAGES)[number];

export interface WiseSignup {
  email: string;
  /** At least 32 characters; Wise asks partners to treat it like a password. */
  registrationCode: string;
  language?: WiseLanguage;
}

export interface WiseExists {
  exists: boolean;
}

export interface WiseContactEmail {
  email: string | null;
}

export type WiseTokenGrant =
  | { grant_type: 'client_credentials' }
  | { grant_type: 'registration_code'; client_id: string; email: string; registration_code: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

/**
 * Wise's token answer (`token-response` in Wise's OAuth token OpenAPI, api-evangelist/wise
 * `openapi/wise-oauth-token-api-openapi.yml`): no field is required there.
 */
export interface WiseTokenResponse {
  access_token: string;
  token_type?: string;
  /** Seconds; 12 hours at Wise. */
  expires_in?: number;
  /** UTC timestamp (`2025-04-11T03:43:28.148Z`); wins over `expires_in`. */
  expires_at?: string;
  /** User tokens only; a client-credentials token has none. */
  refresh_token?: string;
  refresh_token_expires_in?: number;
  refresh_token_expires_at?: string;
  scope?: string;
  /** ISO 8601, user grants only (`2020-01-01T12:33:33.12345Z`). */
  created_at?: string;
}

/** Validation and business errors; codes are not unique, `path` says which field. */
export interface WiseErrorsBody {
  errors: { code: string; message?: string; path?: string; arguments?: unknown[] }[];
}

/** OAuth and token errors. */
export interface WiseAuthErrorBody {
  error: string;
  error_description?: string;
}

/** What Wise's framework answers with when something fails inside it (500s). */
export interface WiseServerErrorBody {
  timestamp: string;
  status: number;
  error: string;
  exception?: string;
  message?: string;
  path?: string;
}

export interface WiseConnectionCredentials {
  clientId: string;
  clientSecret: string;
  /** A personal or OAuth user token: what `wise:me` reads, and the fallback for reads. */
  userToken?: string;
  /** 32 bytes, base64 or hex: seals the user tokens the gateway keeps. */
  tokenEncryptionKey: string;
}
