// json-bigint (pop-core's JSON parser) turns a number literal longer than 15 characters into a
// BigNumber, and all the adapters ever read of it is its JSON text (aliyun-rpc's plain()). This
// stand-in keeps exactly that text, as bignumber.js 9 writes it, without its 19 KB of arithmetic.

function BigNumber(value) {
  if (!(this instanceof BigNumber)) return new BigNumber(value);
  let text = String(value);
  const negative = text.charCodeAt(0) === 45;
  if (negative) text = text.slice(1);
  // e: the decimal exponent of the first digit, as bignumber.js normalises it.
  let e = text.indexOf('.');
  if (e > -1) text = text.replace('.', '');
  const x = text.search(/e/i);
  if (x > 0) {
    if (e < 0) e = x;
    e += +text.slice(x + 1);
    text = text.substring(0, x);
  } else if (e < 0) {
    e = text.length;
  }
  let i = 0;
  while (text.charCodeAt(i) === 48) i++;
  let end = text.length;
  while (text.charCodeAt(--end) === 48);
  let d = text.slice(i, end + 1);
  e = e - i - 1;
  // bignumber.js's MIN_EXP: smaller is zero.
  if (d === '' || e < -1e7) {
    d = '0';
    e = 0;
  }
  // Its defaults: exponential notation below 1e-7 and from 1e21.
  let out;
  if (e <= -7 || e >= 21) out = (d.length > 1 ? d.charAt(0) + '.' + d.slice(1) : d) + (e < 0 ? 'e' : 'e+') + e;
  else if (e < 0) out = '0.' + '0'.repeat(-e - 1) + d;
  else if (e + 1 >= d.length) out = d + '0'.repeat(e + 1 - d.length);
  else out = d.slice(0, e + 1) + '.' + d.slice(e + 1);
  this.json = negative ? '-' + out : out;
  this.zero = d === '0';
}

BigNumber.prototype._isBigNumber = true;

BigNumber.prototype.valueOf = BigNumber.prototype.toJSON = function () {
  return this.json;
};

// toString differs from valueOf only for negative zero, which it writes without the sign.
BigNumber.prototype.toString = function () {
  return this.zero ? '0' : this.json;
};

BigNumber.isBigNumber = function (v) {
  return Boolean(v && v._isBigNumber === true);
};

module.exports = BigNumber;
