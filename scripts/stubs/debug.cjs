// `debug` prints only when the DEBUG variable names a namespace, which a deployed function never sets
// (and httpx would print signed request headers if it did): every logger here is a silent no-op.
function createDebug() {
  const log = function () {};
  log.enabled = false;
  log.extend = createDebug;
  return log;
}
createDebug.enable = function () {};
createDebug.disable = function () {
  return '';
};
createDebug.enabled = function () {
  return false;
};
module.exports = createDebug;
