import Joi from 'joi';
import type { MappingContext } from '../../../src/connections/adapter';
import type { ProviderOperation } from '../../../src/connections/operations';
import { path } from '../../../src/upstream/request';
import type { PayseraApi } from '../client';
import { notFoundAs } from '../errors';
import { payseraPositionListSchema, payseraPositionSchema } from '../schema';
import { PAYSERA_POSITION_TYPES, type PayseraPosition, type PayseraPositionType } from '../types';
import { EXAMPLE_POSITION } from './examples';
import { pathParam, userPath } from './params';

const latitude = Joi.number().min(-90).max(90);
const longitude = Joi.number().min(-180).max(180);
const positionType = Joi.string().valid(...PAYSERA_POSITION_TYPES);

const positionSchema = Joi.object({ lat: latitude.required(), lng: longitude.required(), type: positionType.allow(null).required() });

/** NOTE: Paysera omits the type of a default (public) position. */
export function toPositionType(type: string | undefined, mapping: MappingContext): PayseraPositionType | null {
  switch (type) {
    case undefined:
    case 'default':
      return 'default';
    case 'hidden':
    case 'merchant':
      return type;
    default:
      mapping.reportUnknown('position.type', type);
      return null;
  }
}

export function toPosition(raw: PayseraPosition, mapping: MappingContext) {
  return { lat: raw.lat, lng: raw.lng, type: toPositionType(raw.type, mapping) };
}

interface PositionInput {
  lat: number;
  lng: number;
  type: PayseraPositionType;
}

export function toPayseraPosition(position: PositionInput): PayseraPosition {
  return { lat: position.lat, lng: position.lng, ...(position.type !== 'default' && { type: position.type }) };
}

const noPosition = notFoundAs('Paysera holds no position for this user (or no such user).');

/** A user's geographic position (Paysera `user_position` scope) and the search of public positions nearby. */
export function positionOperations(api: PayseraApi, mapping: MappingContext): ProviderOperation[] {
  const userPosition = (userId: string) => path`/user/${userId}/position`;
  return [
    {
      id: 'providePosition',
      summary: "Sets the user's position: default (public), hidden (never in a search) or merchant (mobile retailer).",
      method: 'PUT',
      path: '/users/:userId/position',
      scopes: ['users:write'],
      params: userPath,
      body: { kind: 'json', schema: Joi.object({ lat: latitude.required(), lng: longitude.required(), type: positionType.default('default') }) },
      response: positionSchema,
      idempotent: true,
      example: { body: EXAMPLE_POSITION, response: EXAMPLE_POSITION },
      handler: async ({ params, body }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#position-management (provide position)
        const json = toPayseraPosition(body as PositionInput);
        const response = await api.send({ operation: 'providePosition', method: 'PUT', path: userPosition(pathParam(params, 'userId')), json }, context);
        return toPosition(api.parse(response, payseraPositionSchema.required()), mapping);
      },
    },
    {
      id: 'getPosition',
      summary: "The user's position.",
      method: 'GET',
      path: '/users/:userId/position',
      scopes: ['users:read'],
      params: userPath,
      response: positionSchema,
      idempotent: true,
      example: { response: EXAMPLE_POSITION },
      handler: async ({ params }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#position-management (get position)
        const response = await api.send(
          { operation: 'getPosition', method: 'GET', path: userPosition(pathParam(params, 'userId')), idempotent: true },
          context,
          noPosition,
        );
        return toPosition(api.parse(response, payseraPositionSchema.required()), mapping);
      },
    },
    {
      id: 'removePosition',
      summary: "Removes the user's position.",
      method: 'DELETE',
      path: '/users/:userId/position',
      scopes: ['users:write'],
      params: userPath,
      idempotent: true,
      handler: async ({ params }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#position-management (remove position)
        await api.send({ operation: 'removePosition', method: 'DELETE', path: userPosition(pathParam(params, 'userId')) }, context, noPosition);
      },
    },
    {
      id: 'searchPositions',
      summary: 'Users with a public or merchant position within `distance` metres of a point.',
      method: 'GET',
      path: '/positions',
      scopes: ['users:read'],
      query: Joi.object({ lat: latitude.required(), lng: longitude.required(), distance: Joi.number().integer().min(1).max(100_000).required() }),
      response: Joi.object({
        positions: Joi.array()
          .items(positionSchema.keys({ userId: Joi.string().required() }))
          .required(),
        total: Joi.number().integer().min(0).required(),
      }),
      idempotent: true,
      example: { response: { positions: [{ userId: '1001', ...EXAMPLE_POSITION }], total: 1 } },
      handler: async ({ query }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#position-management (get users' positions)
        const response = await api.send(
          { operation: 'searchPositions', method: 'GET', path: '/positions', query: query as Record<string, number>, idempotent: true },
          context,
        );
        const found = api.parse(response, payseraPositionListSchema.required());
        return { positions: found.positions.map((raw) => ({ userId: String(raw.user_id), ...toPosition(raw, mapping) })), total: found._metadata.total };
      },
    },
  ];
}
