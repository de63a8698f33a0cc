// Preloaded (`node --import <this file> server.mjs …`) into app servers that test runs start, with
// standard input a pipe from the process that owns the server. The pipe's end means the owner is
// gone, however it went (a vitest worker killed on a timeout, Playwright interrupted, a SIGKILL):
// the server then shuts down as on SIGTERM instead of listening on for ever. An owner that is done
// with the server stops it itself, as before; this is only for owners that could not.
import { isMainThread } from 'node:worker_threads';

let ownerGone = false;
function shutDownWithOwner() {
  if (ownerGone) return;
  ownerGone = true;
  // server.mjs closes its connections and exits on SIGTERM; a server too busy to get there is ended.
  setTimeout(() => process.exit(1), 10_000).unref();
  process.kill(process.pid, 'SIGTERM');
}
// Worker threads inherit this preload (the scorecard's trial workers): their stdin is not the owner's pipe.
if (isMainThread) {
  process.stdin.on('end', shutDownWithOwner);
  // A broken pipe is the same news as its end.
  process.stdin.on('error', shutDownWithOwner);
  process.stdin.resume();
}
