/**
 * Snapshot names and descriptions, as each API documents them. Each rule also says which characters a
 * name may hold and how its length is measured, so a template can fit a snapshot's own name into it.
 */
import type { CloudKind } from '../contracts/snapshot';
import {
  bytesBetween,
  type Check,
  codePointLength,
  firstViolation,
  lengthBetween,
  notStartingWithHttp,
  onlyCharacters,
  startsWith,
  utf8ByteLength,
  wellFormedText,
} from './rules';

export interface TextRule {
  /** The API parameter, for messages. */
  readonly parameter: string;
  readonly check: Check<string>;
  /** The most the value may measure, in `measure` units. */
  readonly maxLength: number;
  readonly measure: (value: string) => number;
  /** A one-character test: what a name copied into this value may keep (the rest is replaced). */
  readonly allowedChar: RegExp;
  /**
   * Set on copy names: the name is read back to recognise the copy (shared/policy/templates.ts,
   * `lineageSetting`), so a source name filling it must not bring the characters that set its lineage apart.
   */
  readonly readBack?: boolean;
}

/** Every value is checked to be well-formed first: one that is not could never be sent (see rules.ts). */
function textRule(parameter: string, checks: ReadonlyArray<Check<string>>, fit: Omit<TextRule, 'parameter' | 'check'>): TextRule {
  const all = [wellFormedText, ...checks];
  return { parameter, check: (value) => firstViolation(value, all), ...fit };
}

const byCodePoints = { measure: codePointLength };

/** Unicode letters (Chinese included), digits, `:`, `_`, `.`, `-`: docs/api-facts.md § "ECS CopySnapshot". */
const ECS_NAME_CHAR = /^[\p{L}\p{Nd}:_.-]$/u;
/** Letters, digits, `:`, `_`, `-`: ENS CreateSnapshot (docs/api-facts.md § "ENS CreateSnapshot"); also what ENS copy names keep of a source name. */
const ENS_NAME_CHAR = /^[A-Za-z0-9:_-]$/;
/**
 * Anything but control characters and lone UTF-16 surrogates (category Cs): descriptions and CBS names
 * document no character set, but a lone surrogate cannot be encoded into any request.
 */
const PRINTABLE_CHAR = /^[^\p{Cc}\p{Cs}]$/u;

/**
 * ECS CopySnapshot DestinationSnapshotName (docs/api-facts.md § "ECS CopySnapshot"; the current page wins over the older one): 2-128 characters,
 * starting with a letter (the newer page allows any Unicode letter, Chinese included), not with
 * http:// or https://, holding only letters, digits, `:`, `_`, `.` and `-`.
 */
export const ECS_COPY_NAME = textRule(
  'DestinationSnapshotName',
  [
    lengthBetween(2, 128),
    notStartingWithHttp,
    startsWith(/^\p{L}$/u, 'must start with a letter or a Chinese character'),
    onlyCharacters(ECS_NAME_CHAR, "may contain only letters (Chinese included), digits, ':', '_', '.' and '-'"),
  ],
  { maxLength: 128, ...byCodePoints, allowedChar: ECS_NAME_CHAR, readBack: true },
);

/** ECS CopySnapshot DestinationSnapshotDescription: 2-256 characters, not starting with http:// or https://. */
export const ECS_COPY_DESCRIPTION = textRule('DestinationSnapshotDescription', [lengthBetween(2, 256), notStartingWithHttp], {
  maxLength: 256,
  ...byCodePoints,
  allowedChar: PRINTABLE_CHAR,
});

/**
 * ENS CopySnapshot DestinationSnapshotName (docs/api-facts.md § "ENS CopySnapshot"): 2-128 characters, starting with a letter or a
 * Chinese character, not with http:// or https://. The page documents no character set.
 */
export const ENS_COPY_NAME = textRule(
  'DestinationSnapshotName',
  [
    lengthBetween(2, 128),
    notStartingWithHttp,
    startsWith(/^[A-Za-z\p{Script=Han}]$/u, 'must start with a letter or a Chinese character'),
  ],
  { maxLength: 128, ...byCodePoints, allowedChar: ENS_NAME_CHAR, readBack: true },
);

/** ENS CopySnapshot DestinationSnapshotDescription: 2-256 characters, not starting with http:// or https://. */
export const ENS_COPY_DESCRIPTION = textRule('DestinationSnapshotDescription', [lengthBetween(2, 256), notStartingWithHttp], {
  maxLength: 256,
  ...byCodePoints,
  allowedChar: PRINTABLE_CHAR,
});

/**
 * ENS CreateSnapshot SnapshotName (docs/api-facts.md § "ENS CreateSnapshot"): 2-128 characters, starting with a letter, not with
 * http:// or https://, holding only letters, digits, `:`, `_` and `-`.
 */
export const ENS_SNAPSHOT_NAME = textRule(
  'SnapshotName',
  [
    lengthBetween(2, 128),
    notStartingWithHttp,
    startsWith(/^[A-Za-z]$/, 'must start with a letter'),
    onlyCharacters(ENS_NAME_CHAR, "may contain only letters, digits, ':', '_' and '-'"),
  ],
  { maxLength: 128, ...byCodePoints, allowedChar: ENS_NAME_CHAR },
);

/** ENS CreateSnapshot Description: 2-256 characters, not starting with http:// or https://. */
export const ENS_SNAPSHOT_DESCRIPTION = textRule('Description', [lengthBetween(2, 256), notStartingWithHttp], {
  maxLength: 256,
  ...byCodePoints,
  allowedChar: PRINTABLE_CHAR,
});

/**
 * CBS CopySnapshotCrossRegions SnapshotName. Its own page states no limit (docs/api-facts.md § "CBS CopySnapshotCrossRegions"); the CBS snapshot
 * name limit is documented on ModifySnapshotAttribute: "Name of new snapshot. Maximum length is 60 bytes."
 * (https://intl.cloud.tencent.com/document/api/362/15650). Bytes are counted in UTF-8, so a Chinese
 * character costs 3. An empty name would fall back to the API's default, which carries no rule mark.
 */
const CBS_COPY_NAME_MAX_BYTES = 60;
export const CBS_COPY_NAME = textRule('SnapshotName', [bytesBetween(1, CBS_COPY_NAME_MAX_BYTES)], {
  maxLength: CBS_COPY_NAME_MAX_BYTES,
  measure: utf8ByteLength,
  allowedChar: PRINTABLE_CHAR,
  readBack: true,
});

const COPY_NAME_RULES: Readonly<Record<CloudKind, TextRule>> = {
  'aliyun-ecs': ECS_COPY_NAME,
  'aliyun-ens': ENS_COPY_NAME,
  'tencent-cbs': CBS_COPY_NAME,
};

/** The rule for the copy's name on each cloud's copy call. */
export function copyNameRule(cloud: CloudKind): TextRule {
  return COPY_NAME_RULES[cloud];
}

/** The rule for the copy's description; CBS CopySnapshotCrossRegions takes none. */
export function copyDescriptionRule(cloud: CloudKind): TextRule | undefined {
  if (cloud === 'aliyun-ecs') return ECS_COPY_DESCRIPTION;
  if (cloud === 'aliyun-ens') return ENS_COPY_DESCRIPTION;
  return undefined;
}
