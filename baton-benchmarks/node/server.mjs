// The seed's request-id HTTP server, as Node's documentation writes it, for the load comparison.
// node server.mjs [--no-als] [--port N]: with --no-als the same server without AsyncLocalStorage.
import http from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';

const withAls = !process.argv.includes('--no-als');
const portIndex = process.argv.indexOf('--port');
const port = portIndex > 0 ? Number(process.argv[portIndex + 1]) : 0;

const asyncLocalStorage = new AsyncLocalStorage();

function logWithId(msg) {
  const id = withAls ? asyncLocalStorage.getStore() : undefined;
  console.log(`${id !== undefined ? id : '-'}:`, msg);
}

let idSeq = 0;
const server = http.createServer((req, res) => {
  const handle = () => {
    logWithId('start');
    // Imagine any chain of async operations here
    setImmediate(() => {
      logWithId('finish');
      res.end();
    });
  };
  if (withAls) asyncLocalStorage.run(idSeq++, handle); else handle();
});
server.listen(port, '127.0.0.1', () => {
  console.error(`listening on http://127.0.0.1:${server.address().port}/`);
});
