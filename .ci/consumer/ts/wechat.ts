// The WeChat bot's public types (Wechaty is a peer dependency: its types come from the consumer's copy).
import { type BotConfig, createWechatBot, readBotConfig } from '@kamkit/wechat-bot';

const config: BotConfig = readBotConfig({ WECHATY_PUPPET: 'wechaty-puppet-service' });
console.log(config.puppetName, typeof createWechatBot);
