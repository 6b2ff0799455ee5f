/**
 * Alibaba tag rules (ECS CopySnapshot Tag.N, docs/api-facts.md § "ECS CopySnapshot"): at most 20 tags; a key is 1-128 characters,
 * a value 0-128; neither starts with `aliyun` or `acs:` nor contains http:// or https://; keys are unique.
 */
import type { FieldProblem } from '../contracts/errors';
import { atMostCharacters, type Check, firstViolation, notContainingHttp, notEmpty, notStartingWith } from './rules';

const MAX_TAGS = 20;

const reservedPrefix = notStartingWith(['aliyun', 'acs:']);

export const checkTagKey: Check<string> = (key) =>
  firstViolation(key, [notEmpty, atMostCharacters(128), reservedPrefix, notContainingHttp]);

/** A value may be empty. */
export const checkTagValue: Check<string> = (value) =>
  firstViolation(value, [atMostCharacters(128), reservedPrefix, notContainingHttp]);

export const checkTagCount: Check<number> = (count) => (count > MAX_TAGS ? `must have at most ${MAX_TAGS} tags` : null);

export interface Tag {
  key: string;
  value: string;
}

/** Tags given as a record or as a list (a list can repeat a key, which the API refuses). */
export type TagInput = Readonly<Record<string, string>> | ReadonlyArray<Tag>;

function tagList(tags: TagInput): Tag[] {
  return Array.isArray(tags) ? [...(tags as ReadonlyArray<Tag>)] : Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** Problems with a set of tags, named as the RPC parameters are: Tag, Tag.N.Key, Tag.N.Value (N from 1). */
export function tagProblems(tags: TagInput): FieldProblem[] {
  const list = tagList(tags);
  const problems: FieldProblem[] = [];
  const count = checkTagCount(list.length);
  if (count !== null) problems.push({ field: 'Tag', rule: count, value: list.length });
  const seen = new Map<string, number>();
  list.forEach(({ key, value }, index) => {
    const n = index + 1;
    const keyRule = checkTagKey(key);
    if (keyRule !== null) problems.push({ field: `Tag.${n}.Key`, rule: keyRule, value: key });
    const valueRule = checkTagValue(value);
    if (valueRule !== null) problems.push({ field: `Tag.${n}.Value`, rule: valueRule, value });
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push({ field: `Tag.${n}.Key`, rule: `must not repeat Tag.${earlier}.Key`, value: key });
    else seen.set(key, n);
  });
  return problems;
}
