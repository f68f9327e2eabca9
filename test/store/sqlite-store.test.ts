import { describeConnectionStore } from '../support/connection-store-suite';
import { sqliteDatabase } from '../support/stores';

describeConnectionStore('the SQLite connection store (a temporary file)', sqliteDatabase);
