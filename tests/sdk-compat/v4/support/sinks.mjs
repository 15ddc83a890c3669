// Local stand-ins for a mail relay and an SMS gateway, started by the MFA suite on the ports run.sh gave the server.
// The SMTP sink speaks the minimum of RFC 5321 (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no auth).
import net from 'node:net';
import http from 'node:http';

class Inbox {
  #items = [];
  #waiters = [];

  push(item) {
    const index = this.#waiters.findIndex((w) => w.match(item));
    if (index >= 0) {
      const [waiter] = this.#waiters.splice(index, 1);
      clearTimeout(waiter.timer);
      waiter.resolve(item);
    } else {
      this.#items.push(item);
    }
  }

  next(match, timeoutMs = 20000) {
    const index = this.#items.findIndex(match);
    if (index >= 0) return Promise.resolve(this.#items.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve, timer: setTimeout(() => reject(new Error('nothing arrived in time')), timeoutMs) };
      this.#waiters.push(waiter);
    });
  }
}

export function startSmtpSink(port) {
  const inbox = new Inbox();
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let data = null;
    let from = '';
    let to = [];
    const reply = (line) => socket.write(line + '\r\n');
    reply('220 localhost sink ready');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            inbox.push({ from, to, data: data.join('\r\n'), body: data.join('\r\n').split('\r\n\r\n').slice(1).join('\r\n\r\n') });
            data = null;
            reply('250 OK queued');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') { reply('250-localhost'); reply('250 8BITMIME'); }
        else if (verb === 'HELO') reply('250 localhost');
        else if (verb === 'MAIL') { from = /<([^>]*)>/.exec(line)?.[1] ?? ''; to = []; reply('250 OK'); }
        else if (verb === 'RCPT') { to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''); reply('250 OK'); }
        else if (verb === 'DATA') { data = []; reply('354 End data with <CR><LF>.<CR><LF>'); }
        else if (verb === 'QUIT') { reply('221 Bye'); socket.end(); }
        else if (verb === 'RSET' || verb === 'NOOP') reply('250 OK');
        else reply('502 Command not implemented');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({
    next: (address) => inbox.next((m) => m.to.includes(address)),
    close: () => new Promise((r) => server.close(r)),
  })));
}

export function startWebhook(port) {
  const inbox = new Inbox();
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      inbox.push({ body: JSON.parse(body), authorization: request.headers.authorization });
      response.writeHead(202).end();
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({
    next: (to) => inbox.next((m) => m.body.to === to),
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  })));
}

/** The six digits of "123456 is your verification code for …". */
export const bindingCode = (text) => /\b(\d{6})\b/.exec(text)[1];
