// shared/adapters/wiring: memoization for the factories of a container. Every factory in wiring/ is a
// `once(...)`, so a function bundles only the factories its own wiring module calls.

/**
 * Memoizes a factory: the first call builds, later calls reuse. Building nothing until called, it has
 * no side effects, and says so to esbuild: a function's bundle then drops the factories it never calls
 * and what only they import (jose and the stores of other routes, for instance).
 *
 * esbuild (0.28) honours `@__NO_SIDE_EFFECTS__` only for calls in the file that declares the function,
 * so each factory in the other wiring modules also marks its call `/* @__PURE__ *\/`:
 *
 * @example
 * const ownerStore = /* @__PURE__ *\/ once((): OwnerStore => createDynamoDbOwnerStore(onTable()));
 */
/* @__NO_SIDE_EFFECTS__ */
const once = <T>(build: () => T): (() => T) => {
  let built: [T] | undefined;
  return () => (built ??= [build()])[0];
};

export { once };
