import type { ProviderOperation } from '../../../src/connections/operations';
import { path } from '../../../src/upstream/request';
import type { PayseraApi } from '../client';
import { notFoundAs } from '../errors';
import { binaryBody, pathParam, userPath } from './params';

/** NOTE: Paysera serves avatars as JPEG (`/avatar/{id}.jpg`) and takes the image as the raw request body. */
export const AVATAR_TYPES = ['image/jpeg', 'image/png'];
export const AVATAR_MAX_BYTES = 1024 * 1024;

/** The user's avatar (Paysera `avatar` scope): upload and delete. */
export function mediaOperations(api: PayseraApi): ProviderOperation[] {
  return [
    {
      id: 'uploadAvatar',
      summary: `Replaces the user's avatar with the image in the body (${AVATAR_TYPES.join(' or ')}, at most 1 MiB).`,
      method: 'PUT',
      path: '/users/:userId/avatar',
      scopes: ['users:write'],
      params: userPath,
      body: { kind: 'binary', contentTypes: AVATAR_TYPES, maxBytes: AVATAR_MAX_BYTES },
      idempotent: true,
      handler: async ({ params, body, contentType }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#avatar-management (upload avatar)
        await api.send(
          { operation: 'uploadAvatar', method: 'PUT', path: path`/user/${pathParam(params, 'userId')}/avatar`, body: binaryBody(body, contentType) },
          context,
        );
      },
    },
    {
      id: 'deleteAvatar',
      summary: "Deletes the user's avatar.",
      method: 'DELETE',
      path: '/users/:userId/avatar',
      scopes: ['users:write'],
      params: userPath,
      idempotent: true,
      handler: async ({ params }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#avatar-management (delete avatar)
        await api.send(
          { operation: 'deleteAvatar', method: 'DELETE', path: path`/user/${pathParam(params, 'userId')}/avatar` },
          context,
          notFoundAs('Paysera holds no avatar for this user (or no such user).'),
        );
      },
    },
  ];
}
