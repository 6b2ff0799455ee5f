/** A request the stand-in refuses, with the status and error code the platform would answer. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The request as the verifiers see it: lower-cased header names, the raw path and query, the body's bytes. */
export interface SignedRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  /** The query string as sent, without the `?`. */
  query: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
}
