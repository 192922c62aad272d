import { AddressInfo, createServer, Server, Socket } from 'node:net';

export type SmtpBehaviour = 'accept' | 'reject-recipient' | 'hang-up-after-data';

/**
 * Just enough of an SMTP server to see how the transport reports each
 * outcome: accept the message, refuse the recipient (a reply, so certainly
 * not sent), or take the whole message and drop the connection before
 * answering (the one case where nobody knows whether it was delivered).
 */
export class FakeSmtpServer {
  readonly messages: string[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly behaviour: SmtpBehaviour) {
    this.server = createServer((socket) => this.session(socket));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let inData = false;
    socket.write('220 fake.smtp ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        this.messages.push(buffer.slice(0, end));
        buffer = buffer.slice(end + 5);
        inData = false;
        if (this.behaviour === 'hang-up-after-data') socket.destroy();
        else socket.write('250 2.0.0 queued as FAKE1\r\n');
        return;
      }
      let newline: number;
      while ((newline = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, newline).toUpperCase();
        buffer = buffer.slice(newline + 2);
        if (line.startsWith('EHLO')) socket.write('250-fake.smtp\r\n250 8BITMIME\r\n');
        else if (line.startsWith('RCPT') && this.behaviour === 'reject-recipient')
          socket.write('550 5.1.1 no such user\r\n');
        else if (line.startsWith('DATA')) {
          socket.write('354 go ahead\r\n');
          inData = true;
          return;
        } else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  }
}
