export { type JsonSink, jsonPieces, writeJson } from './json-output.js';
export { csvCell, csvCellText, escapeMrkdwn, terminalText } from './neutralise.js';
