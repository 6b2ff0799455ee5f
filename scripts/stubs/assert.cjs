// pop-core checks its constructor's config with assert(value, message), and https-proxy-agent one
// stream state with assert(value); that is all either uses. Node's `assert` module costs a cold start
// about 2 ms to load (its error type sets up coloured output on stderr), so this is the same check
// throwing an Error with the same name and code.
function assert(value, message) {
  if (value) return;
  if (message instanceof Error) throw message;
  const error = new Error(message === undefined ? 'The expression evaluated to a falsy value' : String(message));
  error.name = 'AssertionError';
  error.code = 'ERR_ASSERTION';
  throw error;
}
assert.ok = assert;
module.exports = assert;
