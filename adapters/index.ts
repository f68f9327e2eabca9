import type { AdapterDefinition } from '../src/connections/adapter';
import { payabli } from './payabli';
import { paysera } from './paysera';
import { rebilly } from './rebilly';
import { stripe } from './stripe';
import { wise } from './wise';

/** Every provider adapter. Adding a provider is one folder and one line here. */
export const adapters: readonly AdapterDefinition[] = [paysera, rebilly, payabli, wise, stripe];
