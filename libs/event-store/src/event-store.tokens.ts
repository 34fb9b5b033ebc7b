/** Injection token of a `() => CommandContext`: the running request's context. */
export const COMMAND_CONTEXT_SOURCE = Symbol('COMMAND_CONTEXT_SOURCE');

/** Injection token of the `UpcasterRegistry` applied to every event read. */
export const UPCASTER_REGISTRY = Symbol('UPCASTER_REGISTRY');
