import Joi from 'joi';
import { canonicalFieldSchemas } from '../../../src/canonical/user';
import type { ProviderOperation } from '../../../src/connections/operations';
import { path } from '../../../src/upstream/request';
import type { PayseraApi } from '../client';
import { payseraServiceSchema, payseraServicesSchema } from '../schema';
import { PAYSERA_SERVICES, type PayseraService } from '../types';
import { pathParam, payseraId, userPath } from './params';

export function toService(raw: PayseraService) {
  return {
    service: raw.service,
    status: raw.status,
    title: raw.title,
    actions: raw.actions,
    url: raw.url ?? null,
    enabledAt: raw.added === undefined ? null : new Date(raw.added * 1000).toISOString(),
  };
}

const serviceSchema = Joi.object({
  service: Joi.string().required(),
  status: Joi.string().required(),
  title: Joi.string().required(),
  actions: Joi.array().items(Joi.string()).required(),
  url: Joi.string().allow(null).required(),
  enabledAt: canonicalFieldSchemas.rfc3339Utc.allow(null).required(),
});

/** The Paysera services a user has (affiliate, macro, micro, offline, ...), and enabling one. */
export function servicesOperations(api: PayseraApi): ProviderOperation[] {
  return [
    {
      id: 'listServices',
      summary: "The user's Paysera services and their status.",
      method: 'GET',
      path: '/users/:userId/services',
      scopes: ['users:read'],
      params: userPath,
      response: Joi.object({ services: Joi.array().items(serviceSchema).required() }),
      idempotent: true,
      example: {
        response: {
          services: [
            { service: 'micro', status: 'enabled', title: 'Micro payments collection', actions: [], url: null, enabledAt: '2025-01-10T09:00:00.000Z' },
            { service: 'offline', status: 'disabled', title: 'Offline service', actions: ['enable'], url: null, enabledAt: null },
          ],
        },
      },
      handler: async ({ params }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#user-services (get user services)
        const response = await api.send(
          { operation: 'listServices', method: 'GET', path: path`/user/${pathParam(params, 'userId')}/services`, idempotent: true },
          context,
        );
        return { services: api.parse(response, payseraServicesSchema).services.map(toService) };
      },
    },
    {
      id: 'enableService',
      summary: `Enables one service for the user (${PAYSERA_SERVICES.join(', ')}).`,
      method: 'PUT',
      path: '/users/:userId/services/:service',
      scopes: ['users:write'],
      params: Joi.object({
        userId: payseraId,
        service: Joi.string()
          .valid(...PAYSERA_SERVICES)
          .required(),
      }),
      response: serviceSchema,
      idempotent: true,
      example: { response: { service: 'offline', status: 'enabled', title: 'Offline service', actions: [], url: null, enabledAt: '2025-03-20T10:15:00.000Z' } },
      handler: async ({ params }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#user-services (enable service)
        const response = await api.send(
          { operation: 'enableService', method: 'PUT', path: path`/user/${pathParam(params, 'userId')}/service/${pathParam(params, 'service')}` },
          context,
        );
        return toService(api.parse(response, payseraServiceSchema.required()));
      },
    },
  ];
}
