// Byte offsets of account fields for `getProgramAccounts` memcmp filters, computed from the
// IDL's Borsh layouts: the one place account layouts are written down. When a field is added
// before `owner` (docs/program-interface.md changes the Hotspot layout), the filters follow.
import type { GetProgramAccountsFilter, PublicKey } from "@solana/web3.js";
import { IDL } from "../program";
import { keyToBase58 } from "../reports/keys";

type IdlType = string | { array: [IdlType, number] } | { defined: { name: string } } | { option: IdlType } | { vec: IdlType };
interface IdlField {
  name: string;
  type: IdlType;
}

const PRIMITIVE_SIZES: Record<string, number> = {
  bool: 1, u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, u64: 8, i64: 8, f64: 8, u128: 16, i128: 16, pubkey: 32,
};

function structFields(name: string): IdlField[] {
  const t = (IDL.types ?? []).find((x) => x.name === name);
  if (!t || t.type.kind !== "struct") throw new Error(`the IDL has no struct ${name}`);
  return (t.type.fields ?? []) as unknown as IdlField[];
}

/** The fixed Borsh size of a type; variable-size types (vec, string, option) have none. */
function fixedSize(t: IdlType): number {
  if (typeof t === "string") {
    const s = PRIMITIVE_SIZES[t];
    if (s === undefined) throw new Error(`the IDL type ${t} has no fixed size`);
    return s;
  }
  if ("array" in t) return fixedSize(t.array[0]) * t.array[1];
  if ("defined" in t) return structFields(t.defined.name).reduce((n, f) => n + fixedSize(f.type), 0);
  throw new Error(`the IDL type ${JSON.stringify(t)} has no fixed size`);
}

const DISCRIMINATOR_BYTES = 8;

/** Offset of `field` in account `account`'s data, discriminator included. */
export function accountFieldOffset(account: string, field: string): number {
  let offset = DISCRIMINATOR_BYTES;
  for (const f of structFields(account)) {
    if (f.name === field) return offset;
    offset += fixedSize(f.type);
  }
  throw new Error(`the IDL's ${account} has no field ${field}`);
}

/** The 8-byte Anchor discriminator of an account type, from the IDL. */
export function accountDiscriminator(account: string): Buffer {
  const a = (IDL.accounts ?? []).find((x) => x.name === account);
  if (!a) throw new Error(`the IDL has no account ${account}`);
  return Buffer.from(a.discriminator);
}

/** Filters selecting accounts of one type whose pubkey fields equal the given keys. */
export function accountFilters(account: string, equal: Record<string, PublicKey | undefined> = {}): GetProgramAccountsFilter[] {
  const filters: GetProgramAccountsFilter[] = [{ memcmp: { offset: 0, bytes: keyToBase58(accountDiscriminator(account)) } }];
  for (const [field, key] of Object.entries(equal)) {
    if (key) filters.push({ memcmp: { offset: accountFieldOffset(account, field), bytes: key.toBase58() } });
  }
  return filters;
}
