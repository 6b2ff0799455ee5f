import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const stubs = resolve(fileURLToPath(new URL('.', import.meta.url)), 'stubs');
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/**
 * Lazy parts: modules a function imports dynamically and rarely, too heavy to read on every cold start,
 * each written as a file of its own beside index.js and required from there only when first used.
 * The FC 3.0 invoke client (@alicloud/fc20230330 and the OpenAPI core: 1.1 MB) serves only a sweep's
 * fan-out to other accounts (shared/clouds/fc-self-invoke.ts).
 */
export const LAZY_PARTS: ReadonlyArray<{ source: string; file: string }> = [
  { source: resolve(root, 'shared/clouds/invoke/fc3.ts'), file: 'fc3-invoke.js' },
];

const lazyParts: Plugin = {
  name: 'lazy-parts',
  setup(b) {
    b.onResolve({ filter: /./ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'lazy-parts') return undefined;
      const resolved = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'lazy-parts' });
      const part = LAZY_PARTS.find((p) => p.source === resolved.path);
      return part ? { path: `./${part.file}`, external: true } : undefined;
    });
  },
};

/** What an SDK file may use of a stubbed package; any other use fails the build, not the function. */
const STUBBED_USES: ReadonlyArray<{ file: RegExp; use: RegExp; allowed: ReadonlySet<string>; stub: string }> = [
  { file: /tencentcloud-sdk-nodejs/, use: /\btslib_1\.(\w+)/g, allowed: new Set(['__importDefault', '__importStar', '__exportStar']), stub: 'tslib' },
  // uuid's v4() is crypto.randomUUID() only when called without arguments.
  { file: /tencentcloud-sdk-nodejs/, use: /\buuid_1\.(\w+)\)?\(([^)]*)\)/g, allowed: new Set(['v4']), stub: 'uuid' },
  { file: /tencentcloud-sdk-nodejs/, use: /\bJSONbig\w*\.(\w+)/g, allowed: new Set(['stringify']), stub: 'json-bigint (stringify only)' },
  // pop-core names json-bigint `JSON`, so every JSON.x in rpc.js is json-bigint's.
  { file: /pop-core[\\/]lib[\\/]rpc\.js$/, use: /\bJSON\.(\w+)/g, allowed: new Set(['parse']), stub: 'json-bigint (parse only)' },
  { file: /pop-core[\\/]lib[\\/]rpc\.js$/, use: /\bkitx\.(\w+)/g, allowed: new Set(['pad2', 'sha1', 'makeNonce']), stub: 'kitx' },
  { file: /pop-core[\\/]lib[\\/]rpc\.js$/, use: /\bhttpx\.(\w+)/g, allowed: new Set(['request', 'read']), stub: 'httpx (without server-sent events)' },
  // Both call assert itself and nothing hung on it (assert.equal and the like).
  { file: /pop-core[\\/]lib[\\/]rpc\.js$/, use: /\bassert\.(\w+)/g, allowed: new Set(), stub: 'assert' },
  { file: /https-proxy-agent/, use: /\bassert_1\.(\w+)(\.\w+)?/g, allowed: new Set(['default']), stub: 'assert' },
];

/** httpx's server-sent-event reader (readAsSSE and its helpers) starts here; pop-core never streams. */
const HTTPX_SSE_START = '\nfunction readyToRead(';

/**
 * httpx without its tail of server-sent-event code (checked to be self-contained after the cut), and
 * with its `debugX.enabled` tests made `false`, which they always are with the debug stub, so that
 * minification drops the logging branches they guard.
 */
function trimHttpx(path: string, source: string): string {
  const at = source.indexOf(HTTPX_SSE_START);
  const kept = at === -1 ? '' : source.slice(0, at);
  if (at === -1 || !/exports\.readAsSSE\s*=/.test(source.slice(at)) || /readyToRead|tryGetEvents|readAsSSE|\bEvent\b/.test(kept)) {
    throw new Error(`${path}: the server-sent-event code is not where the bundle's httpx trim expects it`);
  }
  return lazyZlib(path, kept).replace(/\bdebug(?:Header|Body)\.enabled\b/g, 'false');
}

