import Joi from 'joi';
import type { ProviderOperation } from '../../../src/connections/operations';
import { path } from '../../../src/upstream/request';
import type { PayseraApi } from '../client';
import { toPayseraPhone } from '../mapper';
import { payseraUserSchema } from '../schema';
import type { PayseraPasswordChange, PayseraPasswordReset } from '../types';
import { confirmationCode, email, password, pathParam, phone, userPath } from './params';

interface ResetRequest {
  email?: string;
  phone?: string;
  nationalId?: string;
}

/** The new password, proven by the reset code or by the old password (one of them, never both). */
type PasswordChange = { password: string; code: string } | { password: string; oldPassword: string };

export function toPayseraPasswordReset(request: ResetRequest): PayseraPasswordReset {
  return {
    ...(request.email && { email: request.email }),
    ...(request.phone && { phone: toPayseraPhone(request.phone) }),
    ...(request.nationalId && { identity: { code: request.nationalId } }),
  };
}

export function toPayseraPasswordChange(change: PasswordChange): PayseraPasswordChange {
  return 'code' in change ? { code: change.code, password: change.password } : { old_password: change.oldPassword, password: change.password };
}

/** Password reset and change. Neither answer ever carries a password or a code. */
export function passwordOperations(api: PayseraApi): ProviderOperation[] {
  return [
    {
      id: 'requestPasswordReset',
      summary:
        'Sends the user a password reset code. A user with a national id must be named with it too ' +
        '(identity_required otherwise); since the answer tells whether that national id matches, it needs users:pii.',
      method: 'POST',
      path: '/password-reset',
      scopes: ['users:write', 'users:pii'],
      body: { kind: 'json', schema: Joi.object<ResetRequest>({ email, phone, nationalId: Joi.string().trim().min(1).max(64) }).xor('email', 'phone') },
      response: Joi.object({ userId: Joi.string().required() }),
      successStatus: 202,
      idempotent: false,
      example: { body: { email: 'egle.jankauskiene@example.com' }, response: { userId: '1001' } },
      handler: async ({ body }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#password-management (request password reset)
        const response = await api.send(
          { operation: 'requestPasswordReset', method: 'POST', path: '/user/password/reset', json: toPayseraPasswordReset(body as ResetRequest) },
          context,
        );
        return { userId: String(api.parse(response, payseraUserSchema).id) };
      },
    },
    {
      id: 'changePassword',
      summary: 'Sets a new password, proven by the reset code or by the old password.',
      method: 'PUT',
      path: '/users/:userId/password',
      scopes: ['users:write'],
      params: userPath,
      body: {
        kind: 'json',
        schema: Joi.object<PasswordChange>({ password: password.required(), code: confirmationCode, oldPassword: Joi.string().min(1).max(256) }).xor(
          'code',
          'oldPassword',
        ),
      },
      idempotent: false,
      example: { body: { password: 'a-new-demo-passphrase', code: '482913' } },
      handler: async ({ params, body }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#password-management (change password)
        await api.send(
          {
            operation: 'changePassword',
            method: 'PUT',
            path: path`/user/${pathParam(params, 'userId')}/password`,
            json: toPayseraPasswordChange(body as PasswordChange),
          },
          context,
        );
      },
    },
  ];
}
