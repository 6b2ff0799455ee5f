/**
 * The text files a person points the command at (a policy, a seed, a payload) and the JSON in them,
 * read the way they were meant: UTF-8 with or without a byte order mark, or UTF-16 with one (what
 * Windows editors save as "Unicode"); never more than a limit (a device such as /dev/zero, or a pipe
 * that does not end, is refused instead of read forever); and JSON errors that show an invisible
 * character by its code point and say where it is.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Why a file could not be taken as text: `rule` completes "<file> …". */
export class TextInputError extends Error {
  override readonly name = 'TextInputError';
  constructor(
    readonly kind: 'unreadable' | 'too-large' | 'encoding' | 'json',
    readonly rule: string,
  ) {
    super(rule);
  }
}

const CHUNK = 64 * 1024;

function errnoOf(error: unknown): string {
  return error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : 'unreadable';
}

/** A file's bytes, read in chunks so that one that never ends is noticed: undefined past `limit`. */
function readBounded(path: string, limit: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new TextInputError('unreadable', `cannot be read (${errnoOf(error)})`);
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, CHUNK, null);
      } catch (error) {
        throw new TextInputError('unreadable', `cannot be read (${errnoOf(error)})`);
      }
      if (n === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) return undefined;
    }
  } finally {
    closeSync(fd);
  }
}

/** Bytes to text: a UTF-8 or UTF-16 byte order mark says the encoding; without one it must be UTF-8. */
export function decodeText(bytes: Buffer): string {
  const [b0, b1, b2] = bytes;
  try {
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (b0 === 0xfe && b1 === 0xff) {
      // Big-endian to little-endian, pair by pair: every Node has a UTF-16LE decoder.
      const body = Buffer.from(bytes.subarray(2));
      if (body.length % 2 !== 0) throw new TypeError('odd length');
      return new TextDecoder('utf-16le', { fatal: true }).decode(body.swap16());
    }
  } catch {
    throw new TextInputError('encoding', `starts with a ${b0 === 0xef ? 'UTF-8' : 'UTF-16'} byte order mark but is not valid ${b0 === 0xef ? 'UTF-8' : 'UTF-16'}`);
  }
  if (bytes.includes(0)) throw new TextInputError('encoding', 'holds NUL bytes: it is not UTF-8 text (UTF-16 without a byte order mark? save it as UTF-8)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TextInputError('encoding', 'is not valid UTF-8 (save it as UTF-8)');
  }
}

const tooLarge = (maxBytes: number): TextInputError =>
  new TextInputError('too-large', `must be at most ${maxBytes} bytes (it is longer; a device or a pipe that never ends is not a file to read)`);

/** A file's text, decoded as decodeText says, refused when it holds more than `maxBytes` of UTF-8. */
export function readTextFile(path: string, maxBytes: number): string {
  // UTF-16 takes at most twice the bytes of the same text in UTF-8 (ASCII), plus its byte order mark.
  const bytes = readBounded(path, 2 * maxBytes + 2);
  const text = bytes === undefined ? undefined : decodeText(bytes);
  if (text === undefined || Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  return text;
}

/** Characters a terminal shows as nothing or as something else: controls, format characters, odd spaces. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u202f\u205f\u3000]/u;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'gu');

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text` with every hidden character written as its code point, so a message shows what is there. */
export function visible(text: string): string {
  return text.replace(HIDDEN_ALL, (ch) => (ch === '\n' ? ' ' : `<${codePoint(ch)}>`));
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `line ${line}, column ${index - before.lastIndexOf('\n')}`;
}

/**
 * Where JSON.parse stopped, in words: its message without the copy of the input it may carry, with
 * hidden characters shown by code point, and the line and column when they can be told.
 */
export function jsonErrorText(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const token = /^Unexpected token '(.+?)', ".*" is not valid JSON$/su.exec(message);
  if (token) {
    const ch = token[1] as string;
    // Only a hidden character can be found again for sure by its first occurrence.
    const at = HIDDEN.test(ch) ? text.indexOf(ch) : -1;
    return `unexpected ${HIDDEN.test(ch) ? `invisible character ${codePoint(ch)}` : `'${ch}'`}${at >= 0 ? ` at ${lineAndColumn(text, at)}` : ''}`;
  }
  // V8 words it "... in JSON at position 12", "... after JSON at position 12", and newer ones add "(line 1 column 13)".
  const words = visible(message.replace(/( in JSON)? at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, ''));
  return position ? `${words} at ${lineAndColumn(text, Number(position[1]))}` : words;
}

/** `text` as JSON, or a TextInputError that says where and why it is not. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TextInputError('json', `must be valid JSON: ${jsonErrorText(text, error)}`);
  }
}
