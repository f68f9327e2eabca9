import type { MappingContext } from '../../../src/connections/adapter';
import type { ProviderOperation } from '../../../src/connections/operations';
import type { PayseraApi } from '../client';
import type { PayseraConnectionOptions } from '../types';
import { contactBookOperations } from './contact-book';
import { contactOperations } from './contact';
import { documentsOperations } from './documents';
import { identityOperations } from './identity';
import { mediaOperations } from './media';
import { passwordOperations } from './password';
import { positionOperations } from './position';
import { profileOperations } from './profile';
import { servicesOperations } from './services';

/** Every Paysera user endpoint of the User resource page that the canonical operations do not cover. */
export function payseraOperations(api: PayseraApi, mapping: MappingContext, options: PayseraConnectionOptions): ProviderOperation[] {
  return [
    ...profileOperations(api, mapping),
    ...contactOperations(api, mapping, options),
    ...passwordOperations(api),
    ...servicesOperations(api),
    ...positionOperations(api, mapping),
    ...mediaOperations(api),
    ...documentsOperations(api),
    ...identityOperations(api, mapping),
    ...contactBookOperations(api),
  ];
}