/**
 * httpx loads zlib up front to inflate compressed answers, which come only when a request asks for
 * them (`compression`, never set by pop-core): zlib is required where an answer needs it instead.
 */
function lazyZlib(path: string, source: string): string {
  const top = "const zlib = require('zlib');\n";
  const rest = source.replace(top, '');
  const uses = rest.replace(/\/\/.*$/gm, '').match(/\bzlib\.\w+/g) ?? [];
  if (rest === source || uses.length === 0 || uses.some((u) => u !== 'zlib.createGunzip' && u !== 'zlib.createInflate')) {
    throw new Error(`${path}: zlib is not used the way the bundle's httpx trim expects`);
  }
  return rest.replace(/\bzlib\./g, "require('zlib').");
}

/** pop-core's percent-encoding, as it stands in its rpc.js. */
const POP_CORE_ENCODE = `function encode(str) {
  var result = encodeURIComponent(str);

  return result.replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\\(/g, '%28')
    .replace(/\\)/g, '%29')
    .replace(/\\*/g, '%2A');
}`;

/**
 * The same encoding in one pass over one shared pattern: pop-core runs it on every parameter name and
 * value of every request, and its five regex literals made five RegExp objects a call (the largest
 * share of an event's garbage after the HTTP client's own).
 */
function fastPopCoreEncode(path: string, source: string): string {
  if (!source.includes(POP_CORE_ENCODE)) throw new Error(`${path}: encode() is not what the bundle's pop-core trim expects`);
  return source.replace(
    POP_CORE_ENCODE,
    `const RFC3986_RESERVED = /[!'()*]/g;
const RFC3986_ESCAPES = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '*': '%2A' };
function encode(str) {
  return encodeURIComponent(str).replace(RFC3986_RESERVED, (c) => RFC3986_ESCAPES[c]);
}`,
  );
}

function checkStubbedUses(path: string, source: string): void {
  for (const { file, use, allowed, stub } of STUBBED_USES) {
    if (!file.test(path)) continue;
    for (const m of source.matchAll(use)) {
      const args = m[2];
      if (!allowed.has(m[1] ?? '') || (args !== undefined && args.trim() !== '')) {
        throw new Error(`${path} uses ${m[0]}, which the bundle's ${stub} stub does not provide`);
      }
    }
  }
}

const importedBy = (pattern: RegExp) => (args: { importer: string }): boolean => pattern.test(args.importer);
const fromTencentSdk = importedBy(/[\\/]tencentcloud-sdk-nodejs[\\/]/);
const fromPopCore = importedBy(/[\\/]@alicloud[\\/]pop-core[\\/]/);
const fromHttpsProxyAgent = importedBy(/[\\/]https-proxy-agent[\\/]/);
const fromFc2 = importedBy(/[\\/]@alicloud[\\/]fc2[\\/]/);

/**
 * Trims, each keeping behaviour (docs/api-facts.md § "SDK: pop-core", § "SDK: tencentcloud-sdk-nodejs"; `npm run bench` lists each bundle's biggest inputs):
 * - whatwg-url: node-fetch needs only its URL class, which Node has built in;
 * - form-data: only for multipart uploads, which no snapshot API uses;
 * - debug: silent unless DEBUG names it, never in a deployed function (8 KB a copy, up to 3 copies);
 * - bignumber.js: json-bigint's big literals are only ever written back as JSON text (19 KB);
 * - json-bigint: pop-core only parses and the Tencent SDK only stringifies, so each gets its half;
 *   pop-core's goes through JSON.parse first whenever json-bigint could not answer differently (speed);
 * - tslib and uuid: the Tencent SDK uses three helpers and uuid.v4(), which is crypto.randomUUID() (16 KB);
 * - kitx and httpx: pop-core uses three kitx functions, and httpx's request and read but never its
 *   server-sent-event reader (2.5 KB); httpx loads zlib only when an answer comes compressed;
 * - pop-core's encode(): the same percent-encoding in one pass, without five new RegExps a call;
 * - assert: pop-core and https-proxy-agent call only assert(value, message); Node's module takes about
 *   2 ms of a cold start to load;
 * - @alicloud/fc2 (the command line's FC 2.0 invoke): its index.js picks lib/client.js on every Node
 *   with async functions (its ES5 build drags babel-runtime and core-js in), and ali-oss, axios and ws
 *   serve only code upload and instance shells, never invokeFunction.
 * STUBBED_USES checks the SDK sources against what the stubs provide.
 */
