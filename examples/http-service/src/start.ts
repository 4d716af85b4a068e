import { createKam } from '@kamkit/sdk';
import { seed } from './data.js';
import { main } from './main.js';
import { startService, USER_HEADER } from './service.js';

if (process.argv.includes('--serve')) {
  // Keep serving: an embedded database under .kamkit/, seeded on first start.
  const kam = await createKam({ open: { dataDir: '.kamkit/http-service-db' } });
  await seed(kam, '2026-10');
  const service = await startService({ kam, asOf: '2026-10', port: Number(process.env.PORT ?? 3000) });
  console.log(
    `Listening on ${service.url} — try: curl -H '${USER_HEADER}: u-li' ${service.url}/accounts/acme/status`,
  );
  process.once('SIGINT', () => {
    void service.close().then(() => kam.close());
  });
} else {
  const { text } = await main();
  console.log(text);
}
