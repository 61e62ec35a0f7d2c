export * from "./poc-state";
export * from "./encoding";
