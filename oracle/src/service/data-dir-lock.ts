// One service per data directory: two processes appending to the same segments
// or opening the same PGlite files would corrupt both. The lock is a file
// holding the owner's pid, created exclusively; a lock left by a process that
// no longer runs (kill -9, power loss) is taken over.

import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export class DataDirLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataDirLockedError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Directories this process holds (several services may share a process, e.g. in tests). */
const held = new Set<string>();

/** Takes the directory's lock; returns its release. Throws DataDirLockedError when a live process holds it. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(realpathSync(dir), "LOCK");
  if (held.has(path)) throw new DataDirLockedError(`data directory ${dir} is in use by process ${process.pid}; one oracle service per --data-dir`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(path);
      return () => {
        held.delete(path);
        rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(readFileSync(path, "utf8").trim());
      // our own pid in the file is a dead predecessor's that the OS gave us again
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataDirLockedError(`data directory ${dir} is in use by process ${pid}; one oracle service per --data-dir`);
      rmSync(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new DataDirLockedError(`could not lock data directory ${dir}`);
}
