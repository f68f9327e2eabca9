import Joi from 'joi';
import { canonicalFieldSchemas } from '../../src/canonical/user';
import type { MappingContext } from '../../src/connections/adapter';
import type { ProviderOperation } from '../../src/connections/operations';
import type { RebillyApi } from './client';
import { toMfaStatus } from './mapper';
import { REBILLY_USER_ID } from './schema';

const userIdParams = Joi.object({
  userId: Joi.string().pattern(REBILLY_USER_ID).required().messages({ 'string.pattern.base': '{{#label}} must be a Rebilly user id' }),
});

const mfaStatusSchema = Joi.object({
  status: Joi.string().valid('active', 'inactive').allow(null).required(),
  type: Joi.string().valid('duo', 'otp').allow(null).required(),
  lastAuthTime: canonicalFieldSchemas.rfc3339Utc.allow(null).required(),
});

/** Rebilly-only operations, served under `/v1/connections/{connection}`. */
export function rebillyOperations(api: RebillyApi, context: MappingContext): ProviderOperation[] {
  return [
    {
      id: 'getUserMfa',
      summary: "The user's multi-factor authentication: status, type (duo, otp) and when it was last passed.",
      method: 'GET',
      path: '/users/:userId/mfa',
      scopes: ['users:read'],
      params: userIdParams,
      response: mfaStatusSchema,
      idempotent: true,
      example: { response: { status: 'active', type: 'otp', lastAuthTime: '2025-03-14T07:45:10Z' } },
      handler: async ({ params: { userId } }, call) => {
        if (userId === undefined) throw new Error('getUserMfa is served on a path without :userId.');
        return toMfaStatus(await api.getUserMfa(userId, call), context);
      },
    },
  ];
}
