import documentedUser from '../fixtures/user-221.json';
import type { PayseraUser, PayseraWallet } from '../types';

/**
 * Demo users. Between them they cover every identification level, unicode names, users with
 * most optional fields missing, a legal entity, a user who asked for deletion, and the demo people
 * shared by every simulator (docs/demo-data.md): Eglė Jankauskienė (id 1001) and Jonas Petraitis (id 1007).
 */
export const demoUsers: PayseraUser[] = [
  documentedUser,
  {
    id: 1001,
    email: 'egle.jankauskiene@example.com',
    phone: '37060012345',
    address: { country: 'lt', city: 'Vilnius', street: 'Gedimino pr. 1', post_index: 'LT-01103' },
    dob: '1988-04-12',
    gender: 'female',
    identity: { name: 'Eglė', surname: 'Jankauskienė', nationality: 'lt', code: '48804120123' },
    identification_level: 'fully_identified',
    calculated_level: 'fully_identified',
    wallets: [20001, 20002],
    options: { default_currency: 'EUR' },
    locale: 'lt',
  },
  { id: 1002, email: 'new.starter@example.com', identification_level: 'unidentified' },
  {
    id: 1003,
    phone: '48601234567',
    identity: { name: 'Józef', surname: 'Wiśniewski', nationality: 'pl' },
    identification_level: 'semi_identified',
    locale: 'pl',
  },
  {
    id: 1004,
    email: 'zoe.angstrom@example.com',
    identity: { name: 'Zoë', surname: 'Ångström', nationality: 'se' },
    identification_level: 'basic_identified',
    gender: 'female',
    // NOTE: Swift `PSUser.deletionRequestAt: String?`; the format is undocumented, this one is a guess.
    deletion_request_at: '2026-01-15 10:00:00',
  },
  {
    id: 1005,
    email: 'maria.papadopoulou@example.com',
    phone: '306912345678',
    display_name: 'Μαρία Παπαδοπούλου',
    identity: { name: 'Μαρία', surname: 'Παπαδοπούλου', nationality: 'gr', code: 'AB123456' },
    identification_level: 'identified',
    calculated_level: 'identified',
    address: { country: 'gr', city: 'Αθήνα' },
    locale: 'el',
  },
  {
    id: 1006,
    email: 'finance@pavyzdys.example',
    type: 'legal',
    display_name: 'UAB „Pavyzdys“',
    company_code: '300123456',
    identification_level: 'identified',
    wallets: [20010],
    options: { default_currency: 'EUR' },
  },
  {
    id: 1007,
    email: 'jonas.petraitis@example.com',
    phone: '37061100000',
    identity: { name: 'Jonas', surname: 'Petraitis', nationality: 'lt' },
    identification_level: 'basic_identified',
    locale: 'lt',
  },
];

/** A wallet as the simulator keeps it: the listed shape, and whether it is still active. */
export interface SimulatedWallet extends PayseraWallet {
  active: boolean;
}

/**
 * The demo wallets with their accounts (the shape of the docs' wallet example), one of them without
 * an account (which Paysera's PHP client allows) and one closed: it is listed only with
 * `inactive_included=true`. A wallet a user names that is not here gets an account of its own number.
 */
export const demoWallets: SimulatedWallet[] = [
  {
    id: 20001,
    owner: 1001,
    active: true,
    account: { number: 'EVP0000000020001', owner_display_name: 'Eglė Jankauskienė', type: 'local', ibans: ['LT603500010020001001'] },
  },
  { id: 20002, owner: 1001, active: true },
  { id: 20003, owner: 1001, active: false, account: { number: 'EVP0000000020003', owner_display_name: 'Eglė Jankauskienė', type: 'local' } },
];
