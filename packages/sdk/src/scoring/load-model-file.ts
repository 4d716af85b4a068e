import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import { loadScoringModel, type ScoringModel } from './model.js';

/**
 * Read and validate a scoring model from a `.json`, `.yaml` or `.yml` file
 * (any other extension is read as YAML, which also accepts JSON).
 *
 * @param path - the file to read.
 * @throws KamError `NOT_FOUND` when the file cannot be read; `INVALID_CONFIG`
 *   when it is not valid JSON/YAML (with the line) or not a valid model (with
 *   the path of each bad field, see {@link loadScoringModel}).
 *
 * @example
 * ```ts
 * const model = await loadScoringModelFile('config/scoring/value.yaml');
 * ```
 */
export async function loadScoringModelFile(path: string): Promise<ScoringModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new KamError({
      code: KAM_ERROR_CODES.NOT_FOUND,
      path,
      cause,
      message: { 'zh-CN': `无法读取评分模型文件：${path}`, en: `Cannot read scoring model file: ${path}` },
    });
  }
  let raw: unknown;
  try {
    raw = path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_CONFIG,
      path,
      cause,
      message: {
        'zh-CN': `评分模型文件 ${path} 不是有效的 JSON/YAML：${detail}`,
        en: `Scoring model file ${path} is not valid JSON/YAML: ${detail}`,
      },
    });
  }
  return loadScoringModel(raw, path);
}
