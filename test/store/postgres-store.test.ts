import { describeConnectionStore } from '../support/connection-store-suite';
import { postgresDatabase } from '../support/stores';

describeConnectionStore('the PostgreSQL connection store (a schema of its own per test)', postgresDatabase);
