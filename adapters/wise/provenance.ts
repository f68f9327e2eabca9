import type { FieldSources } from '../../src/canonical/provenance';

/** Where each canonical field comes from in a Wise user (mapper.ts; the field mapping of docs/providers/wise.md). */
export const wiseFieldSources: FieldSources = {
  email: { from: 'email' },
  phone: { from: 'details.phoneNumber', transform: 'E.164' },
  'name.given': { from: 'details.firstName' },
  'name.family': { from: 'details.lastName' },
  'name.full': { from: 'name', transform: 'else details.firstName + details.lastName' },
  dateOfBirth: { from: 'details.dateOfBirth' },
  'address.line1': { from: 'details.address.firstLine' },
  'address.city': { from: 'details.address.city' },
  'address.postalCode': { from: 'details.address.postCode' },
  'address.state': { from: 'details.address.state' },
  'address.country': { from: 'details.address.countryCode', transform: 'upper case' },
  status: { from: 'active', transform: 'true → active, false → inactive' },
  avatarUrl: { from: 'details.avatar' },
};
