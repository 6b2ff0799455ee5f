// Preloaded (node --import) into the deploy tools that tests run: any attempt to open a connection or
// resolve a host name throws at once, so a tool that tries to phone home fails its test loudly
// instead of waiting on a network the test machine may not have.
import dns from 'node:dns';
import net from 'node:net';

function refuse(what) {
  throw new Error(`network access refused in tests: ${what}`);
}

net.Socket.prototype.connect = function connect() {
  refuse('socket connect');
};
dns.lookup = function lookup(host) {
  refuse(`dns lookup of ${String(host)}`);
};
dns.promises.lookup = async function lookup(host) {
  refuse(`dns lookup of ${String(host)}`);
};
