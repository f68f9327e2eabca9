import type { FieldSources } from '../../src/canonical/provenance';

/** Where each canonical field comes from in a Payabli user (mapper.ts; the field mapping of docs/providers/payabli.md). */
export const payabliFieldSources: FieldSources = {
  email: { from: 'Email' },
  phone: { from: 'Phone', transform: 'national number → E.164 with the connection’s defaultRegion' },
  'name.full': { from: 'Name', transform: 'one name: never split into given and family' },
  status: { from: 'UsrStatus', transform: '1 → active, 0 → inactive, -99 → deleted, 85 → locked' },
  locale: { from: 'language', transform: 'lower case' },
  timezone: { from: 'timeZone', transform: 'hour offset → UTC±HH:MM' },
  mfaEnabled: { from: 'UsrMFA' },
  createdAt: { from: 'createdAt', transform: 'zone-less UTC → RFC 3339 Z' },
  lastLoginAt: { from: 'lastAccess', transform: 'zone-less UTC → RFC 3339 Z' },
};
