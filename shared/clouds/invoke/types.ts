import type { InvokePlatform } from './invoke-error';

export type { InvokePlatform };

/** One invocation of a deployed function, whatever the platform. */
export interface InvokeTarget {
  functionName: string;
  /** FC 2.0 only: the service the function belongs to. */
  service?: string;
  /** A version or alias (FC qualifier, SCF Qualifier). */
  qualifier?: string;
  /** SCF only. */
  namespace?: string;
  region: string;
  /** FC: the account the endpoint is named after. */
  accountId?: string;
  /** Overrides the platform's public endpoint (a full URL). */
  endpoint?: URL;
  async: boolean;
  /** The event, as JSON text. */
  payload: string;
  /** How long to wait for an answer. */
  timeoutMs: number;
}

/** What the platform answered. */
export interface InvokeOutcome {
  requestId?: string;
  statusCode?: number;
  /** The platform says the function failed: FC's x-fc-error-type, SCF's ErrMsg. */
  functionError?: string;
  /** A synchronous invocation's answer: parsed JSON, else the text. */
  answer?: unknown;
}

/** The function's answer as JSON when it is JSON, else as the text it is. */
export function parseAnswer(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
