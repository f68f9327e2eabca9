import { adapters } from '../../adapters';
import { version } from '../../package.json';
import { buildOpenApi } from '../http/openapi';

/** Where the typed client's types live, from the repository root. Committed: see README "A typed client". */
export const CLIENT_TYPES_FILE = 'src/client/generated/openapi.ts';

/** The OpenAPI document the gateway serves at /openapi.json: it depends on the adapters only. */
export function gatewayDocument(): Record<string, unknown> {
  return buildOpenApi(adapters, version);
}
