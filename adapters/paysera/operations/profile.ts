import Joi from 'joi';
import { addressSchema, canonicalFieldSchemas, personNameSchema } from '../../../src/canonical/user';
import type { MappingContext } from '../../../src/connections/adapter';
import type { ProviderOperation } from '../../../src/connections/operations';
import type { CallContext } from '../../../src/upstream/client';
import { path } from '../../../src/upstream/request';
import type { PayseraApi } from '../client';
import { notFoundAs } from '../errors';
import { fromPayseraPhone, toAddress, toIdentity } from '../mapper';
import { payseraAddressSchema, payseraFieldStringSchema, payseraIdentitySchema, payseraWalletsSchema } from '../schema';
import type { PayseraWallet } from '../types';
import { EXAMPLE_USER } from './examples';
import { pathParam, userPath } from './params';

type UserField = 'email' | 'phone' | 'address' | 'identity' | 'wallets';

/**
 * One piece of a user. NOTE: Paysera answers 403 when this client lacks the field's scope
 * (`forbidden`) and 404 when it holds no such information (`not_found`, never `user_not_found`).
 */
async function readField<T>(
  api: PayseraApi,
  userId: string,
  field: UserField,
  schema: Joi.Schema<T>,
  context: CallContext,
  query?: Record<string, string>,
): Promise<T> {
  // https://developers.paysera.com/en/wallet/rest/v1/user#getting-specific-user-information
  const response = await api.send(
    { operation: `getUser.${field}`, method: 'GET', path: path`/user/${userId}/${field}`, query, idempotent: true },
    context,
    notFoundAs(`Paysera holds no ${field} for this user (or no such user).`),
  );
  return api.parse(response, schema);
}

/** A wallet without an account (see PayseraWallet) has `accountNumber: null`. */
export function toWallets(wallets: PayseraWallet[]) {
  return wallets.map((wallet) => ({ id: String(wallet.id), accountNumber: wallet.account?.number ?? null }));
}

const nullable = (schema: Joi.Schema) => schema.allow(null).required();

/** `GET /user/{id}/email|phone|address|identity|wallets`, each field with its own scope. */
export function profileOperations(api: PayseraApi, mapping: MappingContext): ProviderOperation[] {
  const common = { method: 'GET', params: userPath, idempotent: true } as const;
  return [
    {
      ...common,
      id: 'getUserEmail',
      summary: "The user's confirmed email.",
      path: '/users/:userId/email',
      scopes: ['users:read'],
      response: Joi.object({ email: Joi.string().required() }),
      example: { response: { email: EXAMPLE_USER.email } },
      handler: async ({ params }, context) => ({ email: await readField(api, pathParam(params, 'userId'), 'email', payseraFieldStringSchema, context) }),
    },
    {
      ...common,
      id: 'getUserPhone',
      summary: "The user's confirmed phone, E.164.",
      path: '/users/:userId/phone',
      scopes: ['users:read'],
      response: Joi.object({ phone: nullable(canonicalFieldSchemas.e164) }),
      example: { response: { phone: EXAMPLE_USER.phone } },
      handler: async ({ params }, context) => ({
        phone: fromPayseraPhone(await readField(api, pathParam(params, 'userId'), 'phone', payseraFieldStringSchema, context), mapping),
      }),
    },
    {
      ...common,
      id: 'getUserAddress',
      summary: "The user's address (personal data).",
      path: '/users/:userId/address',
      scopes: ['users:read', 'users:pii'],
      response: Joi.object({ address: addressSchema.required() }),
      example: { response: { address: EXAMPLE_USER.address } },
      handler: async ({ params }, context) => ({
        address: toAddress(await readField(api, pathParam(params, 'userId'), 'address', payseraAddressSchema.required(), context)),
      }),
    },
    {
      ...common,
      id: 'getUserIdentity',
      summary: "The user's verified identity: name, nationality and national id (personal data).",
      path: '/users/:userId/identity',
      scopes: ['users:read', 'users:pii'],
      response: Joi.object({
        name: personNameSchema.required(),
        nationality: nullable(canonicalFieldSchemas.countryCode),
        nationalId: nullable(Joi.string()),
      }),
      example: { response: { name: EXAMPLE_USER.name, nationality: EXAMPLE_USER.nationality, nationalId: EXAMPLE_USER.nationalId } },
      handler: async ({ params }, context) =>
        toIdentity(await readField(api, pathParam(params, 'userId'), 'identity', payseraIdentitySchema.required(), context)),
    },
    {
      ...common,
      id: 'getUserWallets',
      summary:
        "The user's wallets with their account numbers (financial identifiers, hence users:pii); a wallet without an account has none. " +
        'Active wallets only, unless inactiveIncluded is true.',
      path: '/users/:userId/wallets',
      scopes: ['users:read', 'users:pii'],
      query: Joi.object({ inactiveIncluded: Joi.boolean() }),
      response: Joi.object({
        wallets: Joi.array()
          .items(Joi.object({ id: Joi.string().required(), accountNumber: Joi.string().allow(null).required() }))
          .required(),
      }),
      example: {
        response: {
          wallets: [
            { id: '20001', accountNumber: 'EVP0000000020001' },
            { id: '20002', accountNumber: null },
          ],
        },
      },
      // https://developers.paysera.com/api/wallet/get-user-wallets (`inactive_included`, boolean)
      handler: async ({ params, query }, context) => {
        const { inactiveIncluded } = query as { inactiveIncluded?: boolean };
        const walletQuery = inactiveIncluded === undefined ? undefined : { inactive_included: String(inactiveIncluded) };
        return { wallets: toWallets(await readField(api, pathParam(params, 'userId'), 'wallets', payseraWalletsSchema, context, walletQuery)) };
      },
    },
  ];
}
