/** Where this function runs, as its fan-out must name it to invoke itself; a clear error when it cannot tell. */
import type { SelfTarget } from '../clouds/fc-self-invoke';
import { InputError } from '../contracts/errors';

export function selfTarget(found: Partial<SelfTarget>, needs: { name: string; region: string; accountId?: string }): SelfTarget {
  const missing = (field: string): InputError =>
    new InputError('InvalidConfiguration', [{ field, rule: 'is needed to invoke this function for each account of the policy, and the platform did not give it' }]);
  if (!found.functionName) throw missing(needs.name);
  if (!found.region) throw missing(needs.region);
  if (needs.accountId !== undefined && !found.accountId) throw missing(needs.accountId);
  return { ...found, functionName: found.functionName, region: found.region };
}
