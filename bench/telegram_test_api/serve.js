// Starts telegram-test-api on a free port of 127.0.0.1 and writes the port to the file named by
// the first argument, for scripts/bench.sh. Ends on SIGTERM.
'use strict';
const fs = require('fs');
const net = require('net');
const TelegramServer = require('telegram-test-api').default || require('telegram-test-api');

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

(async () => {
  const port = await freePort();
  const server = new (TelegramServer.TelegramServer || TelegramServer)({ port, host: '127.0.0.1' });
  await server.start();
  fs.writeFileSync(process.argv[2], String(port));
  process.on('SIGTERM', async () => {
    await server.stop();
    process.exit(0);
  });
})().catch((error) => {
  console.error(`telegram-test-api did not start: ${error.message}`);
  process.exit(1);
});
