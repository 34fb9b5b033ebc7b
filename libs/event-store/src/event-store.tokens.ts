/** Injection token of the configured `EventStoreDBClient`. */
export const EVENT_STORE_CLIENT = Symbol('EVENT_STORE_CLIENT');
