//! Borsh reading and writing over byte slices with bounds checks that return errors.
//! The program never indexes or unwraps: the 0.1.9 relinker mislinks cold panic paths,
//! and a malformed input must be a typed error, not an abort.

use crate::error::{HexpinError, Result};

pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }

    #[inline(always)]
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(HexpinError::InvalidInstructionData)?;
        let out = self.data.get(self.pos..end).ok_or(HexpinError::InvalidInstructionData)?;
        self.pos = end;
        Ok(out)
    }

    #[inline(always)]
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let s = self.bytes(N)?;
        s.try_into().map_err(|_| HexpinError::InvalidInstructionData.into())
    }

    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    pub fn bool(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(HexpinError::InvalidInstructionData.into()),
        }
    }
    pub fn i16(&mut self) -> Result<i16> {
        Ok(i16::from_le_bytes(self.array()?))
    }
    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub fn i32(&mut self) -> Result<i32> {
        Ok(i32::from_le_bytes(self.array()?))
    }
    pub fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub fn i64(&mut self) -> Result<i64> {
        Ok(i64::from_le_bytes(self.array()?))
    }
    pub fn pubkey(&mut self) -> Result<[u8; 32]> {
        self.array()
    }
    /// A Borsh `Vec<T>`/`String` length prefix, refused above `max` before anything is read.
    pub fn len_prefix(&mut self, max: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        if n > max {
            return Err(HexpinError::InvalidInstructionData.into());
        }
        Ok(n)
    }
    /// Instruction data must be consumed exactly: trailing bytes mean a client bug.
    pub fn finish(&self) -> Result<()> {
        if self.pos == self.data.len() {
            Ok(())
        } else {
            Err(HexpinError::InvalidInstructionData.into())
        }
    }
}

pub struct Writer<'a> {
    data: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    pub fn new(data: &'a mut [u8]) -> Self {
        Self { data, pos: 0 }
    }
    pub fn position(&self) -> usize {
        self.pos
    }
    #[inline(always)]
    pub fn put(&mut self, src: &[u8]) -> Result<()> {
        let end = self.pos.checked_add(src.len()).ok_or(HexpinError::ArithmeticOverflow)?;
        let dst = self.data.get_mut(self.pos..end).ok_or(HexpinError::InvalidInstructionData)?;
        dst.copy_from_slice(src);
        self.pos = end;
        Ok(())
    }
    pub fn u8(&mut self, v: u8) -> Result<()> {
        self.put(&[v])
    }
    pub fn bool(&mut self, v: bool) -> Result<()> {
        self.put(&[v as u8])
    }
    pub fn i16(&mut self, v: i16) -> Result<()> {
        self.put(&v.to_le_bytes())
    }
    pub fn u32(&mut self, v: u32) -> Result<()> {
        self.put(&v.to_le_bytes())
    }
    pub fn i32(&mut self, v: i32) -> Result<()> {
        self.put(&v.to_le_bytes())
    }
    pub fn u64(&mut self, v: u64) -> Result<()> {
        self.put(&v.to_le_bytes())
    }
    pub fn i64(&mut self, v: i64) -> Result<()> {
        self.put(&v.to_le_bytes())
    }
    /// A Borsh `String`: u32 length then the bytes.
    pub fn string(&mut self, v: &[u8]) -> Result<()> {
        self.u32(v.len() as u32)?;
        self.put(v)
    }
}
