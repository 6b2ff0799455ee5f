// @alicloud/fc2 needs ali-oss, axios and ws only to upload code through OSS and to open a shell in an
// instance; the command line only invokes functions.
function unavailable() {
  throw new Error('this bundle of @alicloud/fc2 invokes functions only (no code upload through OSS, no instance shell)');
}
unavailable.get = unavailable;
module.exports = unavailable;
