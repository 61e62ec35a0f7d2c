// `hexpin hotspot keygen -o <path>`: a new hardware keypair file for a device (Solana's
// keypair format, mode 0600). Offline: needs no cluster and no wallet.
import { Command, Option } from "commander";
import { generateHardwareKeyFile } from "../../client";
import { action } from "../options";
import { printJson } from "../json";

export function hotspotKeygenCommand(): Command {
  return new Command("keygen")
    .description("generate a hotspot hardware keypair file")
    .addOption(new Option("-o, --outfile <path>", "where to write the keypair").env("HEXPIN_HARDWARE_KEYPAIR").makeOptionMandatory())
    .addOption(new Option("--force", "overwrite an existing file").env("HEXPIN_FORCE"))
    .addOption(new Option("--json", "print stable JSON (docs/cli.md)").env("HEXPIN_JSON"))
    .action(
      action(async (o: { outfile: string; force?: boolean; json?: boolean }) => {
        const k = generateHardwareKeyFile(o.outfile, !!o.force);
        if (o.json) return printJson({ hardwareKey: k.hardwareKey, path: k.path });
        console.log(`Wrote hardware keypair ${k.path}`);
        console.log(`  hardware key ${k.hardwareKey.toBase58()}`);
      }),
    );
}
