/**
 * The replication policy's schema (types in ./types.ts). Strict throughout: unknown keys are errors,
 * every field is checked with the same rules the API calls are checked with (shared/validation), and
 * fields a cloud cannot honour are refused with the reason rather than silently ignored.
 */
import * as v from 'valibot';
import type { AccountCloud } from '../contracts/policy';
import type { CloudKind } from '../contracts/snapshot';
import { checkKmsKeyId, checkKmsNeedsEncryption, checkRetentionDays } from '../validation/copy-options';
import { checkDiskId, checkRegionId, checkSnapshotId } from '../validation/ids';
import { type Check, lengthBetween, matchesPattern, positiveNumber } from '../validation/rules';
import { isPlainObject } from '../validation/plain-object';
import { checkTagCount, checkTagKey, checkTagValue } from '../validation/tags';
import {
  closedObject,
  distinctStrings,
  flag,
  listOf,
  noRepeats,
  numberWith,
  objectMessage,
  onlyOn,
  reportAt,
  ruleCheck,
  text,
} from './schema-blocks';
import { copyDescriptionExpansionProblem, copyNameExpansionProblem, copyNameTemplateProblem, crossRuleProblems, type TemplateContext } from './template-check';
import { defaultCopyDescription, defaultCopyName, templateSyntaxProblem } from './templates';

const MAX_RULES = 100;
/** Far above a Resource Directory's or organisation's usual size; each is one asynchronous invocation per sweep. */
const MAX_ACCOUNTS = 200;

/** Rule and account names: they appear side by side in logs, marks and sweep payloads. */
const nameSchema = () => text(matchesPattern(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'must start with a letter and be at most 40 letters, digits, "_" or "-"'));

export const ruleNameSchema = nameSchema();

export const accountNameSchema = nameSchema();

export const regionIdSchema = text(checkRegionId);

export function snapshotIdSchema(cloud: CloudKind) {
  return text((value) => checkSnapshotId(cloud, value));
}

const sourceRegionsSchema = distinctStrings(regionIdSchema);

const tagCount: Check<Record<string, string>> = (tags) => checkTagCount(Object.keys(tags).length);

/** Tags as `{ "key": "value" }`, with Alibaba's tag rules (shared/validation/tags.ts). */
const tagsSchema = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, 'must be an object of tag keys to values'),
  v.record(text(checkTagKey), text(checkTagValue), 'must be an object of tag keys to values'),
  ruleCheck(tagCount),
);

const ECS_ONLY = 'is supported only by aliyun-ecs';

/** One destination of a copy, as the policy and manual copy requests both write it. */
function destinationSchema(cloud: CloudKind) {
  const ecs = cloud === 'aliyun-ecs';
  return v.pipe(
    closedObject({
      region: regionIdSchema,
      retentionDays: v.optional(numberWith(checkRetentionDays)),
      encrypted: ecs ? v.optional(flag) : onlyOn(ECS_ONLY),
      kmsKeyId: ecs ? v.optional(text(checkKmsKeyId)) : onlyOn(ECS_ONLY),
      tags: ecs ? v.optional(tagsSchema) : onlyOn(ECS_ONLY),
    }),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const { kmsKeyId, encrypted } = dataset.value;
      const rule = checkKmsNeedsEncryption(kmsKeyId, encrypted);
      if (rule !== null) reportAt(addIssue, dataset.value, ['kmsKeyId'], rule);
    }),
  );
}

/** Destinations: at least one, at most 100, each region once. */
export function destinationsSchema(cloud: CloudKind) {
  const destination = destinationSchema(cloud);
  return v.pipe(listOf(destination, { min: 1 }), noRepeats<v.InferOutput<typeof destination>>((d) => d.region, 'region'));
}

const SNAPSHOT_TYPES = ['user', 'timer', 'imported'];

const checkSnapshotType: Check<string> = (value) => {
  if (value === 'copied') return 'must not be "copied": copies are never sources';
  return SNAPSHOT_TYPES.includes(value) ? null : `must be one of ${SNAPSHOT_TYPES.join(', ')}`;
};

