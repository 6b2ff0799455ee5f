// One built bundle in a process of its own, started by bundle-processes.ts. The first message names
// the bundle, the event and the context; the child loads the bundle, says it is ready, and invokes it
// on the second message (so that every child of a batch starts its run at the same moment). It sends
// back the answer, or the name and message of what the handler threw. Its logs go to stdout/stderr.
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import process from 'node:process';
import { setTimeout } from 'node:timers';

const require = createRequire(import.meta.url);

function describeThrow(error) {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: typeof error, message: String(error) };
}

process.once('message', (job) => {
  const loaded = require(job.bundlePath);
  const handler = loaded.handler ?? loaded.main_handler;
  process.once('message', () => {
    const event = job.event.bytes !== undefined ? Buffer.from(job.event.bytes, 'base64') : job.event.value;
    Promise.resolve()
      .then(() => handler(event, job.context))
      .then((answer) => ({ answer }), (error) => ({ thrown: describeThrow(error) }))
      .then((reply) => {
        process.send(reply, () => {
          process.disconnect();
          // Kept-alive sockets of the SDKs must not keep the process: its work is done.
          setTimeout(() => process.exit(0), 100).unref();
        });
      });
  });
  process.send({ ready: true });
});
