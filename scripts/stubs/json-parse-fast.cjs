// pop-core parses every answer with json-bigint's parser, written in JavaScript: about 10x slower than
// JSON.parse, and the largest cost of an ECS or ENS invocation. Most answers hold nothing it treats
// specially, so they go to JSON.parse; any text that might (a number literal longer than 15
// characters or with an exponent, a \u escape, a "__proto__" or "constructor" string) or that
// JSON.parse refuses goes to json-bigint itself, so results and errors stay exactly its own.
// (json-bigint's objects have no prototype; the adapters copy every answer into plain data anyway.)

const QUOTE = 34;
const BACKSLASH = 92;
const LOWER_U = 117;

/** Whether json-bigint could answer differently from JSON.parse for this text. */
function needsJsonBigint(text) {
  if (text.includes('__proto__') || text.includes('constructor')) return true;
  let inString = false;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        if (text.charCodeAt(i + 1) === LOWER_U) return true;
        i++;
      } else if (c === QUOTE) {
        inString = false;
      }
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      run = 0;
    } else if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
      // digits, '-', '+', '.': a number literal (json-bigint keeps those over 15 characters as BigNumber)
      if (++run > 15) return true;
    } else if ((c === 101 || c === 69) && run > 0) {
      // an exponent: json-bigint refuses a number that overflows to Infinity
      return true;
    } else {
      run = 0;
    }
  }
  return false;
}

module.exports = function fastParse(jsonBigintParse) {
  return function parse(source, reviver) {
    const text = source + '';
    if (reviver === undefined && !needsJsonBigint(text)) {
      try {
        return JSON.parse(text);
      } catch {
        // Refused text: json-bigint's own error (a plain object), as before.
      }
    }
    return jsonBigintParse(source, reviver);
  };
};
