//! One append-only error enum. Codes start at 6000 as Anchor's do, so Anchor clients
//! decode `custom program error: 0x1770` into these names. Never reorder or reuse a code.

use pinocchio::error::ProgramError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum HexpinError {
    /// 6000
    InvalidInstructionData = 6000,
    /// 6001
    UnknownInstruction = 6001,
    /// 6002
    MissingSigner = 6002,
    /// 6003
    AccountNotWritable = 6003,
    /// 6004
    WrongAccountOwner = 6004,
    /// 6005
    AccountDiscriminatorMismatch = 6005,
    /// 6006
    InvalidPda = 6006,
    /// 6007
    WrongProgram = 6007,
    /// 6008
    Unauthorized = 6008,
    /// 6009
    NetworkMismatch = 6009,
    /// 6010
    InvalidEpochLength = 6010,
    /// 6011
    InvalidEmissionSchedule = 6011,
    /// 6012
    InvalidOracleSet = 6012,
    /// 6013
    InvalidMakerName = 6013,
    /// 6014
    MakerNotApproved = 6014,
    /// 6015
    IssuingKeyMismatch = 6015,
    /// 6016
    HotspotAlreadyOnboarded = 6016,
    /// 6017
    InvalidLocation = 6017,
    /// 6018
    InvalidGain = 6018,
    /// 6019
    InvalidElevation = 6019,
    /// 6020
    Ed25519InstructionMissing = 6020,
    /// 6021
    Ed25519InstructionInvalid = 6021,
    /// 6022
    Ed25519KeyMismatch = 6022,
    /// 6023
    Ed25519MessageMismatch = 6023,
    /// 6024
    EpochNotEnded = 6024,
    /// 6025
    WrongMint = 6025,
    /// 6026
    WrongVault = 6026,
    /// 6027
    WrongFeeRecipient = 6027,
    /// 6028
    ArithmeticOverflow = 6028,
    /// 6029
    AccountAlreadyInitialized = 6029,
    /// 6030
    InvalidDecimals = 6030,
    /// 6031
    WrongSysvar = 6031,
    /// 6032
    NotEnoughAccounts = 6032,
    /// 6033
    InvalidFeeRecipient = 6033,
    /// 6034
    NotAnOracle = 6034,
    /// 6035
    OracleAlreadyVoted = 6035,
    /// 6036
    EpochRootAlreadyActive = 6036,
    /// 6037
    EpochRootSuperseded = 6037,
    /// 6038
    CumulativeExceedsEmitted = 6038,
    /// 6039
    CumulativeDecreased = 6039,
    /// 6040
    NoActiveRoot = 6040,
    /// 6041
    InvalidMerkleProof = 6041,
    /// 6042
    NothingToClaim = 6042,
    /// 6043
    ClaimExceedsCommittedTotal = 6043,
    /// 6044
    WrongTokenAccount = 6044,
    /// 6045
    LocationCooldownActive = 6045,
    /// 6046
    InvalidNewOwner = 6046,
    /// 6047
    NotPendingAuthority = 6047,
    /// 6048
    OnboardingPaused = 6048,
    /// 6049
    ClaimsPaused = 6049,
    /// 6050
    InvalidPauseFlags = 6050,
    /// 6051
    InvalidMaxSupply = 6051,
    /// 6052
    ProofTooLong = 6052,
    /// 6053
    EpochMismatch = 6053,
    /// 6054
    InvalidLocationCooldown = 6054,
}

impl HexpinError {
    /// Every variant in code order; the IDL test walks this to check names and messages.
    pub const ALL: [HexpinError; 55] = [
        Self::InvalidInstructionData,
        Self::UnknownInstruction,
        Self::MissingSigner,
        Self::AccountNotWritable,
        Self::WrongAccountOwner,
        Self::AccountDiscriminatorMismatch,
        Self::InvalidPda,
        Self::WrongProgram,
        Self::Unauthorized,
        Self::NetworkMismatch,
        Self::InvalidEpochLength,
        Self::InvalidEmissionSchedule,
        Self::InvalidOracleSet,
        Self::InvalidMakerName,
        Self::MakerNotApproved,
        Self::IssuingKeyMismatch,
        Self::HotspotAlreadyOnboarded,
        Self::InvalidLocation,
        Self::InvalidGain,
        Self::InvalidElevation,
        Self::Ed25519InstructionMissing,
        Self::Ed25519InstructionInvalid,
        Self::Ed25519KeyMismatch,
        Self::Ed25519MessageMismatch,
        Self::EpochNotEnded,
        Self::WrongMint,
        Self::WrongVault,
        Self::WrongFeeRecipient,
        Self::ArithmeticOverflow,
        Self::AccountAlreadyInitialized,
        Self::InvalidDecimals,
        Self::WrongSysvar,
        Self::NotEnoughAccounts,
        Self::InvalidFeeRecipient,
        Self::NotAnOracle,
        Self::OracleAlreadyVoted,
        Self::EpochRootAlreadyActive,
        Self::EpochRootSuperseded,
        Self::CumulativeExceedsEmitted,
        Self::CumulativeDecreased,
        Self::NoActiveRoot,
        Self::InvalidMerkleProof,
        Self::NothingToClaim,
        Self::ClaimExceedsCommittedTotal,
        Self::WrongTokenAccount,
        Self::LocationCooldownActive,
        Self::InvalidNewOwner,
        Self::NotPendingAuthority,
        Self::OnboardingPaused,
        Self::ClaimsPaused,
        Self::InvalidPauseFlags,
        Self::InvalidMaxSupply,
        Self::ProofTooLong,
        Self::EpochMismatch,
        Self::InvalidLocationCooldown,
    ];

