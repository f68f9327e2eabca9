import Joi from 'joi';
import type { ProviderOperation } from '../../src/connections/operations';
import type { PayabliApi } from './client';
import type { PayabliConnectionOptions, PayabliMfaData, PayabliPasswordReset } from './types';

/** Payabli user ids: int64, kept to 18 digits so that every accepted id fits. */
export const PAYABLI_USER_ID = /^[1-9]\d{0,17}$/;

/** An entrypoint (paypoint or partner) name, and its type: 0 partner, 2 paypoint. */
export const entryName = Joi.string().pattern(/^[\w-]{1,100}$/, 'entrypoint name');
export const entryLevel = Joi.number().integer().valid(0, 2);

/** Payabli's user operations that the canonical model has no word for. */
export function payabliOperations(api: PayabliApi, options: PayabliConnectionOptions): ProviderOperation[] {
  return [
    {
      id: 'setMfa',
      summary: 'Turn multi-factor authentication on or off for a Payabli user, and choose its mode.',
      method: 'PUT',
      path: '/users/:userId/mfa',
      scopes: ['users:write'],
      params: Joi.object({ userId: Joi.string().pattern(PAYABLI_USER_ID, 'Payabli user id').required() }),
      body: { kind: 'json', schema: Joi.object({ mfa: Joi.boolean().required(), mfaMode: Joi.number().integer().min(0).required() }) },
      successStatus: 204,
      idempotent: true,
      example: { body: { mfa: true, mfaMode: 1 } },
      handler: ({ params: { userId }, body }, context) => {
        if (userId === undefined) throw new Error('setMfa is served on a path without :userId.');
        return api.setMfa(userId, body as PayabliMfaData, context);
      },
    },
    {
      id: 'resetPassword',
      summary: 'Ask Payabli to send a user a password-reset email.',
      method: 'POST',
      path: '/password-reset',
      scopes: ['users:write'],
      body: {
        kind: 'json',
        schema: Joi.object({ email: Joi.string().email({ tlds: false }).max(320).required(), entry: entryName, entryType: entryLevel }).and(
          'entry',
          'entryType',
        ),
      },
      successStatus: 202,
      idempotent: false,
      example: { body: { email: 'egle.jankauskiene@example.com' } },
      handler: ({ body }, context) => api.resetPassword(withConnectionEntry(body as PayabliPasswordReset, options), context),
    },
  ];
}

/** The connection's entrypoint, when the client names none (Payabli needs `entryType` with `entry`). */
function withConnectionEntry(reset: PayabliPasswordReset, options: PayabliConnectionOptions): PayabliPasswordReset {
  if (reset.entry !== undefined || options.entry === undefined) return reset;
  return { ...reset, entry: options.entry, entryType: options.level };
}
