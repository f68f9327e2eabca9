import documentedUser from '../fixtures/user-seed-example.json';
import type { SimulatedMfa, StoredUser } from './store';

/**
 * Demo users. Between them they cover every status, the documented example (older UUID-like id,
 * with the password and TOTP secrets the 2022 API still sent, which the simulator serves only with
 * `legacyUserFields`), another older id with zone-less
 * times, a user with only a national business phone and free-form preferences, and the demo
 * people shared by every simulator (docs/demo-data.md): Eglė Jankauskienė and Jonas Petraitis.
 */
export const demoUsers: StoredUser[] = [
  documentedUser,
  {
    id: 'usr_01JDEMOEGLE0000000000000001',
    email: 'egle.jankauskiene@example.com',
    firstName: 'Eglė',
    lastName: 'Jankauskienė',
    mobilePhone: '+37060012345',
    country: 'LT',
    preferences: { language: 'lt', timezone: 'Europe/Vilnius', theme: 'dark' },
    status: 'active',
    permissions: ['*'],
    computedPermissions: ['*'],
    roleIds: ['rol_01JDEMOADMIN00000000000001'],
    allowedIps: null,
    reportingCurrency: 'EUR',
    availableCurrencies: ['EUR', 'USD'],
    createdTime: '2024-11-20T09:30:00Z',
    updatedTime: '2025-02-03T12:00:00Z',
    loginTime: '2025-03-14T07:45:10Z',
  },
  {
    id: 'usr_01JDEMOJONAS000000000000001',
    email: 'jonas.petraitis@example.com',
    firstName: 'Jonas',
    lastName: 'Petraitis',
    mobilePhone: '+37061199999',
    country: 'lt',
    preferences: null,
    status: 'active',
    permissions: ['GetUserCollection', 'GetUser'],
    computedPermissions: ['GetUserCollection', 'GetUser'],
    roleIds: [],
    reportingCurrency: 'EUR',
    availableCurrencies: ['EUR'],
    createdTime: '2025-01-08T10:00:00Z',
    updatedTime: '2025-01-08T10:00:00Z',
    loginTime: '2025-03-01T16:20:00Z',
  },
  {
    id: 'usr_01JF3Q8Z5N2M7K4P9R6T1V3W5X',
    email: 'invited.analyst@example.com',
    firstName: 'Marta',
    lastName: 'Kowalska',
    country: 'PL',
    status: 'pending-confirmation',
    permissions: ['GetTransactionCollection'],
    computedPermissions: ['GetTransactionCollection'],
    createdTime: '2025-03-10T08:00:00Z',
    updatedTime: '2025-03-10T08:00:00Z',
    loginTime: null,
  },
  {
    id: '3b241101-e2bb-4255-8caf-4136c566a962',
    email: 'former.admin@example.com',
    firstName: 'Tomas',
    lastName: 'Vaitkus',
    mobilePhone: '+37069876543',
    status: 'inactive',
    permissions: [],
    // NOTE: the oldest users' times come without a zone; they are UTC.
    createdTime: '2018-03-01T08:00:00',
    updatedTime: '2021-06-30T17:05:00',
    loginTime: '2021-06-30T16:59:41',
  },
  {
    id: 'usr_01JG7B2C9D4E6F8H0J2K4M6N8P',
    email: 'support.desk@example.com',
    firstName: 'Ona',
    lastName: 'Kazlauskienė',
    businessPhone: '8 5 212 3456',
    preferences: { language: 'en_US', timezone: '+02:00' },
    status: 'active',
    permissions: ['GetCustomerCollection', 'GetCustomer'],
    createdTime: '2025-02-11T11:11:11Z',
    updatedTime: '2025-02-11T11:11:11Z',
  },
];

/** Who of the demo users has MFA on: Eglė, with an authenticator app, last passed at her last login. */
export const demoMfa: Record<string, SimulatedMfa> = {
  usr_01JDEMOEGLE0000000000000001: { type: 'otp', lastAuthTime: '2025-03-14T07:45:10Z' },
};