function matchSchema(cloud: CloudKind) {
  return closedObject({
    tags: v.optional(tagsSchema),
    diskIds: v.optional(distinctStrings(text((value) => checkDiskId(cloud, value)))),
    namePattern: v.optional(text(lengthBetween(1, 128))),
    // Only ECS reports snapshot types.
    snapshotTypes: cloud === 'aliyun-ecs' ? v.optional(distinctStrings(text(checkSnapshotType))) : onlyOn(ECS_ONLY),
    maxAgeHours: v.optional(numberWith(positiveNumber)),
  });
}

const createSnapshotsSchema = closedObject({
  diskIds: distinctStrings(text((value) => checkDiskId('aliyun-ens', value))),
  intervalHours: numberWith(positiveNumber),
  retentionDays: v.optional(numberWith(checkRetentionDays)),
});

export function copyNameSchema(cloud: CloudKind) {
  return text((template) => copyNameTemplateProblem(cloud, template));
}

/** CBS CopySnapshotCrossRegions takes no description, so there is nothing to fill. */
export function copyDescriptionSchema(cloud: CloudKind) {
  return cloud === 'tencent-cbs'
    ? onlyOn('is not supported by tencent-cbs (CopySnapshotCrossRegions takes no description)')
    : v.optional(text(templateSyntaxProblem));
}

/** An optional field that takes `fallback` when left out (when there is one). */
function withDefault<TSchema extends v.OptionalSchema<v.GenericSchema<unknown, string>, undefined> | ReturnType<typeof onlyOn>>(schema: TSchema, fallback: string | undefined) {
  return fallback === undefined || !('wrapped' in schema) ? schema : v.optional(schema.wrapped, fallback);
}

function ruleOption<const TCloud extends CloudKind>(cloud: TCloud) {
  return v.strictObject(
    {
      name: ruleNameSchema,
      cloud: v.literal(cloud),
      sourceRegions: sourceRegionsSchema,
      match: v.optional(matchSchema(cloud), () => ({})),
      destinations: destinationsSchema(cloud),
      copyName: v.optional(copyNameSchema(cloud), defaultCopyName(cloud)),
      copyDescription: withDefault(copyDescriptionSchema(cloud), defaultCopyDescription(cloud)),
      createSnapshots: cloud === 'aliyun-ens' ? v.optional(createSnapshotsSchema) : onlyOn('is supported only by aliyun-ens'),
      rpoHours: v.optional(numberWith(positiveNumber)),
      stuckCopyHours: v.optional(numberWith(positiveNumber)),
      accounts: v.optional(distinctStrings(accountNameSchema)),
    },
    objectMessage,
  );
}

export const CLOUD_RULE = 'must be one of aliyun-ecs, aliyun-ens, tencent-cbs';

interface CopyShape {
  cloud: CloudKind;
  destinations: ReadonlyArray<{ region: string }>;
  copyName?: string | undefined;
  copyDescription?: string | undefined;
}

export interface CrossFieldProblem {
  keys: Array<string | number>;
  rule: string;
}

/**
 * Checks that span fields of a rule or a manual copy: no destination is a source, and the templates
 * expand to valid values for every source and destination they can meet.
 */
export function crossFieldProblems(value: CopyShape, sourceRegions: readonly string[], ruleName: string | undefined): CrossFieldProblem[] {
  const problems: CrossFieldProblem[] = [];
  value.destinations.forEach((destination, index) => {
    if (sourceRegions.includes(destination.region))
      problems.push({ keys: ['destinations', index, 'region'], rule: 'must differ from the source region (a copy never stays in its own region)' });
  });
  const ctx: TemplateContext = { cloud: value.cloud, ruleName, sourceRegions, destinationRegions: value.destinations.map((d) => d.region) };
  if (value.copyName !== undefined) {
    const rule = copyNameExpansionProblem(value.copyName, ctx);
    if (rule !== null) problems.push({ keys: ['copyName'], rule });
  }
  if (value.copyDescription !== undefined) {
    const rule = copyDescriptionExpansionProblem(value.copyDescription, ctx);
    if (rule !== null) problems.push({ keys: ['copyDescription'], rule });
  }
  return problems;
}

