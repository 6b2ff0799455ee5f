import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordChildOutput } from '../support/guarded-child';
import { bundleFunctions, type BundleResult } from '../../scripts/bundle';

const fixtures = resolve(import.meta.dirname, '../fixtures/functions');
let work: string;
let results: BundleResult[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'srep-build-'));
  results = await bundleFunctions(fixtures, join(work, 'dist'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('bundleFunctions', () => {
  it('writes one CommonJS bundle per function folder and reports its size', () => {
    expect(results.map((r) => r.name)).toEqual(['probe']);
    const [probe] = results;
    expect(probe?.outfile).toBe(join(work, 'dist', 'probe', 'index.js'));
    expect(probe?.bytes).toBe(readFileSync(probe!.outfile).length);
  });

  it('applies the SDK trims: no whatwg-url tables, no form-data, no xml2js, no Node assert', () => {
    const code = readFileSync(results[0]!.outfile, 'utf8');
    expect(code).not.toMatch(/require\("(?:node:)?assert"\)/);
    expect(code.includes('multipart requests are not supported in this bundle')).toBe(true);
    expect(code.includes('xml2js')).toBe(false);
    // whatwg-url's URL state machine carries this table name; the stub does not.
    expect(code.includes('percentEncodePredicate')).toBe(false);
    expect(results[0]!.bytes).toBeLessThan(200 * 1024);
  });

  it('runs on its own, away from node_modules, as the platform loads it', () => {
    const alone = mkdtempSync(join(tmpdir(), 'srep-alone-'));
    try {
      cpSync(results[0]!.outfile, join(alone, 'index.js'));
      const out = execFileSync(
        process.execPath,
        ['-e', "require('./index.js').handler(Buffer.from('hi')).then((r) => process.stdout.write(JSON.stringify(r)))"],
        { cwd: alone, env: { PATH: process.env.PATH ?? '' } },
      ).toString();
      recordChildOutput({ stdout: out });
      expect(JSON.parse(out)).toEqual({ echo: 'hi', clients: ['function', 'function'] });
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});
