export * from "./errors";
export * from "./regions";
export * from "./entropy";
export * from "./encoding";
export * from "./keys";
export * from "./signing";
export * from "./beacon";
