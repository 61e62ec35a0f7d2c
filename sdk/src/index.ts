export * from "./merkle";
export * from "./reports";
