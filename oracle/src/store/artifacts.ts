// Content-addressed epoch artifacts on disk: bundles named by their sha256
// digest, and the files derived from one bundle named by that digest too
// (coverage maps; per-epoch cross-epoch state when the epoch function emits it).
// A file becomes visible only complete and synced: written to tmp/, fsynced,
// renamed into place, directory fsynced. Renaming over an existing artifact is
// harmless: same name, same content.

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, readdirSync } from "node:fs";
import { join } from "node:path";

export type ArtifactKind = "bundles" | "coverage" | "states";
const EXTENSION: Record<ArtifactKind, string> = { bundles: ".bundle", coverage: ".geojson", states: ".state" };
const DIGEST = /^[0-9a-f]{64}$/;

export class ArtifactStore {
  constructor(readonly root: string) {
    for (const k of ["tmp", "bundles", "coverage", "states"]) mkdirSync(join(root, k), { recursive: true });
  }

  /** A fresh path under tmp/ for a file to be committed later. */
  tmpPath(label: string): string {
    return join(this.root, "tmp", `${label}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}`);
  }

  path(kind: ArtifactKind, digest: string): string {
    if (!DIGEST.test(digest)) throw new RangeError(`not a sha256 hex digest: ${digest}`);
    return join(this.root, kind, digest + EXTENSION[kind]);
  }

  has(kind: ArtifactKind, digest: string): boolean {
    return existsSync(this.path(kind, digest));
  }

  /** Moves a synced tmp file into place under its digest and syncs the directory. */
  commit(kind: ArtifactKind, digest: string, tmpPath: string): string {
    const target = this.path(kind, digest);
    const fd = openSync(tmpPath, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmpPath, target);
    const dir = openSync(join(this.root, kind), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return target;
  }

  /** Removes leftovers of interrupted writes (called at startup). */
  clearTmp(): number {
    const dir = join(this.root, "tmp");
    const names = readdirSync(dir);
    for (const n of names) rmSync(join(dir, n), { force: true });
    return names.length;
  }
}
