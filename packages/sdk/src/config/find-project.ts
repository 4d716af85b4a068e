/**
 * Project discovery, like git: the project a command belongs to is the
 * nearest folder, from the working directory up to the filesystem root, that
 * holds a `kamkit.config.yaml|yml|json` file or a `.kamkit/` folder. So a
 * command run from a subfolder uses the project's configuration and store
 * instead of creating a new empty database there.
 *
 * @module
 */
import { stat } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from './kamkit-config.js';

/** The folder of the embedded store's data, inside a project: `.kamkit/`. */
export const PROJECT_DATA_FOLDER = '.kamkit';

/** Folders project discovery does not climb into, separated by `:` (like `GIT_CEILING_DIRECTORIES`). */
export const CEILING_DIRECTORIES_ENV = 'KAMKIT_CEILING_DIRECTORIES';

/** The ceilings named by {@link CEILING_DIRECTORIES_ENV} in `env`. */
export function ceilingDirectories(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env[CEILING_DIRECTORIES_ENV] ?? '').split(delimiter).filter((path) => path.trim() !== '');
}

/** Where {@link findProjectRoot} found the project. */
export interface ProjectRoot {
  /** The project's folder (absolute). */
  root: string;
  /** Its configuration file (absolute), when it has one. */
  configFile: string | undefined;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (entry) => entry.isFile(),
    () => false,
  );
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (entry) => entry.isDirectory(),
    () => false,
  );
}

/**
 * The nearest folder at or above `cwd` holding a configuration file or a
 * `.kamkit/` folder; `undefined` when none up to the filesystem root does.
 * In one folder the configuration file is taken in the order
 * `kamkit.config.yaml`, `.yml`, `.json`; a nearer `.kamkit/` without a
 * configuration file wins over a configuration file further up (the nearest
 * project is the one you are in). The walk does not enter a folder of
 * `ceilings` (`KAMKIT_CEILING_DIRECTORIES`, like git's
 * `GIT_CEILING_DIRECTORIES`).
 *
 * @example
 * ```ts
 * // /srv/kam/kamkit.config.yaml exists; the command runs in /srv/kam/imports/2026
 * await findProjectRoot('/srv/kam/imports/2026');
 * // → { root: '/srv/kam', configFile: '/srv/kam/kamkit.config.yaml' }
 * ```
 */
export async function findProjectRoot(
  cwd: string,
  options: { ceilings?: readonly string[] } = {},
): Promise<ProjectRoot | undefined> {
  const ceilings = new Set((options.ceilings ?? []).map((path) => resolve(path)));
  let folder = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(folder, name);
      if (await isFile(file)) return { root: folder, configFile: file };
    }
    if (await isFolder(join(folder, PROJECT_DATA_FOLDER))) return { root: folder, configFile: undefined };
    const parent = dirname(folder);
    if (parent === folder || ceilings.has(parent)) return undefined;
    folder = parent;
  }
}
