import { main } from './main.js';

const { text } = await main();
console.log(text);
