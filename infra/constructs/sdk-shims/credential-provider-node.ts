// infra/constructs/sdk-shims: what the Lambda bundles take for `@aws-sdk/credential-provider-node` (an esbuild
// alias, infra/constructs/route-function.ts). The SDK clients' default chain tries env, SSO, ini files,
// process, web identity, ECS and IMDS, and bundles the nested SSO and STS clients they call (about 130 KB of
// each bundle, 40 ms of a cold start). On Lambda the runtime puts the role's credentials in the environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first link of that chain: the bundles
// read them there and nowhere else. Local runs and tests import the real chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The chain's entry point as the clients' runtime config calls it, reading the environment only. */
const defaultProvider: typeof fromEnv = (init) => fromEnv(init);

export { defaultProvider };
