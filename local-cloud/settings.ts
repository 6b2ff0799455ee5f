import { DEFAULT_TIMING, DEFAULT_VARIANTS, type AnswerRenames, type Seed, type TimingSeed, type VariantsSeed } from './seed';
import { SERVICE_NAMES } from './service';

/** What a seed sets besides credentials and resources, checked and with the defaults filled in. */
export interface CloudSettings {
  timing: Required<TimingSeed>;
  variants: Required<VariantsSeed>;
  renames: AnswerRenames;
}

/** The values each variant may take; the first is the default (DEFAULT_VARIANTS). */
const VARIANT_VALUES: { readonly [K in keyof VariantsSeed]-?: readonly string[] } = {
  ensSnapShotId: ['list', 'string'],
  ensSnapshotIdPrefix: ['sp-', 's-'],
  ensCreationTime: ['iso', 'naive'],
  ensSnapshotNotFound: ['ERROR_SNAPSHOT_NOT_FOUND', 'INSTANCE_ID_NOT_FOUND'],
  tencentRoleNotFound: ['ResourceNotFound.RoleNotFound', 'InternalError.GetRoleError'],
};

const RENAME_KEY = new RegExp(`^(${SERVICE_NAMES.join('|')})\\.[A-Za-z]+$`);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function timingOf(seed: Seed): Required<TimingSeed> {
  const timing = { ...DEFAULT_TIMING, ...seed.timing };
  for (const [key, seconds] of Object.entries(timing)) {
    if (!(key in DEFAULT_TIMING)) throw new RangeError(`timing.${key} is not a timing the local cloud knows`);
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw new RangeError(`timing.${key} must be a number of seconds, 0 or more`);
  }
  return timing;
}

function variantsOf(seed: Seed): Required<VariantsSeed> {
  const given: unknown = seed.variants ?? {};
  if (!isRecord(given)) throw new RangeError('variants must be an object');
  for (const [key, value] of Object.entries(given)) {
    const allowed = (VARIANT_VALUES as Record<string, readonly string[] | undefined>)[key];
    if (!allowed) throw new RangeError(`variants.${key} is not a variant the local cloud knows (${Object.keys(VARIANT_VALUES).join(', ')})`);
    if (typeof value !== 'string' || !allowed.includes(value)) throw new RangeError(`variants.${key} must be one of ${allowed.join(', ')}`);
  }
  return { ...DEFAULT_VARIANTS, ...(given as VariantsSeed) };
}

function renamesOf(seed: Seed): AnswerRenames {
  const given: unknown = seed.renameAnswerFields ?? {};
  if (!isRecord(given)) throw new RangeError('renameAnswerFields must be an object keyed service.Action');
  const out: AnswerRenames = {};
  for (const [key, fields] of Object.entries(given)) {
    if (!RENAME_KEY.test(key)) throw new RangeError(`renameAnswerFields key ${key} must look like ens.DescribeSnapshots`);
    if (!isRecord(fields) || !Object.values(fields).every((to) => typeof to === 'string' && to !== '')) {
      throw new RangeError(`renameAnswerFields.${key} must map field paths to new names`);
    }
    out[key] = { ...(fields as Record<string, string>) };
  }
  return out;
}

/** The settings of a seed; throws RangeError (answered 400 by the admin endpoint) on a value it cannot use. */
export function settingsOf(seed: Seed): CloudSettings {
  return { timing: timingOf(seed), variants: variantsOf(seed), renames: renamesOf(seed) };
}
