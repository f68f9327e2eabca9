import type { CountryCode } from 'libphonenumber-js';

/**
 * Rebilly's own shapes, as its users API documents them (docs/providers/rebilly-users.openapi.yaml,
 * schema `User`; the late-2022 GetUser page in docs/providers/seeds/001_78cbd4b32868e622.txt).
 */
export type RebillyUserStatus = 'active' | 'inactive' | 'pending-confirmation';

export interface RebillyLink {
  href: string;
  rel: string;
}

export interface RebillyUser {
  /** `usr_` + a ULID today; older users have UUID-like ids. */
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Free-form: E.164 or a national number. */
  businessPhone?: string | null;
  mobilePhone?: string | null;
  permissions?: string[];
  createdTime?: string;
  updatedTime?: string;
  loginTime?: string | null;
  reportingCurrency?: string;
  availableCurrencies?: string[];
  status?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** Custom properties; `timezone` and `language` are the ones the gateway reads. */
  preferences?: Record<string, unknown> | null;
  roleIds?: string[];
  allowedIps?: string[] | null;
}

/**
 * What Rebilly has sent (the 2022 seed shows them all) and the gateway never returns nor reads:
 * secrets, and the internals an emulating client would need. NOTE: `password`, `totpRequired`,
 * `totpSecret` and `totpUrl` left the `User` schema on 2023-09-11 (Rebilly/api-definitions
 * `567109d`, "Remove deprecated User properties"); `rebilly-js-sdk` 62.162.1 has none of them.
 */
export interface RebillyNeverReturnedFields {
  password?: string;
  totpRequired?: boolean;
  totpSecret?: string;
  totpUrl?: string;
  computedPermissions?: string[];
  _links?: RebillyLink[];
}

/** The writable part of a user: the body of `POST /users` and `PUT /users/{id}`. */
export interface RebillyUserInput {
  email: string;
  firstName: string;
  lastName: string;
  businessPhone?: string | null;
  mobilePhone?: string | null;
  permissions?: string[];
  country?: string;
  preferences?: Record<string, unknown> | null;
  roleIds?: string[];
  allowedIps?: string[] | null;
}

/** `GET /users/{id}/mfa` (schema `ProfileMfa`). */
export interface RebillyMfa {
  /** `active` or `inactive`. */
  status: string;
  /** `duo`, `otp` or null. */
  type?: string | null;
  lastAuthTime?: string | null;
  _links?: RebillyLink[];
}

export interface RebillyInvalidField {
  field: string;
  message?: string;
}

/** RFC 9457 problem details, as current responses carry them. */
export interface RebillyProblem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  invalidFields?: RebillyInvalidField[];
}

/** The older error form: an `error` string and `invalidFields` as a field → message map. */
export interface RebillyLegacyError {
  error: string;
  invalidFields?: Record<string, string>;
}

/** Exactly one of a secret API key (`REB-APIKEY`) or a JWT (`Authorization: Bearer`). */
export type RebillyConnectionCredentials = { apiKey: string; jwt?: never } | { jwt: string; apiKey?: never };

export interface RebillyConnectionOptions {
  /** Reads national phone numbers (Rebilly phones are free-form). */
  defaultRegion?: CountryCode;
  /** Users per page when the gateway walks a list. */
  pageSize: number;
  /** `read`: a user answer also reads `GET /users/{id}/mfa` for `mfaEnabled` (one more call); `skip`: it stays null. */
  mfa: 'read' | 'skip';
}
