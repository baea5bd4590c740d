// Preloaded into the generator's processes by generate.test.ts: records (and refuses) every attempt to
// resolve a host name or open a TCP connection, so the test can prove `prisma generate` stays offline.
const fs = require('node:fs');
const dns = require('node:dns');
const net = require('node:net');
const log = process.env.KEEPER_NETWORK_GUARD_LOG;
function record(what) {
  fs.appendFileSync(log, `${what}\n`);
}
const refuse = (what) => {
  record(what);
  throw new Error(`network access refused in test: ${what}`);
};
dns.lookup = (host) => refuse(`dns.lookup ${host}`);
dns.promises.lookup = async (host) => refuse(`dns.promises.lookup ${host}`);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guarded(...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  if (options.path === undefined) refuse(`tcp ${options.host ?? 'localhost'}:${options.port}`);
  return connect.apply(this, args);
};
