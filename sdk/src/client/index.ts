// The SDK client: cluster connection, keypair files, device helpers, the transaction
// sender and HexpinClient. Layered instructions (../instructions) → transactions → rpc (send).
export * from "./errors";
export * from "./cluster";
export * from "./keypair-file";
export * from "./device";
export * from "./account-layout";
export * from "./compute-budget";
export * from "./send";
export * from "./transactions";
export * from "./client";
export * from "./proof-sources";
export * from "./rewards";
