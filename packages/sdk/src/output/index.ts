export { csvCell, escapeMrkdwn, terminalText } from './neutralise.js';
