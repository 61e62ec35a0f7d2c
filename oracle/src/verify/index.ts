export * from "./config";
export * from "./reasons";
export * from "./geodesy";
export * from "./registry";
export * from "./geometry";
export * from "./selection";
export * from "./verifier";
