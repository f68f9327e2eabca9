import type { FieldSources } from '../../src/canonical/provenance';

/** Where each canonical field comes from in a Paysera user (mapper.ts; the field mapping of docs/providers/paysera.md). */
export const payseraFieldSources: FieldSources = {
  email: { from: 'email' },
  emailVerified: { from: 'email', transform: 'true when present: Paysera returns only confirmed emails' },
  phone: { from: 'phone', transform: 'country code and number → E.164 (+ prefix)' },
  'name.given': { from: 'identity.name' },
  'name.family': { from: 'identity.surname' },
  'name.full': { from: 'display_name', transform: 'else identity.name + identity.surname' },
  dateOfBirth: { from: 'dob' },
  gender: { from: 'gender' },
  nationality: { from: 'identity.nationality', transform: 'upper case' },
  nationalId: { from: 'identity.code' },
  'address.line1': { from: 'address.street' },
  'address.city': { from: 'address.city' },
  'address.postalCode': { from: 'address.post_index' },
  'address.country': { from: 'address.country', transform: 'upper case' },
  verification: {
    from: 'identification_level',
    transform: 'unidentified → none, semi/basic_identified → basic, identified → standard, fully_identified → full',
  },
  locale: { from: 'locale', transform: 'lower case' },
};
