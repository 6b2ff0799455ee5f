// pop-core's RPC client calls three kitx functions; these are kitx 1.3.0's own (MIT), and the rest of
// kitx (file, hash and formatting helpers) is left out of the bundle.
const crypto = require('crypto');
const os = require('os');
const { pid } = require('process');

function pad2(num) {
  if (num < 10) {
    return '0' + num;
  }
  return '' + num;
}

function sha1(data, key, encoding) {
  return crypto.createHmac('sha1', key).update(data).digest(encoding);
}

const makeNonce = (function () {
  let counter = 0;
  let last;
  const machine = os.hostname();

  return function () {
    const val = Math.floor(Math.random() * 1000000000000);
    if (val === last) {
      counter++;
    } else {
      counter = 0;
    }
    last = val;
    const uid = `${machine}${pid}${val}${counter}`;
    return crypto.createHash('md5').update(uid).digest('hex');
  };
})();

module.exports = { pad2, sha1, makeNonce };
