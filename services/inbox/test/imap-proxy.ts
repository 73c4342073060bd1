// A TCP proxy in front of the IMAP server that can drop every client connection, the way a network failure
// does. Towards the server it stays polite (ends IDLE, logs out): GreenMail keeps a connection closed without
// LOGOUT busy.
import net from 'node:net';

export interface ImapProxy {
  readonly port: number;
  /** Connections the proxy has accepted so far. */
  connections(): number;
  /** Cuts every open client connection; the server side is logged out. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startImapProxy(targetHost: string, targetPort: number): Promise<ImapProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const forget = () => pairs.delete(pair);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.on('close', () => {
      forget();
      upstream.end();
    });
    upstream.on('close', () => {
      forget();
      client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const logOut = (upstream: net.Socket) => {
    upstream.write('DONE\r\nPXY1 LOGOUT\r\n');
    setTimeout(() => upstream.end(), 200).unref();
  };
  return {
    port,
    connections: () => accepted,
    dropAll() {
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        pair.client.removeAllListeners('close');
        pair.upstream.removeAllListeners('close');
        pair.client.destroy();
        logOut(pair.upstream);
      }
    },
    async close() {
      for (const pair of [...pairs]) {
        pair.client.destroy();
        logOut(pair.upstream);
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
