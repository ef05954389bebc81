/** Nest injection tokens for things known by interface. */
export const KV_STORE = Symbol('KV_STORE');
export const APP_CONFIG = Symbol('APP_CONFIG');
