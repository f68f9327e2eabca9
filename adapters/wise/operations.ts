import Joi from 'joi';
import type { ProviderOperation } from '../../src/connections/operations';
import type { WiseApi } from './client';
import type { WiseTokens } from './tokens';

const userParams = Joi.object({
  userId: Joi.string()
    .pattern(/^[1-9]\d{0,18}$/, 'Wise user id')
    .required(),
});
const email = Joi.string().email({ tlds: false }).max(254).required();
const contactEmail = Joi.object({ email: Joi.string().allow(null).required() });

/** Wise's user calls that the canonical model has no word for. */
export function wiseOperations(api: WiseApi, tokens: WiseTokens): ProviderOperation[] {
  return [
    {
      id: 'getContactEmail',
      summary: 'The address Wise notifies a user at when they signed up with a placeholder email.',
      method: 'GET',
      path: '/users/:userId/contact-email',
      scopes: ['users:read'],
      params: userParams,
      response: contactEmail,
      idempotent: true,
      example: { response: { email: 'egle.jankauskiene@example.com' } },
      handler: async ({ params: { userId } }, context) => {
        if (userId === undefined) throw new Error('getContactEmail is served on a path without :userId.');
        return { email: await api.getContactEmail(userId, tokens.forUser(userId), context) };
      },
    },
    {
      id: 'setContactEmail',
      summary: "Sets the address Wise notifies a user at (needs that user's OAuth token).",
      method: 'PUT',
      path: '/users/:userId/contact-email',
      scopes: ['users:write'],
      params: userParams,
      body: { kind: 'json', schema: Joi.object({ email }) },
      response: contactEmail,
      idempotent: true,
      example: { body: { email: 'egle.notifications@example.com' }, response: { email: 'egle.notifications@example.com' } },
      handler: async ({ params: { userId }, body }, context) => {
        if (userId === undefined) throw new Error('setContactEmail is served on a path without :userId.');
        return { email: await api.setContactEmail(userId, (body as { email: string }).email, tokens.forUser(userId), context) };
      },
    },
    {
      id: 'userExists',
      summary: 'Whether a Wise account uses this email (Wise says no more than that).',
      method: 'POST',
      path: '/users/exists',
      scopes: ['users:read'],
      body: { kind: 'json', schema: Joi.object({ email }) },
      response: Joi.object({ exists: Joi.boolean().required() }),
      idempotent: true,
      example: { body: { email: 'egle.jankauskiene@example.com' }, response: { exists: true } },
      handler: async ({ body }, context) => ({ exists: await api.exists((body as { email: string }).email, tokens.client, context) }),
    },
  ];
}
