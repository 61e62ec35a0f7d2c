// Stage "verify-beacons": which beacons independent, credible hotspots vouch
// for. A beacon is verified when its valid witnesses that are independent of the
// beaconer (independence stage) and credible come from at least
// `minIndependentOwners` owners (keys of one shared radio count as one).
// Credibility is a fixed point reached from above: every participant without
// signed fraud or a radio contradicting its claims starts credible; after each
// round only those with a verified beacon this epoch, or with prior trust ≥
// credibleTrustBps, stay so.
// Strength is built from below: a hotspot vouched for by seedVouchers radios is
// strong (in a network with at least minSeeds such; in a smaller or sparser one
// every hotspot is), and so is one vouched for by thinVouchers strong radios; the rest are
// thin (a group that only vouches for itself never becomes strong, however many
// members vouch for each other). A thin hotspot does not vouch, it is vouched
// for only by strong radios, and a radio that is a voucher of more than
// maxThinPerVoucher thin beaconers props up what nobody else hears (real radios
// at a city's edge "hearing" keys asserted beyond it) and vouches for none of
// them. Bans, thinness and credibility are iterated together, so such keys fall
// with their props.
// The vouching links of verified beacons then join hotspots into groups; a group
// smaller than max(minComponentHotspots, minComponentShareBps of the credible
// hotspots) — other than the largest — is isolated: its evidence is only its
// own, and it verifies nothing. Runs again after estimate-radios.
// Also counts each beaconer's strong vouchers (radios that vouched for it and are
// not thinly vouched themselves). Writes credible, verified, anchored,
// reachEpochM, strongVouchers.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { GrowableColumn } from "../columns";

