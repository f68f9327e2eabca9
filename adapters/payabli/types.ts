import type { CountryCode } from 'libphonenumber-js';

/**
 * Payabli's own shapes, as the Pay Ops API documents them (User management:
 * https://docs.payabli.com/developers/api-reference/user/get-user, docs/providers/seeds/002_d7c7308414c42fc7.txt).
 * Reads are PascalCase with a few camelCase exceptions, writes are camelCase; almost every read
 * field may be null. Read shapes here use the documented spelling (see casing.ts).
 */
export interface PayabliScope {
  /** 0 organization, 2 paypoint. */
  orgType?: number | null;
  orgId?: number | null;
  orgEntry?: string | null;
}

export interface PayabliAccess {
  roleLabel?: string | null;
  roleValue?: boolean | null;
}

/** `GET /User/{userId}` and each of `Records` in the user lists. */
export interface PayabliUser {
  userId: number;
  Email?: string | null;
  Name?: string | null;
  /** National digits (`5555555555`) or an international number. */
  Phone?: string | null;
  snProvider?: string | null;
  /** Social-login token: never returned to clients. */
  snIdentifier?: string | null;
  /** Social-login data: never returned to clients. */
  snData?: string | null;
  Scope?: PayabliScope[] | null;
  Access?: PayabliAccess[] | null;
  /** 1 active, 0 inactive, -99 deleted, 85 locked. */
  UsrStatus?: number | null;
  language?: string | null;
  /** Whole-hour UTC offset: -5 is US Eastern. */
  timeZone?: number | null;
  UsrMFA?: boolean | null;
  UsrMFAMode?: number | null;
  /** UTC without a zone: `2022-07-01 15:00:01`. */
  createdAt?: string | null;
  /** UTC without a zone: `2022-07-01T15:00:01`. */
  lastAccess?: string | null;
  /**
   * The client's own dictionary, as an object or as a JSON string of one; its values are strings or
   * objects (see `PayabliAdditionalData`). SDK mock answers even carry a plain non-JSON string.
   */
  AdditionalData?: Record<string, unknown> | string | null;
}

export interface PayabliQuerySummary {
  pageIdentifier?: string | null;
  pageSize?: number | null;
  totalPages?: number | null;
  totalRecords?: number | null;
}

/** `GET /Query/users/org/{orgId}`. */
export interface PayabliUserList {
  Records?: PayabliUser[] | null;
  Summary?: PayabliQuerySummary | null;
}

/** Every write answers with this; create puts the new id (or nothing) in `responseData`. */
export interface PayabliEnvelope {
  isSuccess?: boolean | null;
  responseText?: string | null;
  responseCode?: number | string | null;
  responseData?: unknown;
}

/**
 * Create's envelope. NOTE: `responseData` is the new user's id as a number in the docs' answers,
 * but the SDKs type it `string` (node `AddUserResponse.responseData?: string`, C# `string?`) and the
 * docs' example answers `null`: any string or number, of which only an id-shaped one is an id.
 */
export interface PayabliCreated extends PayabliEnvelope {
  responseData?: number | string | null;
}

/** `responseData` of an error envelope. */
export interface PayabliErrorDetails {
  explanation?: string | null;
  todoAction?: string | null;
}

export interface PayabliScopeWrite {
  orgType: number;
  orgId: number;
}

export interface PayabliAccessWrite {
  roleLabel: string;
  roleValue: boolean;
}

/**
 * `additionalData` of a write. NOTE: the SDKs type it `Record<string, Record<string, unknown>>`
 * (node 0.0.114 `AdditionalData.d.ts`, C# `Dictionary<string, Dictionary<string, object?>>`), while
 * the docs' example sends string values (`{"key1":"value1"}`): both are taken.
 */
export type PayabliAdditionalData = Record<string, string | Record<string, unknown>>;

export interface PayabliMfaData {
  mfa: boolean;
  mfaMode?: number;
}

/** `POST /User` and `PUT /User/{userId}` bodies (camelCase); null clears a field on update. */
export interface PayabliUserWrite {
  email?: string;
  name?: string | null;
  phone?: string | null;
  pwd?: string;
  scope?: PayabliScopeWrite[];
  access?: PayabliAccessWrite[];
  usrStatus?: number;
  timeZone?: number | null;
  language?: string | null;
  mfaData?: PayabliMfaData;
  additionalData?: PayabliAdditionalData;
}

/** `POST /User`: a new user always has an email (its login). */
export interface PayabliNewUser extends PayabliUserWrite {
  email: string;
}

/** `POST /User/authreset`. */
export interface PayabliPasswordReset {
  email: string;
  entry?: string;
  /** 0 partner, 2 paypoint; required with `entry`. */
  entryType?: number;
}

/**
 * One of two forms: an application token sent as `requestToken` (Payabli refuses organization
 * tokens for user management), or an OAuth client whose id and secret buy short-lived bearer tokens
 * at `POST /v2/Token/serverside` (the SDKs' "server-side token", C# from 1.0.9, node from 1.0.4).
 */
export type PayabliConnectionCredentials =
  { requestToken: string; clientId?: never; clientSecret?: never } | { clientId: string; clientSecret: string; requestToken?: never };

/** `POST /v2/Token/serverside` (C# `PayabliAccessTokenResponse`): no refresh token, no scope. */
export interface PayabliAccessToken {
  token_type?: string;
  access_token: string;
  /** Seconds. */
  expires_in: number;
  state?: string | null;
}

export interface PayabliConnectionOptions {
  /** Region for national phone numbers (`5555555555` is US by default). */
  defaultRegion: CountryCode;
  /** The organization whose users lookups search; without it lookups are unsupported. */
  orgId?: number;
  /** Entrypoint and its level (0 partner, 2 paypoint), sent where Payabli takes them. */
  entry?: string;
  level?: 0 | 2;
}
