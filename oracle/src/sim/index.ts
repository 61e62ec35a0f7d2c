export * from "./prng";
export * from "./cities";
export * from "./radio";
export * from "./labels";
export * from "./fleet";
export * from "./epoch";
export * from "./detection";
export * from "./signed-bundle";
