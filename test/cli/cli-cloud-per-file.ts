import { afterAll, beforeAll } from 'vitest';
import type { LocalCloud, Seed } from '../../local-cloud/index';
import { localCloudPerFile } from '../support/local-cloud-per-file';
import { cloudEnv, keyEnv, tempHome, type Env } from './harness';

export interface CliCloud {
  /** The file's local cloud (see localCloudPerFile). */
  cloud: LocalCloud;
  /** The command's environment: every endpoint at the cloud, the caller's keys, and `extraEnv`; filled before the tests run. */
  env: Env;
  /** A temp HOME for the file, removed after its tests. */
  home: string;
}

/** What a command-line test file runs against: one local cloud, the environment pointing at it, and a HOME of its own. */
export function cliCloudPerFile(seed: () => Seed, options: { extraEnv?: Env; resetEachTest?: boolean } = {}): CliCloud {
  const cloud = localCloudPerFile(seed, undefined, { resetEachTest: options.resetEachTest });
  const { home, cleanup } = tempHome();
  const env: Env = {};
  beforeAll(() => {
    Object.assign(env, cloudEnv(cloud), keyEnv(), options.extraEnv);
  });
  afterAll(() => cleanup());
  return { cloud, env, home };
}
