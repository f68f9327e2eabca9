import type { PayseraUser } from '../types';

/**
 * Paysera API client permissions: OAuth-style scopes for user fields and features (the User
 * resource page's "Required Scope" column), plus the special permissions some calls need.
 */
export const PAYSERA_SCOPES = [
  'email',
  'phone',
  'address',
  'dob',
  'gender',
  'identity',
  'identification_level',
  'wallet_list',
  'pep',
  'services',
  'user_position',
  'avatar',
  'registration',
  'identification',
  'documents',
] as const;
export type PayseraScope = (typeof PAYSERA_SCOPES)[number];

export interface PayseraSimulatorClient {
  clientId: string;
  macKey: string;
  /** "Searching by person code requires special API client permissions." */
  personCodeSearch?: boolean;
  /** None when absent. */
  scopes?: readonly PayseraScope[];
}

/** Which scope lets a client see each user field ("When Available" in the response fields table). */
const FIELD_SCOPES: Partial<Record<keyof PayseraUser, PayseraScope>> = {
  email: 'email',
  phone: 'phone',
  address: 'address',
  dob: 'dob',
  gender: 'gender',
  identity: 'identity',
  identification_level: 'identification_level',
  calculated_level: 'identification_level',
  wallets: 'wallet_list',
  pep: 'pep',
};

export function hasScope(client: PayseraSimulatorClient, scope: PayseraScope): boolean {
  return client.scopes?.includes(scope) ?? false;
}

/** The user as this client may see it: fields outside its scopes are omitted, as Paysera omits them. */
export function visibleUser(user: PayseraUser, client: PayseraSimulatorClient): PayseraUser {
  return Object.fromEntries(
    Object.entries(user).filter(([field]) => {
      const scope = FIELD_SCOPES[field as keyof PayseraUser];
      return scope === undefined || hasScope(client, scope);
    }),
  ) as unknown as PayseraUser;
}
