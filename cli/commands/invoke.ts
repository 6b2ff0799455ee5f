import { InvalidArgumentError, Option, type Command } from 'commander';
import { InputError } from '../../shared/contracts/errors';
import { runAction } from '../action';
import { callerAliyunCredentials, callerTencentCredentials } from '../credentials';
import { EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { fc2DropsToken, invokeFc2 } from '../../shared/clouds/invoke/fc2';
import { invokeFc3 } from '../../shared/clouds/invoke/fc3';
import { readPayload } from '../invoke-payload';
import { invokeScf } from '../../shared/clouds/invoke/scf';
import type { InvokeOutcome, InvokePlatform, InvokeTarget } from '../../shared/clouds/invoke/types';
import { Output } from '../output';

interface InvokeOptions {
  platform: InvokePlatform;
  function: string;
  service?: string;
  qualifier?: string;
  namespace?: string;
  region?: string;
  accountId?: string;
  async?: boolean;
  payload?: string;
  endpoint?: string;
  timeout: number;
  json?: boolean;
}

const PLATFORMS: readonly InvokePlatform[] = ['fc3', 'fc2', 'scf'];

const HELP = `
Invokes a deployed replicator with a payload and prints the function's answer (synchronous) or the
request id (--async). The payload is checked first by the same parser the function runs, so a bad
payload stops here (exit 2). Default payload: {"action":"sweep"}.

Platforms:
  fc3  Function Compute 3.0 (InvokeFunction, API 2023-03-30); needs --account-id (or --endpoint)
  fc2  Function Compute 2.0 (services); needs --service and --account-id
  scf  Tencent SCF (Invoke; InvocationType RequestResponse, or Event with --async)
Region: --region, else ALIBABA_CLOUD_REGION_ID / TENCENTCLOUD_REGION, else the aliyun CLI profile's region.
Account: --account-id, else ALIBABA_CLOUD_ACCOUNT_ID.
Credentials: as for 'copy' (environment variables, then the aliyun CLI or tccli files).
@alicloud/fc2 sends ALIBABA_CLOUD_SECURITY_TOKEN only with a key id that starts with STS.
The Tencent SDK honours a lowercase http_proxy even for loopback endpoints.

Function names: s.yaml deploys snapshot-replicator-ecs and snapshot-replicator-ens to FC 3.0;
serverless.yml deploys snapshot-replicator-cbs to SCF. FC 2.0 takes the service you deployed to.

Examples:
  $ snapshot-replicator invoke --platform fc3 --function snapshot-replicator-ecs --region cn-hangzhou \\
      --account-id 1234567890123456
  $ snapshot-replicator invoke --platform fc3 --function snapshot-replicator-ens --region cn-hangzhou \\
      --account-id 1234567890123456 --payload '{"action":"sweep","dryRun":true}'
  $ snapshot-replicator invoke --platform fc2 --service my-service --function snapshot-replicator-ecs \\
      --region cn-hangzhou --account-id 1234567890123456 --async --payload @examples/payloads/copy-ecs.json
  $ snapshot-replicator invoke --platform scf --function snapshot-replicator-cbs --region ap-guangzhou --json

${EXIT_CODES_HELP}
  (invoke answers 1 when the function failed, answered ok: false, or answered a failed result)`;

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new InvalidArgumentError('must be a number of seconds from 1 to 86400');
  return n;
}

