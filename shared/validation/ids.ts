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
  /** Every prefix the service's ids are documented with, the usual one first. */
  prefixes: readonly string[];
  maxLength: number;
}

/**
 * ENS snapshot ids: the copy and delete samples show `sp-...`, the describe and create samples `s-...`
 * (docs/api-facts.md, "ENS id forms"), so both are accepted.
 * CBS ids are capped lower than Alibaba's: real ones are `snap-` + 8 characters, and the copy's name
 * (60 bytes at most) must hold the source id and region, so a longer id could never be marked.
 */
export const SNAPSHOT_ID_FORMS: Readonly<Record<CloudKind, IdForm>> = {
  'aliyun-ecs': { prefixes: ['s-'], maxLength: 64 },
  'aliyun-ens': { prefixes: ['sp-', 's-'], maxLength: 64 },
  'tencent-cbs': { prefixes: ['snap-'], maxLength: 24 },
};

export const DISK_ID_FORMS: Readonly<Record<CloudKind, IdForm>> = {
  'aliyun-ecs': { prefixes: ['d-'], maxLength: 64 },
  'aliyun-ens': { prefixes: ['d-'], maxLength: 64 },
  'tencent-cbs': { prefixes: ['disk-'], maxLength: 24 },
};

function checkIdForm(form: IdForm, what: string): Check<string> {
  const body = /^[A-Za-z0-9]+$/;
  const expected = form.prefixes.map((p) => `"${p}"`).join(' or ');
  return (value) => {
    if (value.length > form.maxLength) return `must be at most ${form.maxLength} characters`;
    const prefix = form.prefixes.find((p) => value.startsWith(p));
    if (prefix === undefined || !body.test(value.slice(prefix.length))) return `must be ${what} id: ${expected} followed by letters and digits`;
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

/** The longest and the shortest id of the form, for worst-case checks of name templates. */
export function extremeIds(form: IdForm): string[] {
  const prefixes = [...form.prefixes].sort((a, b) => a.length - b.length);
  const shortest = prefixes[0] ?? '';
  return [shortest + 'X'.repeat(form.maxLength - shortest.length), `${prefixes[prefixes.length - 1] ?? ''}1`, `${shortest}1`];
}

function mapClouds<T>(make: (cloud: CloudKind) => T): Record<CloudKind, T> {
  return { 'aliyun-ecs': make('aliyun-ecs'), 'aliyun-ens': make('aliyun-ens'), 'tencent-cbs': make('tencent-cbs') };
}

function article(cloud: CloudKind): string {
  return cloud.startsWith('aliyun') ? 'an' : 'a';
}
