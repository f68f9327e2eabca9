import Joi from 'joi';
import { blankUserFields } from '../../src/canonical/user';
import type { AdapterDefinition, Capabilities, ProviderConnection } from '../../src/connections/adapter';

/**
 * An adapter in no registry, for tests of what the gateway does with any adapter's declarations
 * and connections: it declares `capabilities`, and its connections are `connection`. It has no
 * simulator; a connection to it calls nothing.
 */
export function acmeAdapter<CreateOptions = unknown>(
  capabilities: Capabilities,
  connection: ProviderConnection<CreateOptions>,
  extra: Partial<AdapterDefinition<unknown, unknown, CreateOptions>> = {},
): AdapterDefinition<unknown, unknown, CreateOptions> {
  return {
    name: 'acme',
    capabilities,
    demo: { personId: '1', userIds: [] },
    seedIdField: 'id',
    providerUser: { schema: Joi.object(), example: {}, toCanonical: () => blankUserFields('1') },
    docsUrl: 'https://acme.example/docs',
    idPattern: /^\d+$/,
    credentialsSchema: Joi.object({}),
    optionsSchema: Joi.object({}),
    connect: () => connection,
    startSimulator: () => Promise.reject(new Error('acme has no simulator')),
    ...extra,
  };
}