export const ruleSchema = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, 'must be an object'),
  v.variant('cloud', [ruleOption('aliyun-ecs'), ruleOption('aliyun-ens'), ruleOption('tencent-cbs')], CLOUD_RULE),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const rule = dataset.value;
    for (const problem of crossFieldProblems(rule, rule.sourceRegions, rule.name)) reportAt(addIssue, rule, problem.keys, problem.rule);
  }),
);

/** The cloud whose accounts a rule's snapshots live in. */
export function accountCloudOf(cloud: CloudKind): AccountCloud {
  return cloud === 'tencent-cbs' ? 'tencent' : 'aliyun';
}

/**
 * Role ARNs as RAM and CAM write them: the account id is part of the ARN, and the role name follows
 * each service's naming rule (RAM: 1-64 of letters, digits, "." and "-"; CAM: 1-128 of letters, digits
 * and "+=,.@_-"); CAM also names a role by its numeric id.
 */
const ROLE_ARN: Record<AccountCloud, { pattern: RegExp; example: string }> = {
  aliyun: { pattern: /^acs:ram::\d{1,32}:role\/[A-Za-z0-9.-]{1,64}$/, example: 'acs:ram::<account id>:role/<role name>' },
  tencent: { pattern: /^qcs::cam::uin\/\d{1,32}:(roleName\/[\w+=,.@-]{1,128}|role\/\d{1,32})$/, example: 'qcs::cam::uin/<account id>:roleName/<role name>' },
};

const accountSchema = v.pipe(
  closedObject({
    name: accountNameSchema,
    cloud: v.picklist(['aliyun', 'tencent'], 'must be aliyun or tencent'),
    roleArn: text(lengthBetween(1, 256)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { cloud, roleArn } = dataset.value;
    if (!ROLE_ARN[cloud].pattern.test(roleArn)) reportAt(addIssue, dataset.value, ['roleArn'], `must be a ${cloud} role ARN: ${ROLE_ARN[cloud].example}`);
  }),
);

export const policySchema = v.pipe(closedObject({
  accounts: v.optional(v.pipe(listOf(accountSchema, { min: 1, max: MAX_ACCOUNTS }), noRepeats<v.InferOutput<typeof accountSchema>>((a) => a.name, 'name'))),
  rules: v.pipe(
    listOf(ruleSchema, { min: 1, max: MAX_RULES }),
    noRepeats<v.InferOutput<typeof ruleSchema>>((rule) => rule.name, 'name'),
    // Copies are recognised by every rule's name pattern in turn: one rule's must not misread another's copies.
    v.rawCheck<Array<v.InferOutput<typeof ruleSchema>>>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const problem of crossRuleProblems(dataset.value)) reportAt(addIssue, dataset.value, [problem.index, 'copyName'], problem.rule);
    }),
  ),
}), v.rawCheck(({ dataset, addIssue }) => {
  // A rule names accounts the policy declares, of its own cloud.
  if (!dataset.typed) return;
  const declared = new Map((dataset.value.accounts ?? []).map((a) => [a.name, a.cloud]));
  dataset.value.rules.forEach((rule, index) => {
    rule.accounts?.forEach((name, at) => {
      const cloud = declared.get(name);
      const wanted = accountCloudOf(rule.cloud);
      if (cloud === undefined) reportAt(addIssue, dataset.value, ['rules', index, 'accounts', at], `must name an account of the policy's accounts (${[...declared.keys()].join(', ') || 'none declared'})`);
      else if (cloud !== wanted) reportAt(addIssue, dataset.value, ['rules', index, 'accounts', at], `must name an account whose cloud is ${wanted}: ${rule.cloud} snapshots live in ${wanted} accounts`);
    });
  });
}));
