/**
 * The module.exports of a CommonJS package loaded with import(). Node's ES module loader answers its
 * named exports as far as it can detect them, and module.exports as `default`; the command line's
 * bundle (split into chunks loaded on use) answers only `default`. Reading module.exports works under
 * both, so the invoke clients load their SDKs through this.
 */
export function moduleExports<M>(imported: M): M {
  const inner: unknown = (imported as { default?: unknown }).default;
  return (inner !== null && typeof inner === 'object' ? inner : imported) as M;
}
