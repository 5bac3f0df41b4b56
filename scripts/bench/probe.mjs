// Preloaded (`node --import`) into the command by the bench, to see what the command does
// without changing it. Each part is on when its variable is set:
//
// - POLICY_DRIFT_STARTUP_PROBE=DIR: prints `policy-drift-probe first-read <ms since the
//   epoch>` on stderr at the first file-system call on a path inside DIR, the moment the
//   command starts reading its input. The fs functions are wrapped before the command
//   loads, so its own imports of node:fs and node:fs/promises see the wrappers.
// - POLICY_DRIFT_RSS_PROBE=1: prints `policy-drift-probe max-rss <MB>` on stderr at exit:
//   the peak resident memory of the whole process, its worker threads included.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';

const folder = process.env.POLICY_DRIFT_STARTUP_PROBE ? resolve(process.env.POLICY_DRIFT_STARTUP_PROBE) : undefined;
if (folder !== undefined) {
  let noted = false;
  const note = (path) => {
    if (noted) return;
    const p = typeof path === 'string' ? path : path instanceof URL ? path.pathname : undefined;
    if (p === undefined || !resolve(p).startsWith(folder)) return;
    noted = true;
    process.stderr.write(`policy-drift-probe first-read ${Date.now()}\n`);
  };
  const wrap = (owner, name) => {
    const original = owner[name];
    if (typeof original !== 'function') return;
    owner[name] = function (path, ...rest) {
      note(path);
      return original.call(this, path, ...rest);
    };
  };
  for (const name of ['statSync', 'lstatSync', 'existsSync', 'realpathSync', 'readdirSync', 'openSync', 'readFileSync', 'opendirSync', 'stat', 'lstat', 'readdir', 'open', 'readFile', 'realpath', 'opendir', 'createReadStream']) wrap(fs, name);
  for (const name of ['stat', 'lstat', 'readdir', 'open', 'readFile', 'realpath', 'opendir']) wrap(fs.promises, name);
  syncBuiltinESMExports();
}
if (process.env.POLICY_DRIFT_RSS_PROBE) {
  process.on('exit', () => process.stderr.write(`policy-drift-probe max-rss ${process.resourceUsage().maxRSS / 1024}\n`));
}
