import type { FieldSources } from '../../src/canonical/provenance';

/** Where each canonical field comes from in a Rebilly user (mapper.ts; the field mapping of docs/providers/rebilly.md). */
export const rebillyFieldSources: FieldSources = {
  email: { from: 'email' },
  phone: { from: 'mobilePhone', transform: 'else businessPhone; E.164 with the connection’s defaultRegion' },
  'name.given': { from: 'firstName' },
  'name.family': { from: 'lastName' },
  'name.full': { from: 'firstName + lastName', transform: 'joined' },
  'address.country': { from: 'country', transform: 'upper case' },
  status: { from: 'status', transform: 'active → active, inactive → inactive, pending-confirmation → pending' },
  locale: { from: 'preferences.language', transform: 'lower-case BCP 47' },
  timezone: { from: 'preferences.timezone' },
  mfaEnabled: { from: 'mfa.status', transform: 'GET /users/{id}/mfa: active → true, inactive → false (not read with the option mfa: skip)' },
  createdAt: { from: 'createdTime', transform: 'RFC 3339 UTC' },
  updatedAt: { from: 'updatedTime', transform: 'RFC 3339 UTC' },
  lastLoginAt: { from: 'loginTime', transform: 'RFC 3339 UTC' },
};
