import type { CloudDriver } from '../contracts/driver';

type Env = Record<string, string | undefined>;

/**
 * Makes a cloud's driver from credentials and the environment (endpoint overrides, API_TIMEOUT_MS).
 * A factory keeps the last driver it made and answers it again while nothing it was made from has
 * changed, so a warm function reuses its clients and their open connections.
 */
export type DriverFactory<C> = (credentials: C, env: Env) => CloudDriver;
