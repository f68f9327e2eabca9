import type { AdapterDefinition } from '../src/connections/adapter';
import { paysera } from './paysera';
import { wise } from './wise';

/** Every provider adapter. Adding a provider is one folder and one line here. */
export const adapters: readonly AdapterDefinition[] = [paysera, wise];
