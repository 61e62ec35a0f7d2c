//! Helium's HIP-104 hex density map (iot_verifier/src/hex_density.rs), restated with the
//! same data structures — including `HashMap` iteration order, which is randomised per
//! process, so running the generator repeatedly also tests order independence.

use h3o::{CellIndex, Resolution};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

pub const SCALING_PRECISION: u32 = 4;

/// (resolution, neighbors, target, max) as in `HIP104_RES_CONFIG`.
pub const HIP104: [(u8, u64, u64, u64); 7] =
    [(4, 2, 500, 1000), (5, 4, 100, 200), (6, 4, 25, 50), (7, 4, 5, 10), (8, 2, 1, 1), (9, 2, 1, 1), (10, 2, 1, 1)];

fn config(res: Resolution) -> (u64, u64, u64) {
    let r = u8::from(res);
    let c = HIP104.iter().find(|c| c.0 == r).expect("configured resolution");
    (c.1, c.2, c.3)
}

pub struct GlobalHexMap {
    clipped: HashMap<CellIndex, u64>,
    unclipped: HashMap<CellIndex, u64>,
    asserted: Vec<CellIndex>,
}

impl GlobalHexMap {
    pub fn new() -> Self {
        Self { clipped: HashMap::new(), unclipped: HashMap::new(), asserted: vec![] }
    }

    pub fn increment_unclipped(&mut self, index: u64) {
        if let Ok(cell) = CellIndex::try_from(index) {
            if let Some(parent) = cell.parent(Resolution::Eleven) {
                *self.unclipped.entry(parent).or_insert(0) += 1;
                *self.clipped.entry(parent).or_insert(0) += 1;
                self.asserted.push(cell);
            }
        }
    }

    pub fn reduce_global(&mut self) {
        let mut hexes: Vec<CellIndex> = self.unclipped.keys().copied().collect::<HashSet<_>>().into_iter().collect();
        for res in [10u8, 9, 8, 7, 6, 5, 4] {
            let res = Resolution::try_from(res).unwrap();
            let mut parents = vec![];
            for cell in std::mem::take(&mut hexes) {
                if let Some(parent) = cell.parent(res) {
                    let count = self.clipped.get(&cell).copied().unwrap_or(0);
                    *self.unclipped.entry(parent).or_insert(0) += count;
                    *self.clipped.entry(parent).or_insert(0) += count;
                    parents.push(parent);
                }
            }
            let (neighbors, target, max) = config(res);
            let mut seen = HashSet::new();
            for parent in parents {
                if !seen.insert(parent) {
                    continue;
                }
                let occupied = parent
                    .grid_disk::<Vec<_>>(1)
                    .into_iter()
                    .filter(|c| self.clipped.get(c).is_some_and(|n| *n >= target))
                    .count() as u64;
                let limit = max.min(target * (occupied.saturating_sub(neighbors) + 1).max(1));
                if let Some(count) = self.unclipped.get(&parent) {
                    self.clipped.insert(parent, limit.min(*count));
                }
                hexes.push(parent);
            }
        }
    }

    /// `compute_hex_density_map`: product over resolutions 13..4 of clipped/unclipped, rounded.
    pub fn scales(&self) -> HashMap<u64, Decimal> {
        let mut out = HashMap::new();
        for hex in &self.asserted {
            let mut scale = Decimal::new(10, 1);
            for res in [13u8, 12, 11, 10, 9, 8, 7, 6, 5, 4] {
                let res = Resolution::try_from(res).unwrap();
                if let Some(parent) = hex.parent(res) {
                    if let (Some(u), Some(c)) = (self.unclipped.get(&parent), self.clipped.get(&parent)) {
                        scale = scale
                            * (Decimal::new(*c as i64, SCALING_PRECISION) / Decimal::new(*u as i64, SCALING_PRECISION));
                    }
                }
            }
            out.insert(u64::from(*hex), scale.round_dp(SCALING_PRECISION));
        }
        out
    }
}

pub fn density_map(locations: &[u64]) -> HashMap<u64, Decimal> {
    let mut m = GlobalHexMap::new();
    for l in locations {
        m.increment_unclipped(*l);
    }
    m.reduce_global();
    m.scales()
}
