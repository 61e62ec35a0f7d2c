export * from "./merkle";
