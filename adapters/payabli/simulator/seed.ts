import documentedUser from '../fixtures/user-123.json';
import type { PayabliScope, PayabliUser } from '../types';
import type { SimulatedOrganization } from './writes';

/** The organization of the documented example; lookups search it. */
export const DEMO_ORGANIZATION: SimulatedOrganization = { orgId: 123, entry: 'pilgrim-planner' };

const inDemoOrganization: PayabliScope[] = [{ orgType: 0, orgId: DEMO_ORGANIZATION.orgId, orgEntry: DEMO_ORGANIZATION.entry }];
const customersRole = [{ roleLabel: 'customers', roleValue: true }];

/**
 * Demo users. Between them: the documented example (with social-login secrets present, which the
 * gateway must never return), the demo person of docs/demo-data.md (Eglė Jankauskienė, 1001), a user
 * of nulls, every timestamp style (Payabli's two zone-less ones, and the SDK mocks' `Z` and `.000Z`),
 * every UsrStatus plus an unknown one, and AdditionalData as a JSON string and with an object value.
 */
export const demoUsers: PayabliUser[] = [
  { ...(documentedUser as PayabliUser), snIdentifier: '109876543210987654321', snData: '{"access_token":"ya29.simulated-social-token"}' },
  {
    userId: 1001,
    Email: 'egle.jankauskiene@example.com',
    // NOTE: the demo's deliberate conflict (docs/demo-data.md): this account has her name without diacritics.
    Name: 'Egle Jankauskiene',
    // NOTE: a Lithuanian number, so it is kept international (national digits would read as US).
    Phone: '+37060012345',
    snProvider: null,
    snIdentifier: null,
    snData: null,
    Scope: inDemoOrganization,
    Access: customersRole,
    UsrStatus: 1,
    language: 'lt',
    timeZone: 2,
    UsrMFA: true,
    UsrMFAMode: 1,
    createdAt: '2023-03-14 09:26:53',
    lastAccess: '2024-11-02T18:05:00',
    AdditionalData: { crmId: 'CRM-1001' },
  },
  {
    userId: 1002,
    Email: 'invited.user@example.com',
    Name: null,
    Phone: null,
    snProvider: null,
    snIdentifier: null,
    snData: null,
    Scope: inDemoOrganization,
    Access: null,
    UsrStatus: null,
    language: null,
    timeZone: null,
    UsrMFA: null,
    UsrMFAMode: null,
    createdAt: null,
    lastAccess: null,
    AdditionalData: null,
  },
  {
    userId: 1003,
    Email: 'marcus.reed@example.com',
    Name: 'Marcus Reed',
    Phone: '(212) 555-0147',
    Scope: inDemoOrganization,
    Access: customersRole,
    UsrStatus: 0,
    language: 'en',
    timeZone: -5,
    UsrMFA: false,
    UsrMFAMode: 0,
    createdAt: '2021-11-30T23:59:59',
    lastAccess: '2022-01-03 08:00:00',
    AdditionalData: '{"department":"billing"}',
  },
  {
    userId: 1004,
    Email: 'lucia.fernandez@example.com',
    Name: 'Lucía Fernández',
    Phone: '+34612345678',
    Scope: inDemoOrganization,
    Access: customersRole,
    UsrStatus: 85,
    language: 'es',
    timeZone: 1,
    UsrMFA: false,
    UsrMFAMode: 0,
    // NOTE: the SDKs' mock answers carry a zone: node sdk 0.0.114 `tests/wire/user.test.ts` GetUser, `2022-07-01T15:00:01Z`.
    createdAt: '2022-02-28T12:00:00Z',
    lastAccess: null,
    AdditionalData: { crm: { id: 'X1', tier: 2 } },
  },
  { userId: 1005, Email: 'former.employee@example.com', Name: 'Dana Whitfield', Scope: inDemoOrganization, UsrStatus: -99, createdAt: '2020-06-01 00:00:00' },
  // NOTE: C# sdk `GetUserTest.cs` mock: `2022-07-01T15:00:01.000Z`.
  { userId: 1006, Email: 'audit.robot@example.com', Name: 'Audit Robot', Scope: inDemoOrganization, UsrStatus: 7, createdAt: '2024-01-15T06:30:00.000Z' },
];
