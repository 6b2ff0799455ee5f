// The Tencent SDK's compiled modules use only these three tslib helpers (copied from tslib 1.13);
// requiring tslib's ES build would pull in every helper, as a require() cannot be tree-shaken.
function __importDefault(mod) {
  return mod && mod.__esModule ? mod : { default: mod };
}

function __importStar(mod) {
  if (mod && mod.__esModule) return mod;
  const result = {};
  if (mod != null) for (const k in mod) if (Object.hasOwnProperty.call(mod, k)) result[k] = mod[k];
  result['default'] = mod;
  return result;
}

function __exportStar(m, exports) {
  for (const p in m) if (p !== 'default' && !Object.prototype.hasOwnProperty.call(exports, p)) exports[p] = m[p];
}

module.exports = { __importDefault, __importStar, __exportStar };
