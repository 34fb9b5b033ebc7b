/**
 * The one door to the official EventStoreDB client. Everything in the repository that speaks
 * to an event store (the app, the protocol conformance tests, the benchmarks) goes through
 * this module, so a client upgrade is a change in one place.
 */
export * from '@eventstore/db-client';
