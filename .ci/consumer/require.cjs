// CommonJS consumers: @kamkit/sdk is ESM-only; Node ≥ 20.19 / 22.12 loads it with require().
const sdk = require('@kamkit/sdk');
const scoring = require('@kamkit/sdk/scoring');
if (typeof sdk.createMemoryStore !== 'function' || typeof scoring.scoreColumns !== 'function') {
  throw new Error('require(@kamkit/sdk) did not return the SDK');
}
console.log('require(@kamkit/sdk) ok');
