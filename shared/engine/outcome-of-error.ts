import type { CloudError } from '../clouds/cloud-error';
import type { Outcome } from './result';

/**
 * What a failed call means for the pair it was about:
 * conflicts mean a copy is already running; not-ready and retryable failures wait for a later run;
 * auth and permanent failures need a person.
 */
export function outcomeOfError(error: CloudError): Outcome {
  switch (error.errorClass) {
    case 'conflict':
      return 'in-progress';
    case 'not-ready':
    case 'throttled':
    case 'transient':
      return 'deferred';
    case 'auth':
    case 'permanent':
      return 'failed';
  }
}
