export * from "./constants";
export * from "./pdas";
export * from "./program";
export * from "./accounts";
export * from "./errors";
export * from "./instructions";
export * from "./merkle";
export * from "./reports";
