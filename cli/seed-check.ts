/**
 * A seed checked before the local cloud takes it: every key known (a misspelled one is named, with the
 * key it was probably meant to be), every value of the type seed.ts gives it, and a replication policy
 * passed by mistake recognised as such. The emulator itself stays tolerant (tests reset it with
 * whatever they build); this check is for seed files a person writes.
 */
import * as v from 'valibot';
import { closestWord } from '../shared/closest-word';
import type { FieldProblem } from '../shared/contracts/errors';
import { issuesToProblems } from '../shared/policy/issues';
import { isPlainObject } from '../shared/validation/plain-object';
import type { Seed } from '../local-cloud/seed';

/** A strict object (a list is not one) whose unknown keys are named with the closest known key. */
function seedObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const keys = Object.keys(entries);
  return v.pipe(v.custom<Record<string, unknown>>(isPlainObject, 'must be an object'), v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') {
      const key = issue.path?.at(-1)?.key;
      const like = typeof key === 'string' ? closestWord(key, keys) : undefined;
      return `is not a known field (${like ? `did you mean ${like}?` : `known here: ${keys.join(', ')}`})`;
    }
    if (issue.expected?.startsWith('"')) return 'is required';
    return 'must be an object';
  }));
}

const text = v.string('must be a string');
const count = v.number('must be a number');
const yesNo = v.boolean('must be true or false');
const optionalText = v.optional(text);
const optionalCount = v.optional(count);
const listOf = <T extends v.GenericSchema>(item: T) => v.array(item, 'must be a list');

const ALIYUN_KEY = seedObject({ accessKeyId: text, accessKeySecret: text, securityToken: optionalText, accountId: optionalText });
const TENCENT_KEY = seedObject({ secretId: text, secretKey: text, sessionToken: optionalText, accountId: optionalText });

/** A role STS AssumeRole hands out (seed.ts RoleSeed). */
const ROLE = seedObject({ arn: text, accountId: text, trustedAccessKeyIds: listOf(text), maxSessionDuration: optionalCount });

/** Times, states and lineage every service's snapshots may carry. */
const COMMON_SNAPSHOT = { name: optionalText, creationTime: optionalText, completesAt: optionalText, sourceSnapshotId: optionalText, sourceRegion: optionalText };

const ECS_SNAPSHOT = seedObject({
  ...COMMON_SNAPSHOT,
  snapshotId: text,
  regionId: text,
  diskId: text,
  description: optionalText,
  status: optionalText,
  progress: optionalCount,
  snapshotType: optionalText,
  category: optionalText,
  tags: v.optional(v.record(v.string(), text, 'must be an object of strings')),
  encrypted: v.optional(yesNo),
  kmsKeyId: optionalText,
  retentionDays: optionalCount,
  sourceDiskSize: optionalCount,
});

const ENS_SNAPSHOT = seedObject({ ...COMMON_SNAPSHOT, snapshotId: text, ensRegionId: text, diskId: optionalText, description: optionalText, status: optionalText, size: optionalCount });

const CBS_SNAPSHOT = seedObject({
  ...COMMON_SNAPSHOT,
  snapshotId: text,
  region: text,
  diskId: optionalText,
  state: optionalText,
  diskSize: optionalCount,
  createTime: optionalText,
  isPermanent: v.optional(yesNo),
  deadline: optionalText,
  copyFromRemote: v.optional(yesNo),
});

const ENS_DISK = seedObject({
  diskId: text,
  ensRegionId: text,
  size: optionalCount,
  type: v.optional(v.picklist(['system', 'data'], 'must be system or data')),
  category: optionalText,
});

const oneOf = <const T extends string[]>(...values: T) => v.optional(v.picklist(values, `must be one of ${values.join(', ')}`));

/** The documented answer forms the local cloud can give (seed.ts VariantsSeed). */
const VARIANTS = seedObject({
  ensSnapShotId: oneOf('list', 'string'),
  ensSnapshotIdPrefix: oneOf('sp-', 's-'),
  ensCreationTime: oneOf('iso', 'naive'),
  ensSnapshotNotFound: oneOf('ERROR_SNAPSHOT_NOT_FOUND', 'INSTANCE_ID_NOT_FOUND'),
  tencentRoleNotFound: oneOf('ResourceNotFound.RoleNotFound', 'InternalError.GetRoleError'),
});

/** `service.Action` -> field path -> new name (seed.ts AnswerRenames). */
const RENAMES = v.record(v.string(), v.record(v.string(), text, 'must be an object of field paths and new names'), 'must be an object keyed service.Action');

/** Each service's section; `regions` is required at the top and optional in another account (it defaults to the top's). */
const ECS_ENTRIES = { snapshots: v.optional(listOf(ECS_SNAPSHOT)) };
const ENS_ENTRIES = { disks: v.optional(listOf(ENS_DISK)), snapshots: v.optional(listOf(ENS_SNAPSHOT)) };
const CBS_ENTRIES = { snapshots: v.optional(listOf(CBS_SNAPSHOT)) };

/** Another account's sections (seed.ts AccountSeed). */
const ACCOUNT = seedObject({
  ecs: v.optional(seedObject({ regions: v.optional(listOf(text)), ...ECS_ENTRIES })),
  ens: v.optional(seedObject({ regions: v.optional(listOf(text)), ...ENS_ENTRIES })),
  cbs: v.optional(seedObject({ regions: v.optional(listOf(text)), ...CBS_ENTRIES })),
});

const SEED_SCHEMA = seedObject({
  credentials: v.optional(seedObject({ aliyun: v.optional(listOf(ALIYUN_KEY)), tencent: v.optional(listOf(TENCENT_KEY)) })),
  accountId: optionalText,
  accounts: v.optional(v.record(v.string(), ACCOUNT, 'must be an object keyed by account id')),
  roles: v.optional(listOf(ROLE)),
  ecs: v.optional(seedObject({ regions: listOf(text), ...ECS_ENTRIES })),
  ens: v.optional(seedObject({ regions: listOf(text), ...ENS_ENTRIES })),
  cbs: v.optional(seedObject({ regions: listOf(text), ...CBS_ENTRIES })),
  timing: v.optional(seedObject({ ecsCopySeconds: optionalCount, ensCopySeconds: optionalCount, ensCreateSeconds: optionalCount, cbsCopySeconds: optionalCount })),
  variants: v.optional(VARIANTS),
  renameAnswerFields: v.optional(RENAMES),
});

// What the schema accepts must be a Seed (this line fails to compile otherwise); a field seed.ts gains
// must be added here too, or seed files that use it are refused.
const _accepted: (value: v.InferOutput<typeof SEED_SCHEMA>) => Seed = (value) => value;

/** Every problem of a seed, each with the path of its field; none when the local cloud can take it. */
export function seedProblems(seed: unknown): FieldProblem[] {
  if (seed !== null && typeof seed === 'object' && !Array.isArray(seed) && 'rules' in seed) {
    return [{ field: 'rules', rule: 'is not a seed field: this looks like a replication policy (a seed has credentials, ecs, ens, cbs, accounts, roles and timing; see examples/local-cloud-seed.json)' }];
  }
  const result = v.safeParse(SEED_SCHEMA, seed, { abortEarly: false });
  if (result.success) return [];
  // An unknown key's value says nothing the key's path does not.
  return issuesToProblems(result.issues, 'seed').map((p) => (p.rule.startsWith('is not a known field') ? { field: p.field, rule: p.rule } : p));
}