const sdkTrims: Plugin = {
  name: 'sdk-trims',
  setup(b) {
    const stub = (file: string) => ({ path: join(stubs, file) });
    b.onResolve({ filter: /^whatwg-url$/ }, () => stub('whatwg-url.cjs'));
    b.onResolve({ filter: /^form-data$/ }, () => stub('form-data.cjs'));
    b.onResolve({ filter: /^debug$/ }, () => stub('debug.cjs'));
    b.onResolve({ filter: /^bignumber\.js$/ }, (args) => (importedBy(/[\\/]json-bigint[\\/]/)(args) ? stub('bignumber.cjs') : undefined));
    b.onResolve({ filter: /^tslib$/ }, (args) => (fromTencentSdk(args) ? stub('tslib.cjs') : undefined));
    b.onResolve({ filter: /^uuid$/ }, (args) => (fromTencentSdk(args) ? stub('uuid.cjs') : undefined));
    b.onResolve({ filter: /^kitx$/ }, (args) => (fromPopCore(args) ? stub('kitx.cjs') : undefined));
    b.onResolve({ filter: /^assert$/ }, (args) => (fromPopCore(args) || fromHttpsProxyAgent(args) ? stub('assert.cjs') : undefined));
    b.onResolve({ filter: /^@alicloud\/fc2$/ }, (args) => b.resolve('@alicloud/fc2/lib/client.js', { resolveDir: args.resolveDir, kind: args.kind }));
    b.onResolve({ filter: /^(ali-oss|axios|ws)$/ }, (args) => (fromFc2(args) ? stub('fc2-unused.cjs') : undefined));
    b.onLoad({ filter: /[\\/]httpx[\\/]lib[\\/]index\.js$/ }, async (args) => ({ contents: trimHttpx(args.path, await readFile(args.path, 'utf8')), loader: 'js' }));
    // Each half is json-bigint's own file, found from the importer so the installed copy is used.
    b.onResolve({ filter: /^json-bigint$/ }, async (args) => {
      const half = fromPopCore(args) ? 'parse' : fromTencentSdk(args) ? 'stringify' : undefined;
      if (!half) return undefined;
      const real = await b.resolve(`json-bigint/lib/${half}.js`, { resolveDir: args.resolveDir, kind: 'require-call' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'json-bigint-half', pluginData: half };
    });
    b.onLoad({ filter: /.*/, namespace: 'json-bigint-half' }, (args) => ({
      contents:
        args.pluginData === 'parse'
          ? `module.exports = { parse: require(${JSON.stringify(join(stubs, 'json-parse-fast.cjs'))})(require(${JSON.stringify(args.path)})()) };`
          : `const { stringify } = require(${JSON.stringify(args.path)}); module.exports = function () { return { stringify }; };`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]tencentcloud-sdk-nodejs[\\/].*\.js$|[\\/]pop-core[\\/]lib[\\/]rpc\.js$|[\\/]https-proxy-agent[\\/].*\.js$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      checkStubbedUses(args.path, contents);
      return { contents: /[\\/]pop-core[\\/]lib[\\/]rpc\.js$/.test(args.path) ? fastPopCoreEncode(args.path, contents) : contents, loader: 'js' };
    });
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

/** The esbuild options of one function bundle (also used by `npm run bench` to list its inputs). */
export function bundleOptions(entry: string, outfile: string): BuildOptions {
  return {
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
    // Node has run `\p{...}` in `u` regexes since v10; left unsupported, esbuild turns such literals into
    // `new RegExp()` calls that tree-shaking must keep (valibot's unused emoji pattern: 0.5 KB).
    supported: { 'regexp-unicode-property-escapes': true },
    plugins: [sdkTrims, lazyParts],
    logLevel: 'warning',
    metafile: true,
  };
}

/**
 * Each entry becomes a self-contained, minified CommonJS bundle for Node 18
 * at `<outDir>/<name>/index.js`, needing nothing beside it.
 */
export async function bundleFunctions(functionsDir: string, outDir: string): Promise<BundleResult[]> {
  const results: BundleResult[] = [];
  // The repo's package.json says "type": "module"; the bundles are CommonJS, as the runtimes load them.
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  for (const { name, entry } of findFunctionEntries(functionsDir)) {
    const outfile = join(outDir, name, 'index.js');
    const built = await build(bundleOptions(entry, outfile));
    results.push({ name, outfile, bytes: statSync(outfile).size });
    // The lazy parts this bundle requires, beside it.
    const required = new Set(Object.values(built.metafile?.outputs ?? {}).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
    for (const part of LAZY_PARTS.filter((p) => required.has(`./${p.file}`))) {
      const partFile = join(outDir, name, part.file);
      await build({ ...bundleOptions(part.source, partFile), plugins: [sdkTrims] });
      results.push({ name: `${name}/${part.file}`, outfile: partFile, bytes: statSync(partFile).size });
    }
  }
  return results;
}

/** The command line's bundle: where it starts, and every file the build wrote. */
export interface CliBundleResult {
  /** The entry a launcher imports (`<outDir>/snapshot-replicator.mjs`). */
  entry: string;
  /** Every file written, with its size; the entry and what it imports statically are loaded on every start. */
  files: Array<{ path: string; bytes: number }>;
  /** What a start loads before any command runs: the entry and the chunks it imports statically. */
  startFiles: string[];
  startBytes: number;
  bytes: number;
}

/**
 * The SDKs are CommonJS and require Node's builtins; an ES module has no `require` of its own, so each
 * chunk gets one (esbuild's require shim uses it when it is defined).
 */
const ESM_REQUIRE_BANNER = "import { createRequire as __srepCreateRequire } from 'node:module'; const require = __srepCreateRequire(import.meta.url);";

/**
 * The esbuild options of the command line: the functions' options and trims, as ES module chunks, so
 * a command's code (and the heavy invoke SDKs) is read only when that command runs, never for --help.
 */
function cliBundleOptions(entry: string, outDir: string): BuildOptions {
  const { outfile: _outfile, ...common } = bundleOptions(entry, outDir);
  return {
    ...common,
    // The command's chunks already load the invoke SDKs only when `invoke` runs.
    plugins: [sdkTrims],
    entryPoints: { 'snapshot-replicator': entry },
    outdir: outDir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    banner: { js: ESM_REQUIRE_BANNER },
    metafile: true,
  };
}

/** Builds `entry` (cli/main.ts) into `outDir` as the command's self-contained bundle. */
export async function bundleCli(entry: string, outDir: string): Promise<CliBundleResult> {
  rmSync(outDir, { recursive: true, force: true });
  const result = await build(cliBundleOptions(entry, outDir));
  const outputs = result.metafile?.outputs ?? {};
  const files = Object.keys(outputs).map((p) => ({ path: resolve(p), bytes: statSync(resolve(p)).size })).sort((a, b) => a.path.localeCompare(b.path));
  const main = join(outDir, 'snapshot-replicator.mjs');
  // What a start reads: the entry and, transitively, the chunks it imports statically.
  const eager = new Set<string>();
  const visit = (path: string): void => {
    const key = Object.keys(outputs).find((p) => resolve(p) === path);
    if (key === undefined || eager.has(path)) return;
    eager.add(path);
    for (const imported of outputs[key]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(resolve(imported.path));
  };
  visit(resolve(main));
  const size = (paths: Iterable<string>): number => [...paths].reduce((sum, p) => sum + (files.find((f) => f.path === p)?.bytes ?? 0), 0);
  return { entry: main, files, startFiles: [...eager], startBytes: size(eager), bytes: size(files.map((f) => f.path)) };
}
