// Stage "verify-beacons": which beacons independent, credible hotspots vouch
// for. A beacon is verified when its valid witnesses that are independent of the
// beaconer (independence stage) and credible come from at least
// `minIndependentOwners` owners (keys of one shared radio count as one).
// Credibility is a fixed point reached from above: every participant without
// signed fraud or a radio contradicting its claims starts credible; after each
// round only those with a verified beacon this epoch, or with prior trust ≥
// credibleTrustBps, stay so.
// A beaconer vouched for by fewer than thinVouchers radios is thinly verified; a
// radio that is a voucher of more than maxThinPerVoucher thin beaconers props up
// what nobody else hears (real radios at a city's edge "hearing" keys asserted
// beyond it) and vouches for none of them. Bans and credibility are iterated
// together, so keys that only vouch for each other fall with their props.
// The vouching links of verified beacons then join hotspots into groups; a group
// smaller than max(minComponentHotspots, minComponentShareBps of the credible
// hotspots) — other than the largest — is isolated: its evidence is only its
// own, and it verifies nothing. Runs again after estimate-radios.
// Also counts each beaconer's strong vouchers (radios that vouched for it and are
// not thinly vouched themselves). Writes credible, verified, anchored,
// reachEpochM, strongVouchers.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { pairIndex } from "./link-table";

export function verifyBeacons(w: EpochWork): void {
  const n = w.n;
  const t = w.links!;
  const ev = w.cfg.evidence;
  const wHot = w.wHot.view();
  const base = new Uint8Array(n);
  for (let h = 0; h < n; h++) {
    base[h] = w.participant[h] && !w.signedFraud[h] && !w.contradicted[h] ? 1 : 0;
  }
  const groups = w.acceptedGroupsById();
  const ownerSeen = new Int32Array(n).fill(-1);
  let credible = base.slice();
  let verified: Int32Array = new Int32Array(n);
  /** calls visit(b, witnessRow, pair) for each vouching witness of each verified beacon; returns verified counts. */
  const banned = new Set<number>();
  const pass = (cred: Uint8Array, visit?: (b: number, wi: number, p: number) => void): Int32Array<ArrayBuffer> => {
    const v = new Int32Array(n);
    ownerSeen.fill(-1);
    for (const g of groups) {
      const b = w.bHot[w.gAccepted[g]];
      let owners = 0;
      const stamp = g;
      for (const r of w.rowsOf(g)) {
        if (w.rowReason[r] !== ACCEPTED) continue;
        const wi = wHot[r];
        if (!cred[wi]) continue;
        const p = pairIndex(t, b, wi);
        if (p < 0 || !t.independent[p] || banned.has(b * n + wi)) continue;
        const owner = w.ownerId[w.radioGroup[wi]]; // one radio vouches once
        if (ownerSeen[owner] !== stamp) {
          ownerSeen[owner] = stamp;
          owners++;
        }
      }
      if (owners < ev.minIndependentOwners) continue;
      v[b]++;
      if (!visit) continue;
      for (const r of w.rowsOf(g)) {
        if (w.rowReason[r] !== ACCEPTED) continue;
        const wi = wHot[r];
        if (!cred[wi]) continue;
        const p = pairIndex(t, b, wi);
        if (p >= 0 && t.independent[p] && !banned.has(b * n + wi)) visit(b, wi, p);
      }
    }
    return v;
  };
  const members = new Map<number, number[]>();
  for (let h = 0; h < n; h++) {
    if (w.radioGroupSize[h] === 1) continue;
    let l = members.get(w.radioGroup[h]);
    if (!l) members.set(w.radioGroup[h], (l = []));
    l.push(h);
  }
  /** Thinly vouched beaconers: a voucher that alone props up more than maxThinPerVoucher of them vouches for none of them. */
  const updateBans = (cred: Uint8Array): boolean => {
    const vouchers = new Map<number, Set<number>>();
    pass(cred, (b, wi) => {
      let v = vouchers.get(b);
      if (!v) vouchers.set(b, (v = new Set()));
      v.add(w.radioGroup[wi]);
    });
    const thinOf = new Map<number, number[]>();
    for (const [b, v] of vouchers) {
      if (v.size >= ev.thinVouchers) continue;
      for (const g of v) {
        let l = thinOf.get(g);
        if (!l) thinOf.set(g, (l = []));
        l.push(b);
      }
    }
    let added = false;
    for (const [g, thin] of thinOf) {
      if (thin.length <= ev.maxThinPerVoucher) continue;
      for (const b of thin) {
        for (const wi of members.get(g) ?? [g]) {
          const key = b * n + wi;
          if (!banned.has(key)) {
            banned.add(key);
            added = true;
          }
        }
      }
    }
    return added;
  };
  for (let round = 0; round < ev.credibilityRounds; round++) {
    verified = pass(credible);
    const next = new Uint8Array(n);
    let changed = false;
    for (let h = 0; h < n; h++) {
      next[h] = base[h] && (verified[h] > 0 || w.prior.trustBps[h] >= ev.credibleTrustBps) ? 1 : 0;
      if (next[h] !== credible[h]) changed = true;
    }
    credible = next;
    if (updateBans(credible)) changed = true;
    if (!changed) break;
  }

  // groups of hotspots joined by vouching links, and how far each beaconer was verifiably heard.
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const far1 = new Uint32Array(n);
  const far1W = new Int32Array(n).fill(-1);
  const far2 = new Uint32Array(n);
  const vouchers = new Map<number, Set<number>>();
  verified = pass(credible, (b, wi, p) => {
    let v = vouchers.get(b);
    if (!v) vouchers.set(b, (v = new Set()));
    v.add(w.radioGroup[wi]);
    const ra = find(b);
    const rb = find(wi);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    const d = t.distM[p];
    if (wi === far1W[b]) return;
    if (d > far1[b]) {
      far2[b] = far1[b];
      far1[b] = d;
      far1W[b] = wi;
    } else if (d > far2[b]) far2[b] = d;
  });
  const size = new Uint32Array(n);
  let totalCredible = 0;
  for (let h = 0; h < n; h++) {
    if (!credible[h]) continue;
    size[find(h)]++;
    totalCredible++;
  }
  let largest = -1;
  for (let h = 0; h < n; h++) if (size[h] > 0 && (largest < 0 || size[h] > size[largest])) largest = h;
  const minSize = Math.max(ev.minComponentHotspots, Math.ceil((ev.minComponentShareBps * totalCredible) / 10_000));
  w.anchored = new Uint8Array(n);
  for (let h = 0; h < n; h++) {
    const r = find(h);
    w.anchored[h] = credible[h] && (r === largest || size[r] >= minSize) ? 1 : 0;
    if (!w.anchored[h]) verified[h] = 0;
  }
  // vouchers that are not thin themselves: the trust stage scales thinly vouched hotspots down.
  w.strongVouchers = new Int32Array(n);
  for (const [b, v] of vouchers) {
    let k = 0;
    for (const g of v) if ((vouchers.get(g)?.size ?? 0) >= ev.thinVouchers) k++;
    w.strongVouchers[b] = k;
  }
  w.credible = credible;
  w.verified = verified;
  w.reachEpochM = far2;
}
