export * from "./received";
export * from "./admit";
