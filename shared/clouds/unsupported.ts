import type { CloudKind } from '../contracts/snapshot';

/** A driver method its capabilities rule out: the engine never calls it, so a call is a bug. */
export function unsupported(cloud: CloudKind, method: string): never {
  throw new Error(`${cloud} cannot ${method}`);
}
