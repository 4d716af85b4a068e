// Every public entry point of the SDK and the Slack bot, type-checked as a consumer compiles them.
import {
  type AccountInput,
  createMemoryStore,
  defaultPolicies,
  isKamError,
  runPortfolio,
  type Store,
} from '@kamkit/sdk';
import * as alerts from '@kamkit/sdk/alerts';
import * as cadence from '@kamkit/sdk/cadence';
import * as chat from '@kamkit/sdk/chat';
import { type ImportCommandOptions, registerImportCommand } from '@kamkit/sdk/cli';
import { KamError } from '@kamkit/sdk/errors';
import * as importing from '@kamkit/sdk/import';
import * as reports from '@kamkit/sdk/reports';
import * as review360 from '@kamkit/sdk/review360';
import { scoreColumns } from '@kamkit/sdk/scoring';
import { openStore, pgliteDriver, type SqlDriver } from '@kamkit/sdk/store';
import { assignTiers } from '@kamkit/sdk/tiering';
import { createSlackBot, readSlackBotEnvironment, type SlackBotOptions } from '@kamkit/slack-bot';

const store: Store = createMemoryStore();
const account: AccountInput = { id: 'a', name: 'A', division: 'D', ownerA: 'u' };
const options: Partial<ImportCommandOptions & SlackBotOptions> = { store };
const driver: (db: Parameters<typeof pgliteDriver>[0]) => SqlDriver = pgliteDriver;
const everything: unknown[] = [
  defaultPolicies,
  isKamError,
  runPortfolio,
  registerImportCommand,
  KamError,
  scoreColumns,
  openStore,
  driver,
  assignTiers,
  createSlackBot,
  readSlackBotEnvironment,
  alerts,
  cadence,
  chat,
  importing,
  reports,
  review360,
];
console.log(account.id, Object.keys(options).length, everything.length);
