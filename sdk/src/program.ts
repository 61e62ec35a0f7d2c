// The program's interface as Anchor sees it: the IDL and a Borsh coder built from it.
import { BorshCoder, EventParser, type Idl } from "@coral-xyz/anchor";
import idlJson from "../../idl/hexpin.json";
import { HEXPIN_PROGRAM_ID } from "./constants";

export const IDL = idlJson as unknown as Idl;
export const coder = new BorshCoder(IDL);

export interface DecodedEvent {
  name: string;
  data: Record<string, unknown>;
}

/** Anchor events (`Program data:` lines) emitted by hexpin in a transaction's logs. */
export function parseEvents(logs: string[], programId = HEXPIN_PROGRAM_ID): DecodedEvent[] {
  const parser = new EventParser(programId, coder);
  return Array.from(parser.parseLogs(logs)).map((e) => ({ name: e.name, data: e.data as Record<string, unknown> }));
}
