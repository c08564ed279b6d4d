// test/helpers: placeholder until the local-runtime global setup lands (owned by the local-runtime work).
export default function setup(): void {}
