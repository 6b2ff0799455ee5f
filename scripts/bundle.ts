import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const stubs = resolve(fileURLToPath(new URL('.', import.meta.url)), 'stubs');

/**
 * Trims from cloud-facts: the Tencent SDK's node-fetch pulls all of whatwg-url for one URL class,
 * and form-data is only for multipart uploads; both are replaced by tiny stubs.
 */
const sdkTrims: Plugin = {
  name: 'sdk-trims',
  setup(b) {
    b.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: join(stubs, 'whatwg-url.cjs') }));
    b.onResolve({ filter: /^form-data$/ }, () => ({ path: join(stubs, 'form-data.cjs') }));
    // pop-core reads its package.json only for the user-agent's name and version.
    b.onLoad({ filter: /@alicloud[\\/]pop-core[\\/]package\.json$/ }, async (args) => {
      const { name, version } = JSON.parse(await readFile(args.path, 'utf8')) as { name: string; version: string };
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

export interface BundleResult {
  name: string;
  outfile: string;
  bytes: number;
}

/** Every folder under `functionsDir` with an index.ts is one deployable function. */
export function findFunctionEntries(functionsDir: string): Array<{ name: string; entry: string }> {
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ name: d.name, entry: join(functionsDir, d.name, 'index.ts') }))
    .filter((f) => {
      try {
        return statSync(f.entry).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Contract 1: each entry becomes a self-contained, minified CommonJS bundle for Node 18
 * at `<outDir>/<name>/index.js`, needing nothing beside it.
 */
export async function bundleFunctions(functionsDir: string, outDir: string): Promise<BundleResult[]> {
  const results: BundleResult[] = [];
  // The repo's package.json says "type": "module"; the bundles are CommonJS, as the runtimes load them.
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  for (const { name, entry } of findFunctionEntries(functionsDir)) {
    const outfile = join(outDir, name, 'index.js');
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      // The Tencent SDK ships ES module builds; prefer them so unused code can be dropped.
      mainFields: ['module', 'main'],
      plugins: [sdkTrims],
      logLevel: 'warning',
    });
    results.push({ name, outfile, bytes: statSync(outfile).size });
  }
  return results;
}