export function verifyBeacons(w: EpochWork): void {
  const n = w.n;
  const t = w.links!;
  const ev = w.cfg.evidence;
  const nPairs = t.witness.length;
  const base = new Uint8Array(n);
  for (let h = 0; h < n; h++) base[h] = w.participant[h] && !w.signedFraud[h] && !w.contradicted[h] ? 1 : 0;

  // each accepted beacon's candidate vouchers (valid rows whose pair is independent), flattened in canonical order.
  const groups = w.acceptedGroupsById();
  const slotBeaconer = new Int32Array(groups.length);
  const slotStart = new Uint32Array(groups.length + 1);
  const entries = new GrowableColumn(Uint32Array, 1 << 16);
  groups.forEach((g, k) => {
    slotBeaconer[k] = w.bHot[w.gAccepted[g]];
    for (const r of w.rowsOf(g)) {
      if (w.rowReason[r] !== ACCEPTED) continue;
      const p = t.rowPair[r];
      if (p >= 0 && t.independent[p]) entries.push(p);
    }
    slotStart[k + 1] = entries.length;
  });
  const entryPair = entries.view();
  const ownerOf = (wi: number) => w.ownerId[w.radioGroup[wi]]; // one radio vouches once
  const banned = new Uint8Array(nPairs);
  const vouching = new Uint8Array(nPairs);
  /** thinly vouched beaconers (as of the last round): only radios that are not thin themselves vouch for them. */
  const thin = new Uint8Array(n);
  const ownerSeen = new Int32Array(n).fill(-1);

  /** Verified beacons per beaconer with credibility `cred`; marks the pairs that vouched for a verified beacon. */
  const pass = (cred: Uint8Array): Int32Array<ArrayBuffer> => {
    const v = new Int32Array(n);
    vouching.fill(0);
    ownerSeen.fill(-1);
    for (let k = 0; k < groups.length; k++) {
      let owners = 0;
      const b = slotBeaconer[k];
      for (let e = slotStart[k]; e < slotStart[k + 1]; e++) {
        const p = entryPair[e];
        const wi = t.witness[p];
        if (!cred[wi] || banned[p] || (thin[b] && thin[wi])) continue;
        const o = ownerOf(wi);
        if (ownerSeen[o] !== k) {
          ownerSeen[o] = k;
          owners++;
        }
      }
      if (owners < ev.minIndependentOwners) continue;
      v[b]++;
      for (let e = slotStart[k]; e < slotStart[k + 1]; e++) {
        const p = entryPair[e];
        const wi = t.witness[p];
        if (cred[wi] && !banned[p] && !(thin[b] && thin[wi])) vouching[p] = 1;
      }
    }
    return v;
  };

  /** Radios (groups) vouching for each beaconer, from the `vouching` marks. */
  const groupStamp = new Int32Array(n).fill(-1);
  const voucherCount = (): Int32Array => {
    const c = new Int32Array(n);
    groupStamp.fill(-1);
    for (let b = 0; b < n; b++) {
      for (let p = t.start[b]; p < t.start[b + 1]; p++) {
        if (!vouching[p]) continue;
        const g = w.radioGroup[t.witness[p]];
        if (groupStamp[g] !== b) {
          groupStamp[g] = b;
          c[b]++;
        }
      }
    }
    return c;
  };

  /** Thinly vouched beaconers: a radio that alone props up more than maxThinPerVoucher of them vouches for none of them. */
  const tally = new Int32Array(n);
  const strong = new Uint8Array(n);
  const updateBans = (): boolean => {
    const count = voucherCount();
    // strength from below: hotspots with seedVouchers vouchers are strong, and so is
    // anyone with thinVouchers strong vouchers — a group that only vouches for
    // itself never gets there, however many members vouch for each other.
    // (a network without minSeeds such hotspots has no core to judge thinness
    // against: nobody is thin there.)
    strong.fill(0);
    let seeds = 0;
    for (let b = 0; b < n; b++) if (count[b] >= ev.seedVouchers) seeds++;
    for (let b = 0; b < n; b++) if (count[b] >= ev.seedVouchers || seeds < ev.minSeeds) strong[b] = 1;
    for (let changed = true; changed; ) {
      changed = false;
      for (let b = 0; b < n; b++) {
        if (strong[b] || count[b] < ev.thinVouchers) continue;
        let k = 0;
        for (let p = t.start[b]; p < t.start[b + 1]; p++) {
          if (!vouching[p] || !strong[t.witness[p]]) continue;
          const g = w.radioGroup[t.witness[p]];
          if (groupStamp[g] !== -2 - b) {
            groupStamp[g] = -2 - b;
            k++;
          }
        }
        if (k >= ev.thinVouchers) {
          strong[b] = 1;
          changed = true;
        }
      }
    }
    let added = false;
    for (let b = 0; b < n; b++) {
      const t2 = count[b] > 0 && !strong[b] ? 1 : 0;
      if (t2 && !thin[b]) added = true;
      if (t2) thin[b] = 1;
    }
    tally.fill(0);
    groupStamp.fill(-1);
    groupStamp.fill(-1);
    for (let b = 0; b < n; b++) {
      if (!thin[b]) continue;
      for (let p = t.start[b]; p < t.start[b + 1]; p++) {
        if (!vouching[p]) continue;
        const g = w.radioGroup[t.witness[p]];
        if (groupStamp[g] !== b) {
          groupStamp[g] = b;
          tally[g]++;
        }
      }
    }
    for (let b = 0; b < n; b++) {
      if (!thin[b]) continue;
      for (let p = t.start[b]; p < t.start[b + 1]; p++) {
        if (vouching[p] && !banned[p] && tally[w.radioGroup[t.witness[p]]] > ev.maxThinPerVoucher) {
          banned[p] = 1;
          added = true;
        }
      }
    }
    return added;
  };

  let credible = base.slice();
  let verified: Int32Array = new Int32Array(n);
  for (let round = 0; round < ev.credibilityRounds; round++) {
    verified = pass(credible);
    const next = new Uint8Array(n);
    let changed = false;
    for (let h = 0; h < n; h++) {
      next[h] = base[h] && !thin[h] && (verified[h] > 0 || w.prior.trustBps[h] >= ev.credibleTrustBps) ? 1 : 0;
      if (next[h] !== credible[h]) changed = true;
    }
    credible = next;
    pass(credible);
    if (updateBans()) changed = true;
    if (!changed) break;
  }
  verified = pass(credible);
  updateBans();

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
  const far2 = new Uint32Array(n);
  for (let b = 0; b < n; b++) {
    for (let p = t.start[b]; p < t.start[b + 1]; p++) {
      if (!vouching[p]) continue;
      const ra = find(b);
      const rb = find(t.witness[p]);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      const d = t.distM[p];
      if (d > far1[b]) {
        far2[b] = far1[b];
        far1[b] = d;
      } else if (d > far2[b]) far2[b] = d;
    }
  }
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

  // vouchers that are strong themselves: the trust stage scales thinly vouched hotspots down.
  w.strongVouchers = new Int32Array(n);
  groupStamp.fill(-1);
  for (let b = 0; b < n; b++) {
    for (let p = t.start[b]; p < t.start[b + 1]; p++) {
      if (!vouching[p]) continue;
      const wi = t.witness[p];
      const g = w.radioGroup[wi];
      if (groupStamp[g] === b || !strong[wi]) continue;
      groupStamp[g] = b;
      w.strongVouchers[b]++;
    }
  }
  w.credible = credible;
  w.verified = verified;
  w.reachEpochM = far2;
}
