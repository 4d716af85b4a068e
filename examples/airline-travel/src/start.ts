import { main } from './main.js';

const locale = process.env.KAMKIT_LOCALE === 'zh-CN' ? 'zh-CN' : 'en';
const { text } = await main({ locale });
console.log(text);