    /// The IDL name (Anchor uses the variant name in camelCase).
    pub const fn name(self) -> &'static str {
        match self {
            Self::InvalidInstructionData => "InvalidInstructionData",
            Self::UnknownInstruction => "UnknownInstruction",
            Self::MissingSigner => "MissingSigner",
            Self::AccountNotWritable => "AccountNotWritable",
            Self::WrongAccountOwner => "WrongAccountOwner",
            Self::AccountDiscriminatorMismatch => "AccountDiscriminatorMismatch",
            Self::InvalidPda => "InvalidPda",
            Self::WrongProgram => "WrongProgram",
            Self::Unauthorized => "Unauthorized",
            Self::NetworkMismatch => "NetworkMismatch",
            Self::InvalidEpochLength => "InvalidEpochLength",
            Self::InvalidEmissionSchedule => "InvalidEmissionSchedule",
            Self::InvalidOracleSet => "InvalidOracleSet",
            Self::InvalidMakerName => "InvalidMakerName",
            Self::MakerNotApproved => "MakerNotApproved",
            Self::IssuingKeyMismatch => "IssuingKeyMismatch",
            Self::HotspotAlreadyOnboarded => "HotspotAlreadyOnboarded",
            Self::InvalidLocation => "InvalidLocation",
            Self::InvalidGain => "InvalidGain",
            Self::InvalidElevation => "InvalidElevation",
            Self::Ed25519InstructionMissing => "Ed25519InstructionMissing",
            Self::Ed25519InstructionInvalid => "Ed25519InstructionInvalid",
            Self::Ed25519KeyMismatch => "Ed25519KeyMismatch",
            Self::Ed25519MessageMismatch => "Ed25519MessageMismatch",
            Self::EpochNotEnded => "EpochNotEnded",
            Self::WrongMint => "WrongMint",
            Self::WrongVault => "WrongVault",
            Self::WrongFeeRecipient => "WrongFeeRecipient",
            Self::ArithmeticOverflow => "ArithmeticOverflow",
            Self::AccountAlreadyInitialized => "AccountAlreadyInitialized",
            Self::InvalidDecimals => "InvalidDecimals",
            Self::WrongSysvar => "WrongSysvar",
            Self::NotEnoughAccounts => "NotEnoughAccounts",
            Self::InvalidFeeRecipient => "InvalidFeeRecipient",
            Self::NotAnOracle => "NotAnOracle",
            Self::OracleAlreadyVoted => "OracleAlreadyVoted",
            Self::EpochRootAlreadyActive => "EpochRootAlreadyActive",
            Self::EpochRootSuperseded => "EpochRootSuperseded",
            Self::CumulativeExceedsEmitted => "CumulativeExceedsEmitted",
            Self::CumulativeDecreased => "CumulativeDecreased",
            Self::NoActiveRoot => "NoActiveRoot",
            Self::InvalidMerkleProof => "InvalidMerkleProof",
            Self::NothingToClaim => "NothingToClaim",
            Self::ClaimExceedsCommittedTotal => "ClaimExceedsCommittedTotal",
            Self::WrongTokenAccount => "WrongTokenAccount",
            Self::LocationCooldownActive => "LocationCooldownActive",
            Self::InvalidNewOwner => "InvalidNewOwner",
            Self::NotPendingAuthority => "NotPendingAuthority",
            Self::OnboardingPaused => "OnboardingPaused",
            Self::ClaimsPaused => "ClaimsPaused",
            Self::InvalidPauseFlags => "InvalidPauseFlags",
            Self::InvalidMaxSupply => "InvalidMaxSupply",
            Self::ProofTooLong => "ProofTooLong",
            Self::EpochMismatch => "EpochMismatch",
            Self::InvalidLocationCooldown => "InvalidLocationCooldown",
        }
    }
}

impl From<HexpinError> for ProgramError {
    fn from(e: HexpinError) -> Self {
        ProgramError::Custom(e as u32)
    }
}

pub type Result<T> = core::result::Result<T, ProgramError>;