function endpointOf(text: string | undefined): URL | undefined {
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('InvalidInput', [{ field: '--endpoint', rule: 'must be a full URL such as http://127.0.0.1:9000', value: text }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError('InvalidInput', [{ field: '--endpoint', rule: 'must use http or https', value: text }]);
  return url;
}

function required(value: string | undefined, field: string, why: string): string {
  if (value === undefined || value.trim() === '') throw new InputError('InvalidInput', [{ field, rule: `is required ${why}` }]);
  return value.trim();
}

/** Whether the function's own answer reports a problem: ok: false, or a failed result. */
function answerFailed(answer: unknown): boolean {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return false;
  const fields = answer as Record<string, unknown>;
  if (fields.ok === false) return true;
  const results = fields.results;
  return Array.isArray(results) && results.some((r: unknown) => r !== null && typeof r === 'object' && (r as Record<string, unknown>).outcome === 'failed');
}

function human(opts: InvokeOptions, outcome: InvokeOutcome): string {
  if (opts.async) return `accepted: request id ${outcome.requestId ?? '(none given)'}`;
  if (outcome.answer === undefined) return '(the function answered nothing)';
  return typeof outcome.answer === 'string' ? outcome.answer : JSON.stringify(outcome.answer, null, 2);
}

async function invoke(opts: InvokeOptions, output: Output): Promise<number> {
  const async = opts.async === true;
  // Everything the command line can get wrong is checked before credentials are looked for.
  const payload = readPayload(opts.payload, opts.platform, async);
  const endpoint = endpointOf(opts.endpoint);
  const env = process.env;
  const base = {
    functionName: opts.function,
    ...(opts.service ? { service: opts.service } : {}),
    ...(opts.qualifier ? { qualifier: opts.qualifier } : {}),
    ...(endpoint ? { endpoint } : {}),
    async,
    payload,
    timeoutMs: opts.timeout * 1000,
  };
  let outcome: InvokeOutcome;
  if (opts.platform === 'scf') {
    const region = required(opts.region ?? env.TENCENTCLOUD_REGION, '--region', 'for --platform scf (or TENCENTCLOUD_REGION)');
    const caller = callerTencentCredentials(env);
    output.note(`credentials: ${caller.source}`);
    const target: InvokeTarget = { ...base, region, namespace: opts.namespace ?? 'default' };
    outcome = await invokeScf(target, caller.credentials);
  } else {
    if (opts.platform === 'fc2') required(opts.service, '--service', 'for --platform fc2');
    const accountId = opts.accountId ?? env.ALIBABA_CLOUD_ACCOUNT_ID;
    if (opts.platform === 'fc2' || !endpoint) required(accountId, '--account-id', `for --platform ${opts.platform} (or ALIBABA_CLOUD_ACCOUNT_ID)`);
    const caller = callerAliyunCredentials(env);
    const region = required(opts.region ?? env.ALIBABA_CLOUD_REGION_ID ?? caller.region, '--region', `for --platform ${opts.platform} (or ALIBABA_CLOUD_REGION_ID)`);
    output.note(`credentials: ${caller.source}`);
    const target: InvokeTarget = { ...base, region, ...(accountId ? { accountId } : {}) };
    if (opts.platform === 'fc2' && fc2DropsToken(caller.credentials)) {
      output.note('note: @alicloud/fc2 sends the security token only for key ids starting with STS; this key id does not');
    }
    outcome = opts.platform === 'fc3' ? await invokeFc3(target, caller.credentials) : await invokeFc2(target, caller.credentials);
  }
  const ok = outcome.functionError === undefined && !answerFailed(outcome.answer);
  if (outcome.functionError !== undefined) output.note(`the function failed: ${outcome.functionError}`);
  output.result({ ok, platform: opts.platform, function: opts.function, async, ...outcome }, () => human(opts, outcome));
  return ok ? EXIT.ok : EXIT.problems;
}

export function registerInvoke(program: Command): void {
  program
    .command('invoke')
    .summary('invoke a deployed function (FC 3.0, FC 2.0 or SCF) with a payload')
    .description('Invoke a deployed replicator function with a payload; print its answer, or the request id with --async.')
    .addOption(new Option('--platform <platform>', 'where the function runs').choices(PLATFORMS).makeOptionMandatory())
    .requiredOption('--function <name>', 'the function name')
    .option('--service <name>', 'FC 2.0: the service of the function')
    .option('--qualifier <version>', 'a version or alias (default: the latest)')
    .option('--namespace <name>', 'SCF: the namespace (default: default)')
    .option('--region <region>', 'the region the function is deployed in')
    .option('--account-id <id>', 'FC: the Alibaba Cloud account id (names the endpoint)')
    .option('--async', 'invoke asynchronously: print the request id, do not wait for the answer')
    .option('--payload <json|@file>', 'the event: JSON text, or @ and a file name (default: {"action":"sweep"})')
    .option('--endpoint <url>', "override the platform's endpoint (a full URL)")
    .option('--timeout <seconds>', 'how long to wait for a synchronous answer', seconds, 300)
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', HELP)
    .action(async (opts: InvokeOptions) => {
      const output = new Output(opts.json === true);
      await runAction(output, () => invoke(opts, output), { afterInterrupt: 'An invocation already sent may still run on the platform.' });
    });
}
