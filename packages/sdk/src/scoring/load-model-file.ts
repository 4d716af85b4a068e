import { readConfigFile } from '../config/read-config-file.js';
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
  return loadScoringModel(await readConfigFile(path, { 'zh-CN': '评分模型', en: 'scoring model' }), path);
}
