/**
 * Paysera's own shapes, as the Wallet REST API v1 documents them (User resource page:
 * https://developers.paysera.com/en/wallet/rest/v1/user, docs/providers/seeds/000_4e33f09518174e0a.txt).
 * Optional fields are omitted from responses, never null.
 */
export type PayseraIdentificationLevel = 'unidentified' | 'semi_identified' | 'basic_identified' | 'identified' | 'fully_identified';

export interface PayseraIdentity {
  name?: string;
  surname?: string;
  /** ISO 3166-1 alpha-2, lower case in Paysera's examples. */
  nationality?: string;
  /** Person code (national id). */
  code?: string;
}

export interface PayseraAddress {
  country?: string;
  city?: string;
  street?: string;
  post_index?: string;
}

/** NOTE: Paysera ids are positive integers; users also answer to `me`, which needs a user's own access token. */
export const PAYSERA_ID = /^[1-9]\d{0,18}$/;

export interface PayseraUser {
  id: number;
  email?: string;
  /** Country code and number, no `00` or `+`: `37066612345`. */
  phone?: string;
  address?: PayseraAddress;
  dob?: string;
  gender?: string;
  identity?: PayseraIdentity;
  identification_level?: string;
  calculated_level?: string;
  type?: 'legal' | 'natural';
  wallets?: number[];
  options?: { default_currency?: string };
  pep?: unknown[];
  display_name?: string;
  company_code?: string;
  locale?: string;
  /**
   * When the user asked for the account to be deleted. NOTE: only Paysera's Swift SDK knows it
   * (`swift-lib-wallet-sdk` Entities/User/PSUser.swift L16 `deletionRequestAt: String?`, L39
   * `map["deletion_request_at"]`); its format is documented nowhere, so it is passed on as sent.
   */
  deletion_request_at?: unknown;
}

export type PayseraCredentials =
  { type: 'main-password'; password: string } | { type: 'pre-salt-sha1-base64'; password: string; password_salt: string; username?: string };

export interface PayseraRegistration {
  email?: string;
  phone?: string;
  locale?: string;
  identity?: PayseraIdentity;
  credentials?: PayseraCredentials;
  parameters?: { phone_link?: string; email_link?: string };
}

export interface PayseraIdentityUpdate {
  email?: string;
  identity: PayseraIdentity;
}

export interface PayseraErrorBody {
  error: string;
  error_description?: string;
  error_uri?: string;
  error_properties?: unknown;
}

export interface PayseraConnectionOptions {
  /** Hosts a confirmation link (`confirmationLink`, `phoneLink`, `emailLink`) may point at; any https host when absent. */
  confirmationLinkHosts?: string[];
}

export interface PayseraConnectionCredentials {
  clientId: string;
  macKey: string;
}

/**
 * Wallets as `/user/{id}/wallets` lists them (the user resource itself carries only their ids).
 * NOTE: `account` may be missing: the official PHP client maps it only `if (isset($data['account']))`
 * (`lib-wallet-php-client` Mapper.php `decodeWallet`, L1201-1212), the Java SDK keeps it nullable.
 */
export interface PayseraWallet {
  id: number;
  owner: number;
  account?: { number: string; owner_display_name?: string; type?: string; ibans?: string[] };
}

export const PAYSERA_SERVICES = ['affiliate', 'macro', 'micro', 'offline', 'payment_instruments', 'paysera_app', 'sms_bank'] as const;
export type PayseraServiceName = (typeof PAYSERA_SERVICES)[number];

/**
 * `GET /user/{id}/services` (Swift `PSUserServiceResponse`; the Java SDK's `UserServiceResponse` also
 * reads `user_id`, which the gateway does not need).
 */
export interface PayseraServices {
  user_id?: number;
  services: PayseraService[];
}

export interface PayseraService {
  service: string;
  status: string;
  title: string;
  actions: string[];
  url?: string;
  /** Unix seconds when the service was enabled. */
  added?: number;
}

/** `default` (public), `hidden` (never in a search), `merchant` (mobile retailers). */
export const PAYSERA_POSITION_TYPES = ['default', 'hidden', 'merchant'] as const;
export type PayseraPositionType = (typeof PAYSERA_POSITION_TYPES)[number];

export interface PayseraPosition {
  lat: number;
  lng: number;
  /** Omitted for the default (public) type. */
  type?: string;
}

export interface PayseraPositionList {
  positions: (PayseraPosition & { user_id: number })[];
  _metadata: { total: number; offset: number; limit: number };
}

/** What Paysera answers when it creates a contact book or stores a document. */
export interface PayseraCreated {
  id: number;
}

export interface PayseraContacts {
  emails?: string[];
  /** Country code and number, no `00` or `+`. */
  phones?: string[];
  email_hashes?: string[];
  phone_hashes?: string[];
}

export const PAYSERA_DOCUMENT_TYPES = ['card', 'passport', 'driver_licence'] as const;

export interface PayseraDocumentMetadata {
  title?: string;
  extension?: string;
  type: (typeof PAYSERA_DOCUMENT_TYPES)[number];
  number?: string;
  /** `yyyy-mm-dd`. */
  date?: string;
}

export interface PayseraPasswordReset {
  email?: string;
  phone?: string;
  identity?: { code: string };
}

export type PayseraPasswordChange = { password: string; code: string } | { password: string; old_password: string };
