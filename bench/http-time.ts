/**
 * Bench-only instrumentation: the wall time during which at least one HTTP request is in flight,
 * from http.request() to the end of its response. The SDKs in the bundles look `request` up on the
 * shared `http`/`https` module objects at call time, so wrapping it there sees every API call.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import http from 'node:http';
import https from 'node:https';

export class HttpTime {
  private inFlight = 0;
  private since = 0n;
  /** Nanoseconds with at least one request open (overlapping requests count once). */
  private busyNs = 0n;
  requests = 0;

  /** Busy nanoseconds so far, counting a window still open up to now. */
  totalNs(): bigint {
    return this.busyNs + (this.inFlight > 0 ? process.hrtime.bigint() - this.since : 0n);
  }

  private track(req: ClientRequest): void {
    this.requests += 1;
    if (this.inFlight++ === 0) this.since = process.hrtime.bigint();
    let open = true;
    const close = (): void => {
      if (!open) return;
      open = false;
      if (--this.inFlight === 0) this.busyNs += process.hrtime.bigint() - this.since;
    };
    let answered = false;
    req.once('response', (res: IncomingMessage) => {
      answered = true;
      res.once('end', close);
      res.once('close', close);
      res.once('error', close);
    });
    req.once('error', close);
    req.once('close', () => {
      if (!answered) close();
    });
  }

  /** Wraps http.request and https.request until the returned function is called. */
  install(): () => void {
    const restore: Array<() => void> = [];
    for (const mod of [http, https]) {
      const original = mod.request;
      const wrapped = (...args: unknown[]): ClientRequest => {
        const req = Reflect.apply(original, mod, args) as ClientRequest;
        this.track(req);
        return req;
      };
      mod.request = wrapped as typeof mod.request;
      restore.push(() => {
        mod.request = original;
      });
    }
    return () => {
      for (const r of restore) r();
    };
  }
}
