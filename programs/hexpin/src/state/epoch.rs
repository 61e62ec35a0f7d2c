use super::{AccountState, Pubkey};
use crate::codec::{Reader, Writer};
use crate::constants::MAX_ORACLES;
use crate::error::Result;

/// One candidate root for an epoch and the oracles that voted for it. Votes count only
/// for the identical triple (root, digest, total), so conflicting triples never mix.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct RootProposal {
    /// 32: Merkle root of cumulative rewards per hotspot life.
    pub merkle_root: [u8; 32],
    /// 32: sha256 of the epoch's canonical input bundle.
    pub input_digest: [u8; 32],
    /// 8: sum of every leaf's cumulative amount.
    pub total_cumulative: u64,
    /// 1: votes so far.
    pub votes: u8,
    /// 1: bit i set when oracle i of the epoch's vote config voted for it.
    pub voter_mask: u8,
}

impl RootProposal {
    pub fn same_triple(&self, root: &[u8; 32], digest: &[u8; 32], total: u64) -> bool {
        self.merkle_root == *root && self.input_digest == *digest && self.total_cumulative == total
    }
}

/// One closed emission epoch. PDA `["epoch", network, epoch as u64 LE]`. Created by
/// `advance_epoch`, which mints `emission` into the rewards vault; the oracle set then
/// votes on the Merkle root of cumulative rewards, which activates at quorum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Epoch {
    /// 1: layout version, 0 today.
    pub version: u8,
    /// 1: canonical PDA bump.
    pub bump: u8,
    /// 32: the network.
    pub network: Pubkey,
    /// 8: epoch number, from 0.
    pub epoch: u64,
    /// 8: unix start time (inclusive).
    pub start_ts: i64,
    /// 8: unix end time (exclusive).
    pub end_ts: i64,
    /// 8: reward base units minted for this epoch.
    pub emission: u64,
    /// 8: the network's total emitted after this epoch's mint: the most a root of this
    /// epoch may commit.
    pub emitted_through: u64,
    /// 8: unix time at which the crank closed it.
    pub advanced_at: i64,
    /// 4: the network's oracle config version the votes below were cast under; a vote
    /// under a newer version discards them.
    pub vote_config_version: u32,
    /// 1: bit i set when oracle i of that config has voted on this epoch.
    pub voted_mask: u8,
    /// 1: live entries in `proposals`.
    pub proposal_count: u8,
    /// 8 × 74: distinct proposals (one oracle creates at most one, so 8 suffice).
    pub proposals: [RootProposal; MAX_ORACLES],
    /// 1: whether a proposal reached quorum and became the network's active root.
    pub root_active: bool,
    /// 32: the activated root; zero until then.
    pub merkle_root: [u8; 32],
    /// 32: the activated input digest; zero until then.
    pub input_digest: [u8; 32],
    /// 8: the activated total cumulative amount.
    pub total_cumulative: u64,
    /// 8: unix time of activation; 0 until then.
    pub activated_at: i64,
    // 32 reserved bytes follow.
}

impl AccountState for Epoch {
    const DISCRIMINATOR: [u8; 8] = [93, 83, 120, 89, 151, 138, 152, 108];
    const LEN: usize = 8 + 2 + 32 + 6 * 8 + 4 + 2 + 74 * MAX_ORACLES + 1 + 32 + 32 + 8 + 8 + 32;

    fn decode(r: &mut Reader) -> Result<Self> {
        let version = r.u8()?;
        let bump = r.u8()?;
        let network = r.pubkey()?;
        let epoch = r.u64()?;
        let start_ts = r.i64()?;
        let end_ts = r.i64()?;
        let emission = r.u64()?;
        let emitted_through = r.u64()?;
        let advanced_at = r.i64()?;
        let vote_config_version = r.u32()?;
        let voted_mask = r.u8()?;
        let proposal_count = r.u8()?;
        let mut proposals = [RootProposal::default(); MAX_ORACLES];
        for p in proposals.iter_mut() {
            p.merkle_root = r.array()?;
            p.input_digest = r.array()?;
            p.total_cumulative = r.u64()?;
            p.votes = r.u8()?;
            p.voter_mask = r.u8()?;
        }
        Ok(Self {
            version,
            bump,
            network,
            epoch,
            start_ts,
            end_ts,
            emission,
            emitted_through,
            advanced_at,
            vote_config_version,
            voted_mask,
            proposal_count,
            proposals,
            root_active: r.bool()?,
            merkle_root: r.array()?,
            input_digest: r.array()?,
            total_cumulative: r.u64()?,
            activated_at: r.i64()?,
        })
    }

    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.u8(self.version)?;
        w.u8(self.bump)?;
        w.put(&self.network)?;
        w.u64(self.epoch)?;
        w.i64(self.start_ts)?;
        w.i64(self.end_ts)?;
        w.u64(self.emission)?;
        w.u64(self.emitted_through)?;
        w.i64(self.advanced_at)?;
        w.u32(self.vote_config_version)?;
        w.u8(self.voted_mask)?;
        w.u8(self.proposal_count)?;
        for p in self.proposals.iter() {
            w.put(&p.merkle_root)?;
            w.put(&p.input_digest)?;
            w.u64(p.total_cumulative)?;
            w.u8(p.votes)?;
            w.u8(p.voter_mask)?;
        }
        w.bool(self.root_active)?;
        w.put(&self.merkle_root)?;
        w.put(&self.input_digest)?;
        w.u64(self.total_cumulative)?;
        w.i64(self.activated_at)
    }
}
