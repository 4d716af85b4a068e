/**
 * Running KAMkit for a team: one owner per embedded folder (a lock file),
 * the runtime every channel starts from, the socket `kamkit serve` shares
 * the store on, and `kamkit serve` itself.
 *
 * @module
 */
export { socketPathFor } from './connect.js';
export {
  type AcquireOwnerLockOptions,
  acquireOwnerLock,
  OWNER_LOCK_FILE,
  type OwnerLock,
  type OwnerRecord,
  processAlive,
  readOwner,
  StoreOwnedError,
} from './owner-lock.js';
export { type BackgroundJob, createKamRuntime, type KamRuntime, type KamRuntimeOptions } from './runtime.js';
export {
  type ChannelDefinition,
  type ChannelService,
  type ChannelStarter,
  DEFAULT_CHANNELS,
  type RunningServe,
  type ServeLogLine,
  type ServeOptions,
  startServe,
} from './serve.js';
export { type HostEmbeddedStoreOptions, hostEmbeddedStore, type StoreHost } from './store-host.js';
export type { SocketEvent } from './store-socket.js';
