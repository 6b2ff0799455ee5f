/**
 * Bench-only instrumentation: the wall time during which at least one HTTP request is in flight,
 * from the call of http.request() (Node's own request setup is part of sending it) to the end of its
 * response. The SDKs in the bundles look `request` up on the shared `http`/`https` module objects at
 * call time, so wrapping it there sees every API call.
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

  /** Opens a window as http.request() is called; the answer closes it, once. */
  private open(): () => void {
    this.requests += 1;
    if (this.inFlight++ === 0) this.since = process.hrtime.bigint();
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      if (--this.inFlight === 0) this.busyNs += process.hrtime.bigint() - this.since;
    };
  }

  private track(req: ClientRequest, close: () => void): void {
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
        const close = this.open();
        let req: ClientRequest;
        try {
          req = Reflect.apply(original, mod, args) as ClientRequest;
        } catch (error) {
          close();
          throw error;
        }
        this.track(req, close);
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
