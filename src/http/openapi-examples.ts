import type { CreateUserRequest, UserPatch } from '../canonical/input';
import type { FieldOrigin } from '../canonical/provenance';
import type { CanonicalUser } from '../canonical/user';
import type { PeopleResult } from '../people/service';
import type { FanOutResult } from '../users/service';

/**
 * Examples of the canonical routes' bodies, as the gateway answers them with every scope (the
 * demo's people, docs/demo-data.md; every email at example.com). A test validates each against
 * its schema, and sends the write examples to a gateway in front of the simulators.
 */

const EGLE_AT_PAYSERA = {
  id: 'paysera:1001',
  connection: 'paysera',
  provider: 'paysera',
  providerUserId: '1001',
  email: 'egle.jankauskiene@example.com',
  emailVerified: true,
  phone: '+37060012345',
  name: { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' },
  dateOfBirth: '1988-04-12',
  gender: 'female',
  nationality: 'LT',
  nationalId: '48804120123',
  address: { line1: 'Gedimino pr. 1', city: 'Vilnius', postalCode: 'LT-01103', state: null, country: 'LT' },
  status: null,
  verification: 'full',
  locale: 'lt',
  timezone: null,
  mfaEnabled: null,
  avatarUrl: null,
  createdAt: null,
  updatedAt: null,
  lastLoginAt: null,
  extensions: { identificationLevel: 'fully_identified', wallets: [20001, 20002], defaultCurrency: 'EUR' },
} satisfies CanonicalUser;

const EGLE_AT_REBILLY = {
  id: 'rebilly:usr_01JDEMOEGLE0000000000000001',
  connection: 'rebilly',
  provider: 'rebilly',
  providerUserId: 'usr_01JDEMOEGLE0000000000000001',
  email: 'egle.jankauskiene@example.com',
  emailVerified: null,
  phone: '+37060012345',
  name: { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' },
  dateOfBirth: null,
  gender: null,
  nationality: null,
  nationalId: null,
  address: { line1: null, city: null, postalCode: null, state: null, country: 'LT' },
  status: 'active',
  verification: null,
  locale: 'en',
  timezone: 'Europe/Vilnius',
  mfaEnabled: null,
  avatarUrl: null,
  createdAt: '2024-11-20T09:30:00Z',
  updatedAt: '2025-02-01T08:00:00Z',
  lastLoginAt: '2025-03-14T07:45:10Z',
  extensions: { reportingCurrency: 'EUR', availableCurrencies: ['EUR', 'USD'] },
} satisfies CanonicalUser;

const origin = (user: CanonicalUser, value: unknown, providerField: string, transform: string | null = null): FieldOrigin => ({
  value,
  account: user.id,
  connection: user.connection,
  providerField,
  transform,
});

export const USER_EXAMPLE: CanonicalUser = EGLE_AT_PAYSERA;

export const USER_WITH_PROVENANCE_EXAMPLE = {
  ...EGLE_AT_PAYSERA,
  provenance: {
    email: origin(EGLE_AT_PAYSERA, 'egle.jankauskiene@example.com', 'email'),
    phone: origin(EGLE_AT_PAYSERA, '+37060012345', 'phone', 'country code and number → E.164 (+ prefix)'),
    'name.given': origin(EGLE_AT_PAYSERA, 'Eglė', 'identity.name'),
    nationality: origin(EGLE_AT_PAYSERA, 'LT', 'identity.nationality', 'upper case'),
  },
};

export const FAN_OUT_EXAMPLE = {
  data: [EGLE_AT_PAYSERA, EGLE_AT_REBILLY],
  connections: {
    paysera: { status: 'ok', count: 1, latencyMs: 28 },
    rebilly: { status: 'ok', count: 1, latencyMs: 120 },
    wise: { status: 'ok', count: 0, exists: true, latencyMs: 161 },
    payabli: { status: 'error', error: { code: 'provider_timeout', status: 504 }, latencyMs: 5002 },
  },
} satisfies FanOutResult;

export const PEOPLE_EXAMPLE = {
  data: [
    {
      id: 'person_Moabf8fRmx8BrTO8',
      confidence: 'high',
      accounts: [EGLE_AT_PAYSERA.id, EGLE_AT_REBILLY.id],
      links: [{ accounts: [EGLE_AT_PAYSERA.id, EGLE_AT_REBILLY.id], reasons: ['same email', 'same E.164 phone'], conflicting: [], confidence: 'high' }],
      record: {
        email: {
          value: 'egle.jankauskiene@example.com',
          sources: [
            { account: EGLE_AT_PAYSERA.id, connection: 'paysera', providerField: 'email', transform: null },
            { account: EGLE_AT_REBILLY.id, connection: 'rebilly', providerField: 'email', transform: null },
          ],
        },
        dateOfBirth: { value: '1988-04-12', sources: [{ account: EGLE_AT_PAYSERA.id, connection: 'paysera', providerField: 'dob', transform: null }] },
        locale: {
          value: null,
          conflict: [origin(EGLE_AT_PAYSERA, 'lt', 'locale', 'lower case'), origin(EGLE_AT_REBILLY, 'en', 'preferences.language', 'lower-case BCP 47')],
        },
      },
      elsewhere: [{ connection: 'wise', provider: 'wise', matchedBy: 'email' }],
    },
  ],
  candidates: [],
  existsOnly: [],
  accounts: [EGLE_AT_PAYSERA, EGLE_AT_REBILLY],
  connections: FAN_OUT_EXAMPLE.connections,
} satisfies PeopleResult;

export const CREATE_USER_EXAMPLE = {
  connection: 'rebilly',
  user: {
    email: 'ada.lovelace@example.com',
    phone: '+37060000001',
    name: { given: 'Ada', family: 'Lovelace' },
    address: { country: 'LT' },
    locale: 'en',
    timezone: 'Europe/Vilnius',
  },
} satisfies CreateUserRequest;

export const CREATED_USER_EXAMPLE = {
  ...EGLE_AT_REBILLY,
  id: 'rebilly:usr_01JDEMOADA00000000000000001',
  providerUserId: 'usr_01JDEMOADA00000000000000001',
  email: 'ada.lovelace@example.com',
  phone: '+37060000001',
  name: { given: 'Ada', family: 'Lovelace', full: 'Ada Lovelace' },
  status: 'pending',
  locale: 'en',
  createdAt: '2025-03-20T10:15:00Z',
  updatedAt: '2025-03-20T10:15:00Z',
  lastLoginAt: null,
  extensions: {},
} satisfies CanonicalUser;

export const USER_PATCH_EXAMPLE = { phone: '+37060099999', timezone: null } satisfies UserPatch;

export const PATCHED_USER_EXAMPLE = { ...EGLE_AT_REBILLY, phone: '+37060099999', timezone: null, updatedAt: '2025-03-20T10:20:00Z' } satisfies CanonicalUser;

export const CONNECTION_LIST_EXAMPLE = {
  data: [
    {
      name: 'paysera',
      adapter: 'paysera',
      docsUrl: 'https://developers.paysera.com/en/wallet/rest/v1/user',
      capabilities: {
        get: true,
        lookup: ['email', 'phone', 'nationalId'],
        lookupMode: 'users',
        create: true,
        update: true,
        delete: false,
        operations: [
          {
            id: 'getUserEmail',
            summary: "The user's confirmed email.",
            method: 'GET',
            path: '/v1/connections/paysera/users/{userId}/email',
            scopes: ['users:read'],
            idempotent: true,
            returns: 'json',
          },
          {
            id: 'uploadAvatar',
            summary: "Replaces the user's avatar with the image in the body (image/jpeg or image/png, at most 1 MiB).",
            method: 'PUT',
            path: '/v1/connections/paysera/users/{userId}/avatar',
            scopes: ['users:write'],
            idempotent: true,
            accepts: ['image/jpeg', 'image/png'],
            maxBytes: 1048576,
            returns: 'none',
          },
        ],
      },
      health: { breaker: 'closed' },
      baseUrl: 'https://wallet.paysera.com/rest/v1',
    },
  ],
};

export const HEALTH_EXAMPLE = { status: 'ok' };

export const READY_EXAMPLE = { status: 'ready', checks: { redis: 'ok', connections: { closed: 4, 'half-open': 0, open: 0 } } };

export const NOT_READY_EXAMPLE = { status: 'draining', checks: { redis: 'ok', connections: { closed: 3, 'half-open': 0, open: 1 } } };

export const OPENAPI_EXAMPLE = { openapi: '3.1.0', info: { title: 'usergate', version: '0.1.0' }, paths: {} };

export const HTML_EXAMPLE = '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n    <title>usergate</title>\n';
