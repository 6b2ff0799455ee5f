/**
 * Building blocks for strict valibot schemas whose every message is a rule text (see issues.ts):
 * objects that refuse unknown keys, bounded lists, rule checks from shared/validation, and issues
 * raised on a sub-field by checks that span several fields.
 */
import * as v from 'valibot';
import { isPlainObject } from '../validation/plain-object';
import { type Check, wellFormedText } from '../validation/rules';

const MAX_LIST_LENGTH = 100;

/** The message of a strict object's own issues: an unknown key, a missing key, or not an object at all. */
export function objectMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.expected === 'never') return 'is not a known field';
  if (issue.expected?.startsWith('"')) return 'is required';
  return 'must be an object';
}

/** An object with exactly these keys: unknown keys are errors, so a typo is caught rather than ignored. */
export function closedObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(v.custom<Record<string, unknown>>(isPlainObject, 'must be an object'), v.strictObject(entries, objectMessage));
}

/** Runs a shared rule check on an already typed value. */
export function ruleCheck<T>(check: Check<T>) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const rule = check(dataset.value);
    if (rule !== null) addIssue({ message: rule });
  });
}

/** A string that is well-formed Unicode (shared/validation/rules.ts) and passes `check`. */
export function text(check: Check<string>) {
  return v.pipe(v.string('must be a string'), ruleCheck((value: string) => wellFormedText(value) ?? check(value)));
}

export function numberWith(check: Check<number>) {
  return v.pipe(v.number('must be a number'), ruleCheck(check));
}

export const flag = v.boolean('must be true or false');

/** A field only some clouds support: any value is refused with the reason. */
export function onlyOn(reason: string) {
  return v.optional(v.never(reason));
}

interface ListBounds {
  min: number;
  max?: number;
}

/**
 * A list with bounded length. The length is checked before the items, so a huge list is one problem
 * and its items are never walked.
 */
export function listOf<const TItem extends v.GenericSchema>(item: TItem, bounds: ListBounds) {
  const max = bounds.max ?? MAX_LIST_LENGTH;
  return v.pipe(
    v.unknown(),
    v.rawCheck(({ dataset, addIssue }) => {
      const value = dataset.value;
      if (!Array.isArray(value)) addIssue({ message: 'must be a list' });
      else if (value.length < bounds.min) addIssue({ message: bounds.min === 1 ? 'must not be empty' : `must have at least ${bounds.min} entries` });
      else if (value.length > max) addIssue({ message: `must have at most ${max} entries`, input: value.length });
    }),
    v.array(item, 'must be a list'),
  );
}

/** A non-empty list of distinct strings. */
export function distinctStrings<const TItem extends v.GenericSchema<unknown, string>>(item: TItem) {
  return v.pipe(listOf(item, { min: 1 }), noRepeats<string>((entry) => entry));
}

/** A list whose entries (or the entries' `keyOf`) do not repeat; a repeat is reported on the later entry. */
export function noRepeats<T>(keyOf: (entry: T) => string, subField?: string) {
  return v.rawCheck<T[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seen = new Map<string, number>();
    dataset.value.forEach((entry, index) => {
      const key = keyOf(entry);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else reportAt(addIssue, dataset.value, subField === undefined ? [index] : [index, subField], `must not repeat entry [${first}]`);
    });
  });
}

type AddIssue = (info: { message: string; input?: unknown; path?: [v.IssuePathItem, ...v.IssuePathItem[]] }) => void;

/** Raises an issue on a field below `root` (a cross-field check knows which field is wrong). */
export function reportAt(addIssue: AddIssue, root: unknown, keys: ReadonlyArray<string | number>, message: string): void {
  const path: v.IssuePathItem[] = [];
  let container: unknown = root;
  for (const key of keys) {
    if (typeof key === 'number' && Array.isArray(container)) {
      const value: unknown = container[key];
      path.push({ type: 'array', origin: 'value', input: container, key, value });
      container = value;
    } else if (typeof key === 'string' && isPlainObject(container)) {
      const value = container[key];
      path.push({ type: 'object', origin: 'value', input: container, key, value });
      container = value;
    } else break;
  }
  const [first, ...rest] = path;
  addIssue(first === undefined ? { message, input: container } : { message, input: container, path: [first, ...rest] });
}
