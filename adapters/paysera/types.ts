/**
 * Paysera's own shapes, as the Wallet REST API v1 documents them (User resource page:
 * https://developers.paysera.com/en/wallet/rest/v1/user, shared/seeds/000_4e33f09518174e0a.txt).
 * Optional fields are omitted from responses, never null.
 */
export type PayseraIdentificationLevel =
  | 'unidentified'
  | 'semi_identified'
  | 'basic_identified'
  | 'identified'
  | 'fully_identified';

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
}

export type PayseraCredentials =
  | { type: 'main-password'; password: string }
  | { type: 'pre-salt-sha1-base64'; password: string; password_salt: string; username?: string };

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

export interface PayseraConnectionCredentials {
  clientId: string;
  macKey: string;
}
