/**
 * `usergate/client`: a typed client of the gateway's HTTP API. Its types are generated from the
 * gateway's OpenAPI document (`npm run generate:client`); see README "A typed client".
 */
export { createGatewayClient, type GatewayCall, type GatewayClient, type GatewayClientOptions, type GatewayResult } from './client';
export type { components, operations, paths } from './generated/openapi';
export { idempotencyKey, newIdempotencyKey } from './idempotency';
export { GatewayProblem, type Problem, type ProblemCode } from './problem';
export type { RetryPolicy } from './retry';
