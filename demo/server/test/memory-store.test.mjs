// The in-memory store against the storage contract.
import { createMemoryStore } from '../src/memory-store.mjs';
import { describeStoreContract } from './store-contract.mjs';

describeStoreContract('memory store', (options) => createMemoryStore(options));
