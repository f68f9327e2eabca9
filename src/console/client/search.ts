import type { Lookup } from './gateway-client';

/**
 * What a person typed into the console's one search box: an email, a phone number, a global id
 * (`wallet-eu:1001`), or, in the explicit national-id mode, a person code with its nationality.
 * The gateway validates again; this only decides which call to make and catches the obvious slips.
 */
export type Search =
  { kind: 'lookup'; lookup: Lookup; description: string } | { kind: 'user'; id: string; description: string } | { kind: 'invalid'; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const GLOBAL_ID = /^[\w-]+:\S+$/;
// Separators people paste in phone numbers: spaces, dots, dashes, brackets.
const PHONE_PUNCTUATION = /[\s.()-]/g;

export function recogniseSearch(typed: string): Search {
  const text = typed.trim();
  if (!text) return invalid('Type an email, a phone number (+370…) or a global id (wallet-eu:1001).');
  if (text.includes('@')) {
    return EMAIL.test(text) ? lookup({ email: text }, `email ${text}`) : invalid(`"${text}" is not an email address.`);
  }
  if (/^(\+|00)/.test(text)) {
    const phone = text.replace(PHONE_PUNCTUATION, '').replace(/^00/, '+');
    return E164.test(phone) ? lookup({ phone }, `phone ${phone}`) : invalid('A phone number needs its country code and digits only, like +37060012345.');
  }
  if (GLOBAL_ID.test(text)) return { kind: 'user', id: text, description: `id ${text}` };
  if (/^[\d\s.()-]+$/.test(text)) {
    return invalid('Digits alone are ambiguous: start a phone number with +, or search by national id.');
  }
  return invalid(`"${text}" is not an email, a phone number or a global id (connection:id).`);
}

export function recogniseNationalIdSearch(typedId: string, typedNationality: string): Search {
  const nationalId = typedId.trim();
  const nationality = typedNationality.trim().toUpperCase();
  if (!nationalId) return invalid('Type the national id (person code).');
  if (!/^[A-Z]{2}$/.test(nationality)) return invalid('Nationality is a two-letter country code, like LT.');
  return lookup({ nationalId, nationality }, `national id ${nationalId} (${nationality})`);
}

function lookup(query: Lookup, description: string): Search {
  return { kind: 'lookup', lookup: query, description };
}

function invalid(message: string): Search {
  return { kind: 'invalid', message };
}
