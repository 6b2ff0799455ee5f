/**
 * The manual payload (README.md, "Triggers and answers"), the same on both platforms:
 *   { "action": "copy", "cloud", "snapshotId", "sourceRegion", "destinations": [...], "rule"?, "copyName"?, "copyDescription"?, "account"? }
 *   { "action": "sweep", "rules"?: [...], "dryRun"?: true, "account"?: "name", "tick"?: "<ISO time>" }
 * Destinations are checked by the policy's own destination schema, so a manual copy obeys the same
 * rules as a policy rule (ENS and CBS destinations take no encryption or tags).
 */
import * as v from 'valibot';
import { InputError } from '../contracts/errors';
import { issuesToProblems } from '../policy/issues';
import {
  accountNameSchema,
  CLOUD_RULE,
  copyDescriptionSchema,
  copyNameSchema,
  crossFieldProblems,
  destinationsSchema,
  regionIdSchema,
  ruleNameSchema,
  snapshotIdSchema,
} from '../policy/schema';
import { distinctStrings, flag, objectMessage, reportAt, text } from '../policy/schema-blocks';
import type { CloudKind } from '../contracts/snapshot';
import { isPlainObject } from '../validation/plain-object';
import { unsafeInputProblems } from '../validation/unsafe-input';
import type { ManualRequest, SweepRequest } from '../contracts/requests';
const sweepRequestSchema = v.strictObject(
  {
    action: v.literal('sweep'),
    rules: v.optional(distinctStrings(ruleNameSchema)),
    dryRun: v.optional(flag),
    account: v.optional(accountNameSchema),
    tick: v.optional(text((value) => (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) && Number.isFinite(Date.parse(value)) ? null : 'must be a UTC time in ISO 8601 (2026-11-30T10:00:00Z)'))),
  },
  objectMessage,
);

function copyRequestSchema<const TCloud extends CloudKind>(cloud: TCloud) {
  return v.strictObject(
    {
      action: v.literal('copy'),
      cloud: v.literal(cloud),
      snapshotId: snapshotIdSchema(cloud),
      sourceRegion: regionIdSchema,
      destinations: destinationsSchema(cloud),
      rule: v.optional(ruleNameSchema),
      copyName: v.optional(copyNameSchema(cloud)),
      copyDescription: copyDescriptionSchema(cloud),
      account: v.optional(accountNameSchema),
    },
    objectMessage,
  );
}

/** Which discriminator was wrong decides the message: the action, or the cloud of a copy. */
function discriminatorMessage(issue: v.BaseIssue<unknown>): string {
  return issue.path?.[0]?.key === 'cloud' ? CLOUD_RULE : 'must be "copy" or "sweep"';
}

const manualRequestSchema = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, 'must be an object'),
  v.variant(
    'action',
    [
      sweepRequestSchema,
      v.variant('cloud', [copyRequestSchema('aliyun-ecs'), copyRequestSchema('aliyun-ens'), copyRequestSchema('tencent-cbs')]),
    ],
    discriminatorMessage,
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value.action !== 'copy') return;
    const request = dataset.value;
    for (const problem of crossFieldProblems(request, [request.sourceRegion], request.rule))
      reportAt(addIssue, request, problem.keys, problem.rule);
  }),
);

/**
 * Refuses what the schemas cannot see or should never meet: prototype keys, and text that is not
 * well-formed in any key or string (shared/validation/unsafe-input.ts). A payload has been walked
 * once already; a request built elsewhere (the command line's `copy`) is walked here.
 */
function refuseUnsafe(value: unknown, base: string): void {
  const unsafe = unsafeInputProblems(value, base);
  if (unsafe.length > 0) throw new InputError('InvalidInput', unsafe);
}

/** Parses a manual payload; `base` prefixes field paths when the payload sits inside another. */
export function parseManualRequest(value: unknown, base = ''): ManualRequest {
  refuseUnsafe(value, base);
  const result = v.safeParse(manualRequestSchema, value);
  if (!result.success) throw new InputError('InvalidInput', issuesToProblems(result.issues, base));
  return result.output;
}

/** Parses sweep options (a timer's payload); `base` is where they sit, e.g. `payload`. */
export function parseSweepRequest(value: unknown, base = ''): SweepRequest {
  refuseUnsafe(value, base);
  const result = v.safeParse(sweepRequestSchema, value);
  if (!result.success) throw new InputError('InvalidInput', issuesToProblems(result.issues, base));
  return result.output;
}
