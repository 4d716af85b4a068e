export { csvCell, csvCellText, escapeMrkdwn, terminalText } from './neutralise.js';
