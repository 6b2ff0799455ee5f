// The Tencent SDK needs form-data only for multipart uploads, which no snapshot API uses.
module.exports = function FormData() {
  throw new Error('multipart requests are not supported in this bundle');
};
