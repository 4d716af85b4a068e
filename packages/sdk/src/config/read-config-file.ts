/**
 * Reading a policy or model file (JSON or YAML) for every `load…File`
 * function (scoring, tiering, cadence, alerts, review360); not part of the
 * public API.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { KAM_ERROR_CODES, KamError, type LocalisedText } from '../errors/kam-error.js';

/**
 * Read and parse a JSON (`.json`) or YAML (`.yaml`, `.yml`, anything else) file.
 *
 * @throws KamError `NOT_FOUND` with the file path when it cannot be read,
 *   `INVALID_CONFIG` when it is not valid JSON/YAML.
 */
export async function readConfigFile(path: string, subject: LocalisedText): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new KamError({
      code: KAM_ERROR_CODES.NOT_FOUND,
      path,
      cause,
      message: {
        'zh-CN': `无法读取${subject['zh-CN']}文件 ${path}`,
        en: `Cannot read the ${subject.en} file ${path}`,
      },
    });
  }
  try {
    if (path.toLowerCase().endsWith('.json')) return JSON.parse(text);
    // Loaded on first use: the scoring/tiering/… entries stay free of the YAML parser.
    const { parse: parseYaml } = await import('yaml');
    return parseYaml(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path,
      cause,
      message: {
        'zh-CN': `${subject['zh-CN']}文件 ${path} 不是有效的 JSON/YAML：${reason}`,
        en: `The ${subject.en} file ${path} is not valid JSON/YAML: ${reason}`,
      },
    });
  }
}
