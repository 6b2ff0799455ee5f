import { describe, expect, it } from 'vitest';
import { decodeText, jsonErrorText, parseJsonText, TextInputError, visible } from '../../cli/text-input';

function jsonError(text: string): string {
  try {
    parseJsonText(text);
  } catch (error) {
    if (error instanceof TextInputError) return error.rule;
    throw error;
  }
  throw new Error('parsed');
}

describe('decodeText', () => {
  it('reads UTF-8 with and without a byte order mark, and UTF-16 with one', () => {
    const text = '{"name":"数据库"}';
    expect(decodeText(Buffer.from(text))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]))).toBe(text);
  });

  it('refuses what is not such text, saying why', () => {
    expect(() => decodeText(Buffer.from([0x7b, 0xe9, 0x7d]))).toThrow('is not valid UTF-8');
    expect(() => decodeText(Buffer.from('{}', 'utf16le'))).toThrow('holds NUL bytes');
    expect(() => decodeText(Buffer.from([0xfe, 0xff, 0x00]))).toThrow('starts with a UTF-16 byte order mark but is not valid UTF-16');
  });
});

describe('JSON errors', () => {
  it('say where the error is, without echoing the input', () => {
    expect(jsonError('{\n  "rules": [],\n}')).toMatch(/^must be valid JSON: Expected double-quoted property name at line 3, column 1$/);
    expect(jsonError('{"rules": []} x')).toBe('must be valid JSON: Unexpected non-whitespace character after JSON at line 1, column 15');
    expect(jsonError('')).toBe('must be valid JSON: Unexpected end of JSON input');
  });

  it('show an invisible character by its code point', () => {
    expect(jsonError('\ufeff{}')).toBe('must be valid JSON: unexpected invisible character U+FEFF at line 1, column 1');
    expect(jsonErrorText('{"a":1}', new SyntaxError('Unexpected token \'\u00a0\', "x" is not valid JSON'))).toBe('unexpected invisible character U+00A0');
    expect(visible('a\u200bb\tc')).toBe('a<U+200B>b<U+0009>c');
  });
});
