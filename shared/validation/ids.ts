/**
 * The forms of ids and regions the project accepts, per cloud. Real ids are longer than the short ones
 * tests seed (`s-1`, `sp-1`, `snap-1`, `d-1`), so only the prefix and the character set are fixed.
 */
import type { CloudKind } from '../contracts/snapshot';
import { type Check, firstViolation, matchesPattern } from './rules';

/** Region ids (cn-hangzhou, ap-guangzhou) and ENS edge node ids (cn-hangzhou-26) share one form. */
const REGION_ID_MAX_LENGTH = 64;
const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export const checkRegionId: Check<string> = (value) =>
  firstViolation(value, [
    (v) => (v.length > REGION_ID_MAX_LENGTH ? `must be at most ${REGION_ID_MAX_LENGTH} characters` : null),
    matchesPattern(REGION_ID, 'must be a region id such as cn-hangzhou (lower-case letters, digits and "-")'),
  ]);

interface IdForm {
  prefix: string;
  maxLength: number;
}

/**
 * CBS ids are capped lower than Alibaba's: real ones are `snap-` + 8 characters, and the copy's name
 * (60 bytes at most) must hold the source id and region, so a longer id could never be marked.
 */
export const SNAPSHOT_ID_FORMS: Readonly<Record<CloudKind, IdForm>> = {
  'aliyun-ecs': { prefix: 's-', maxLength: 64 },
  'aliyun-ens': { prefix: 'sp-', maxLength: 64 },
  'tencent-cbs': { prefix: 'snap-', maxLength: 24 },
};

export const DISK_ID_FORMS: Readonly<Record<CloudKind, IdForm>> = {
  'aliyun-ecs': { prefix: 'd-', maxLength: 64 },
  'aliyun-ens': { prefix: 'd-', maxLength: 64 },
  'tencent-cbs': { prefix: 'disk-', maxLength: 24 },
};

function checkIdForm(form: IdForm, what: string): Check<string> {
  const body = /^[A-Za-z0-9]+$/;
  return (value) => {
    if (value.length > form.maxLength) return `must be at most ${form.maxLength} characters`;
    if (!value.startsWith(form.prefix) || !body.test(value.slice(form.prefix.length)))
      return `must be ${what} id: "${form.prefix}" followed by letters and digits`;
    return null;
  };
}

const snapshotIdChecks = mapClouds((cloud) => checkIdForm(SNAPSHOT_ID_FORMS[cloud], `${article(cloud)} ${cloud} snapshot`));
const diskIdChecks = mapClouds((cloud) => checkIdForm(DISK_ID_FORMS[cloud], `${article(cloud)} ${cloud} disk`));

export function checkSnapshotId(cloud: CloudKind, value: string): string | null {
  return snapshotIdChecks[cloud](value);
}

export function checkDiskId(cloud: CloudKind, value: string): string | null {
  return diskIdChecks[cloud](value);
}

/** The longest id of the form, for worst-case checks of name templates. */
export function longestId(form: IdForm): string {
  return form.prefix + 'X'.repeat(form.maxLength - form.prefix.length);
}

function mapClouds<T>(make: (cloud: CloudKind) => T): Record<CloudKind, T> {
  return { 'aliyun-ecs': make('aliyun-ecs'), 'aliyun-ens': make('aliyun-ens'), 'tencent-cbs': make('tencent-cbs') };
}

function article(cloud: CloudKind): string {
  return cloud.startsWith('aliyun') ? 'an' : 'a';
}
