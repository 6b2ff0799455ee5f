// The Tencent SDK calls only uuid's v4() with no arguments, which uuid 11 answers with
// crypto.randomUUID() itself; the rest of the package (v1-v7, parse, validate) is left out.
const { randomUUID } = require('crypto');

module.exports = {
  v4: function () {
    return randomUUID();
  },
};
