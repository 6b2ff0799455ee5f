/**
 * The local cloud in a process of its own (started by cloud-process.ts), so that its work and its
 * garbage collection never land in the measured process. It answers admin requests over IPC (no
 * HTTP client in the measured process) and stops when the parent disconnects.
 */
import { startLocalCloud, type RateLimitTable, type Seed } from '../local-cloud/index';
import { THROTTLE_CODES } from './fixtures';

export type AdminOp = { op: 'reset'; seed: Seed } | { op: 'rate-limits'; limits: RateLimitTable } | { op: 'throttled' };
export type AdminRequest = { id: number } & AdminOp;

const cloud = await startLocalCloud({ seed: {} });
/** Throttled answers before the last reset (a reset clears the call log). */
let throttledBefore = 0;
const throttledNow = (): number => cloud.calls().filter((c) => THROTTLE_CODES.has(c.code)).length;

process.on('message', (m: AdminRequest) => {
  try {
    if (m.op === 'reset') {
      throttledBefore += throttledNow();
      cloud.reset(m.seed);
    }
    if (m.op === 'rate-limits') cloud.setRateLimits(m.limits);
    process.send?.({ id: m.id, value: m.op === 'throttled' ? throttledBefore + throttledNow() : true });
  } catch (error) {
    process.send?.({ id: m.id, error: error instanceof Error ? error.message : String(error) });
  }
});
process.on('disconnect', () => {
  void cloud.close().then(() => process.exit(0));
});
process.send?.({ url: cloud.url });
