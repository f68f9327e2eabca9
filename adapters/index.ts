import type { AdapterDefinition } from '../src/connections/adapter';
import { paysera } from './paysera';
import { rebilly } from './rebilly';

/** Every provider adapter. Adding a provider is one folder and one line here. */
export const adapters: readonly AdapterDefinition[] = [paysera, rebilly];
